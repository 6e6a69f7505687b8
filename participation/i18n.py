"""Locale selection and text direction for every page."""

from datetime import datetime

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_time, get_locale

from participation.activities.tools import tool_name
from participation.extensions import babel


def select_locale() -> str:
    """Explicit choice, then saved preference, then the browser's languages."""
    supported = babel_supported()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # CLI, background work
    chosen = request.args.get("lang")
    if chosen in supported:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in supported:
        return session["lang"]
    saved = getattr(g, "preferred_language", None)
    if saved in supported:
        return saved
    return request.accept_languages.best_match(supported) or "en"


def babel_supported() -> list[str]:
    from flask import current_app

    return current_app.config["LANGUAGES"]


def text_direction() -> str:
    return "rtl" if Locale.parse(str(get_locale())).text_direction == "rtl" else "ltr"


def language_name(code: str) -> str:
    """A language in its own name, so a parent who reads only that language can find it."""
    try:
        return Locale.parse(code).get_display_name(code).capitalize()
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
    )

    @app.context_processor
    def _i18n_context():
        return {
            "html_lang": str(get_locale()),
            "html_dir": text_direction(),
            "language_name": language_name,
            "languages": app.config["LANGUAGES"],
        }
