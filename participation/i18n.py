"""Locale selection and text direction for every page."""

from datetime import UTC, date, datetime
from functools import lru_cache

import flask_babel
from babel import Locale, UnknownLocaleError
from babel.dates import DateTimePattern, parse_pattern
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import (
    format_number,
    format_time,
    get_locale,
    get_timezone,
    get_translations,
)
from markupsafe import Markup, escape

from participation import languages
from participation.activities.tools import tool_name
from participation.extensions import babel, db
from participation.translation.services import translation_of


def select_locale() -> str:
    """This page's ?lang=, then this browser's choice, then the saved preference, then the
    browser's languages."""
    supported = babel_supported()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # CLI, background work
    chosen = request.args.get("lang")
    if chosen in supported:
        # This one page only: a GET never changes stored state, so a link someone sends
        # can't switch a person's screens. Choices are kept only by POST /language.
        return chosen
    if session.get("lang") in supported:
        return session["lang"]
    saved = saved_preference()
    if saved in supported:
        return saved
    return request.accept_languages.best_match(supported) or "en"


def saved_preference() -> str | None:
    """The language on the signed-in person's own record, whoever they are."""
    from participation.identity.services import who_is_asking

    # The locale is chosen lazily, at the first translated string, which may fall in the
    # middle of building a row: looking the person up must never flush half-made rows.
    with db.session.no_autoflush:
        identity = who_is_asking()
    if identity is not None:
        return identity.language
    return g.get("invited_language")


def speak_the_language_of(invited_language: str | None) -> None:
    """An invitation page, before anyone is signed in, uses the invited person's language."""
    g.invited_language = invited_language


def babel_supported() -> list[str]:
    return current_app.config["LANGUAGES"]


def text_direction() -> str:
    return "rtl" if Locale.parse(str(get_locale())).text_direction == "rtl" else "ltr"


# Punjabi is written in two scripts; our "pa" catalogue is Gurmukhi, so its name says so
# ("ਪੰਜਾਬੀ (ਗੁਰਮੁਖੀ)", "Punjabi (Gurmukhi)"). Shahmukhi is not an interface language (see
# docs/languages.md): Shahmukhi readers can pick Urdu, and what they write goes to an interpreter.
NAMED_WITH_SCRIPT = {"pa": "pa_Guru"}


@lru_cache(maxsize=512)
def language_name(code: str) -> str:
    """A language in its own name, so a parent who reads only that language can find it."""
    try:
        name = Locale.parse(NAMED_WITH_SCRIPT.get(code, code)).get_display_name(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name.capitalize() if name else code


def language_label(code: str, locale: str | None = None) -> str:
    """A language named in the reader's language ("Polish" to an English reader)."""
    return _language_in(code, locale or str(get_locale()))


@lru_cache(maxsize=4096)
def _language_in(code: str, reader: str) -> str:
    """Kept once worked out: Babel parses both locales each time, and a review queue names a
    language on every row."""
    try:
        shown = Locale.parse(NAMED_WITH_SCRIPT.get(code, code))
        return shown.get_display_name(reader) or code
    except (UnknownLocaleError, ValueError, TypeError):
        # A language people write in that Babel has no locale for (Dari, Tigre): named
        # from the reader's list of language names, or ours, never an error page.
        return _named_without_locale(code, reader)


def _named_without_locale(code: str, reader: str) -> str:
    """The reader's own name for a language Babel has no locale data for."""
    try:
        named = Locale.parse(reader).languages.get(code)
    except (UnknownLocaleError, ValueError, TypeError):
        named = None
    return named or languages.label(code)


def ltr(value: object) -> Markup:
    """A phone number, code, time or case reference kept left-to-right inside right-to-left
    text, so "0800 1111" never reads "1111 0800" on an Arabic, Urdu or Pashto page."""
    # Escaped here, then marked safe: the isolate goes into a translated sentence as its
    # placeholder, where Jinja keeps Markup as it is and escapes everything else.
    return Markup('<bdi dir="ltr">%s</bdi>') % escape(value)


def isolated(value: object) -> Markup:
    """A date with a month name: kept apart from the sentence around it, but read in its own
    direction ("1 ديسمبر 2026" right-to-left, "1 Dec 2026" left-to-right)."""
    return Markup("<bdi>%s</bdi>") % escape(value)


def spoken(text: object) -> str:
    """What the read-aloud button says: plain words, never the markup of an isolate."""
    # escape() keeps markup as it is and escapes plain words; striptags then drops the tags
    # and turns every entity back into the character it stands for.
    return escape(text).striptags()


def _kept_for_locale(name: str, compute):
    """What `compute` gives for this request, kept on g while its locale stays the same.
    Kept only once Flask-Babel has its own state for the request; force_locale swaps the
    locale object, so a forced language never reuses another's."""
    ctx = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None)
    kept = g.get(name)
    if kept is not None and locale is not None and kept[0] is locale:
        return kept[1]
    found = compute()
    ctx = g.get("_flask_babel")
    if ctx is not None and getattr(ctx, "babel_locale", None) is not None:
        setattr(g, name, (ctx.babel_locale, found))
    return found


def _translations():
    """Flask-Babel's translations for this request: a page of 500 children says "born" 500
    times, and each lookup walked four layers."""
    return _kept_for_locale("_i18n_translations", get_translations)


# Flask-Babel's own formatters look the locale and time zone up through its contexts on
# every call (about 20 of their 27 microseconds); a list of 50 rows dates each row twice.
_NAMED_FORMATS = (None, "short", "medium", "long", "full")


@lru_cache(maxsize=256)
def _pattern(format: str) -> DateTimePattern:
    return parse_pattern(format)


def _locale_and_zone():
    """This request's locale and time zone."""
    return _kept_for_locale("_i18n_locale_zone", lambda: (get_locale(), get_timezone()))


def format_datetime(value=None, format=None, rebase=True) -> str:
    """Flask-Babel's format_datetime, with the pattern and the locale kept."""
    if format in _NAMED_FORMATS or not rebase or not isinstance(value, datetime):
        return flask_babel.format_datetime(value, format, rebase)
    locale, zone = _locale_and_zone()
    # As Babel: a time without a zone is UTC; shown in the reader's zone.
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return _pattern(format).apply(moment.astimezone(zone), locale)


def format_date(value=None, format=None, rebase=True) -> str:
    """Flask-Babel's format_date, with the pattern and the locale kept (a date only: a
    datetime is first moved to the reader's zone, which Flask-Babel does)."""
    if format in _NAMED_FORMATS or isinstance(value, datetime) or not isinstance(value, date):
        return flask_babel.format_date(value, format, rebase)
    return _pattern(format).apply(value, _locale_and_zone()[0])


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(
        format_date=format_date,
        format_datetime=format_datetime,
        format_number=format_number,  # "1,134" in the reader's own way
        format_time=format_time,
        parse_iso=datetime.fromisoformat,
        tool_name=tool_name,
        translation_of=translation_of,
        language_name=language_name,
        language_label=language_label,
        ltr=ltr,
        isolated=isolated,
    )
    app.jinja_env.filters.update(ltr=ltr, isolated=isolated, spoken=spoken)

    @app.context_processor
    def _i18n_context():
        return {
            "html_lang": str(get_locale()),
            "html_dir": text_direction(),
            "languages": app.config["LANGUAGES"],
        }
