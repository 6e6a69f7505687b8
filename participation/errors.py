"""Plain-language error pages: never a bare stack trace or a blank 500."""

import errno

from flask import Flask, jsonify, make_response, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from participation.caserecord.problems import is_api_request, problem_response
from participation.extensions import db
from participation.htmx import render
from participation.problems import Refused

# The disk (or the person's quota) is full, or the volume has gone read-only: nothing can be
# written until someone frees space, so the person is told it was not saved.
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


# PostgreSQL SQLSTATEs meaning "cannot reach the database just now": class 08 (connection),
# class 53 (out of resources), and admin shutdown / crash shutdown / cannot connect now.
_UNREACHABLE_CLASSES = ("08", "53")
_UNREACHABLE_STATES = {"57P01", "57P02", "57P03"}
# SQLite's words for "busy or cannot be opened"; anything else from SQLite is a bug.
_SQLITE_UNREACHABLE = ("database is locked", "disk i/o error", "unable to open database")


def database_unreachable(error: DBAPIError) -> bool:
    """Only an unreachable or busy database earns "try again in a minute"."""
    if error.connection_invalidated:
        return True
    orig = error.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state:
        return state[:2] in _UNREACHABLE_CLASSES or state in _UNREACHABLE_STATES
    text = str(orig).lower()
    return any(words in text for words in _SQLITE_UNREACHABLE)


def _server_error() -> str:
    """Only a page that was being read may say the saved work is safe: a failed send may
    not have been kept, and the person must not think it was."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return _("Sorry, something went wrong on our side. Your saved work is safe.")
    return _(
        "Sorry, something went wrong on our side, and that may not have been saved. "
        "Please try again in a minute. If it keeps happening, tell your worker."
    )


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def problem(message: str, status: int, *, generic: bool = False):
    """A JSON body for the canvas script, otherwise the error page (or fragment for htmx).
    The case-record API always answers problem details; `generic` gives it its own words."""
    if is_api_request():
        return problem_response(status, None if generic else message)
    if wants_json():
        return jsonify(error=message), status
    return render("error.html", "_error.html", status, message=message)


def unavailable():
    """The database is down or the disk is full: say plainly whether anything was kept.
    The transaction has failed, so nothing from this request was saved."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.remove()  # the connection itself is gone; the pool replaces it
    if request.method in ("GET", "HEAD", "OPTIONS"):
        message = _(
            "We can't open this just now. Please try again in a minute. "
            "If it keeps happening, tell your worker."
        )
    else:
        message = _(
            "That wasn't saved. Please try again in a minute. "
            "If it keeps happening, tell your worker."
        )
    response = make_response(problem(message, 503, generic=True))
    response.headers["Retry-After"] = "60"
    return response


def init_app(app: Flask) -> None:
    messages = {
        400: lambda: _("Something in that request was not right. Please go back and try again."),
        403: lambda: _("You don't have permission to see this."),
        404: lambda: _("We couldn't find that page. It may have been removed, or it isn't yours."),
        405: lambda: _("That action isn't possible here."),
        409: lambda: _("That can't be changed now, because other records depend on it."),
        413: lambda: _("That file is too big to send."),
        429: lambda: _("Too many tries. Please wait a minute and try again."),
        500: _server_error,
    }

    @app.errorhandler(Refused)
    def _refused(error: Refused):
        return problem(error.message, error.status)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return problem(
            _("This page was open too long or the form was changed. Please try again."), 400
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = error.code or 500
        text = messages.get(code)
        return problem(text() if text else error.description or "", code, generic=True)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_down(error: DBAPIError):
        if isinstance(error, InterfaceError) or database_unreachable(error):
            app.logger.error("database unavailable: %s", error, exc_info=error)
            return unavailable()
        # A real bug (no such table, a malformed file, a deadlock, a timeout) must not be
        # hidden behind "try again in a minute": it goes the normal 500 way, traceback kept.
        if app.testing or app.debug:
            raise error
        app.logger.exception("unhandled database error")
        return problem(messages[500](), 500, generic=True)

    @app.errorhandler(OSError)
    def _os_error(error: OSError):
        if error.errno in DISK_FULL:
            app.logger.error("disk full or read-only: %s", error)
            return unavailable()
        if app.testing or app.debug:
            raise error
        app.logger.exception("unhandled error")
        return problem(messages[500](), 500, generic=True)

    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    @app.errorhandler(RedisConnectionError)
    @app.errorhandler(RedisTimeoutError)
    def _redis_down(error: Exception):
        # Sessions or shared rate limits unreachable (saving a sign-in, counting a try):
        # nothing from this request can be trusted to have been kept, so say so plainly.
        app.logger.error("redis unavailable: %s", error)
        return unavailable()

    if app.testing or app.debug:
        return  # let tests and the debugger see the real exception

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return problem(messages[500](), 500, generic=True)
