"""Plain-language error pages: never a bare stack trace or a blank 500."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from participation.problems import Refused


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def problem(message: str, status: int):
    """A JSON body for the canvas script, otherwise the error page (or fragment for htmx)."""
    if wants_json():
        return jsonify(error=message), status
    template = "_error.html" if request.headers.get("HX-Request") == "true" else "error.html"
    return render_template(template, message=message, status=status), status


def init_app(app: Flask) -> None:
    messages = {
        400: lambda: _("Something in that request was not right. Please go back and try again."),
        403: lambda: _("You don't have permission to see this."),
        404: lambda: _("We couldn't find that page. It may have been removed, or it isn't yours."),
        405: lambda: _("That action isn't possible here."),
        409: lambda: _("That can't be changed now, because other records depend on it."),
        413: lambda: _("That file is too big to send."),
        429: lambda: _("Too many tries. Please wait a minute and try again."),
        500: lambda: _("Sorry, something went wrong on our side. Your saved work is safe."),
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
        return problem(text() if text else error.description or "", code)

    if app.testing or app.debug:
        return  # let tests and the debugger see the real exception

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return problem(messages[500](), 500)
