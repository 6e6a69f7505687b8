"""Locale selection and text direction for every page."""

from datetime import datetime

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_time, get_locale

from participation.activities.tools import tool_name
from participation.extensions import babel, db
from participation.translation.services import translation_of


def select_locale() -> str:
    """Explicit choice, then saved preference, then the browser's languages."""
    supported = babel_supported()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # CLI, background work
    chosen = request.args.get("lang")
    if chosen in supported:
        # Kept for this browser session only: on a worker's tablet, showing a child the
        # screens in Polish must not change the worker's own saved language.
        session["lang"] = chosen
        return chosen
    if session.get("lang") in supported:
        return session["lang"]
    saved = saved_preference()
    if saved in supported:
        return saved
    return request.accept_languages.best_match(supported) or "en"


def saved_preference() -> str | None:
    """The language on the signed-in person's own record, whoever they are."""
    from flask_login import current_user

    from participation.codes.services import current_child_session
    from participation.network.services import current_member
    from participation.pathway.services import current_young_person

    # The locale is chosen lazily, at the first translated string, which may fall in the
    # middle of building a row: looking the person up must never flush half-made rows.
    with db.session.no_autoflush:
        if current_user.is_authenticated:
            return current_user.preferred_language
        child_session = current_child_session()
        if child_session is not None:
            return child_session.activity.child.preferred_language
        member = current_member()
        if member is not None:
            return member.language
        person = current_young_person()
        if person is not None:
            return person.preferred_language
    return g.get("invited_language")


def speak_the_language_of(invited_language: str | None) -> None:
    """An invitation page, before anyone is signed in, uses the invited person's language."""
    g.invited_language = invited_language


def babel_supported() -> list[str]:
    return current_app.config["LANGUAGES"]


def text_direction() -> str:
    return "rtl" if Locale.parse(str(get_locale())).text_direction == "rtl" else "ltr"


def language_name(code: str) -> str:
    """A language in its own name, so a parent who reads only that language can find it."""
    try:
        return Locale.parse(code).get_display_name(code).capitalize()
    except (ValueError, TypeError):
        return code


def language_label(code: str, locale: str | None = None) -> str:
    """A language named in the reader's language ("Polish" to an English reader)."""
    try:
        return Locale.parse(code).get_display_name(locale or str(get_locale())) or code
    except (ValueError, TypeError):
        return code


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        format_date=format_date,
        format_datetime=format_datetime,
        format_time=format_time,
        parse_iso=datetime.fromisoformat,
        tool_name=tool_name,
        translation_of=translation_of,
        language_name=language_name,
        language_label=language_label,
    )

    @app.before_request
    def _remember_choice():
        """A network member or young person choosing a language on their own phone saves it.
        Staff only when they tick the box: on a shared tablet a worker may switch the screens
        for a child."""
        from flask_login import current_user

        chosen = request.args.get("lang")
        if request.method != "GET" or chosen not in babel_supported():
            return
        from participation.network.services import current_member
        from participation.pathway.services import current_young_person

        if current_user.is_authenticated:
            if request.args.get("remember") == "1":
                current_user.preferred_language = chosen
                db.session.commit()
        elif (member := current_member()) is not None and member.language != chosen:
            member.language = chosen
            db.session.commit()
        elif (person := current_young_person()) is not None and person.preferred_language != chosen:
            person.preferred_language = chosen
            db.session.commit()

    @app.context_processor
    def _i18n_context():
        return {
            "html_lang": str(get_locale()),
            "html_dir": text_direction(),
            "languages": app.config["LANGUAGES"],
        }
