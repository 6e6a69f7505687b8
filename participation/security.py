"""Security headers, staff idle timeout and cache rules applied to every response."""

from datetime import UTC, datetime

from flask import Flask, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user

from participation.auth.sso import provider_origins
from participation.extensions import talisman
from participation.people import unauthorised
from participation.problems import Refused

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}

# Strict CSP: scripts and styles only from our own origin; no inline anything.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _policy(app: Flask) -> dict:
    """The CSP, with the council's sign-in provider as a place a form may lead: signing out
    (a form) then carries on to the provider's own sign-out, which Chromium checks against
    form-action after the redirect."""
    policy = dict(CSP)
    if origins := provider_origins(app.config):
        policy["form-action"] = ["'self'", *origins]
    return policy


def _refuse_per_process_limits(app: Flask) -> None:
    """With memory:// each gunicorn worker and server counts guesses alone ("10 a minute"
    lets 10 through per worker), so production needs Redis or an explicit, logged choice."""
    if not app.config.get("ALLOW_PER_PROCESS_LIMITS"):
        raise RuntimeError(
            "Rate limits would be counted separately by each server process, so password "
            "and code guessing limits would not hold. Set REDIS_URL to a Redis server shared "
            "by every process, or set PARTICIPATION_ALLOW_PER_PROCESS_LIMITS=1 if this really "
            "runs as one single process."
        )
    app.logger.warning(
        "RATE LIMITS ARE PER PROCESS: each server process counts sign-in and code guesses on "
        "its own (PARTICIPATION_ALLOW_PER_PROCESS_LIMITS is set). Set REDIS_URL to share them."
    )


def init_app(app: Flask) -> None:
    production = app.config["ENVIRONMENT"] == "production" and not app.testing
    if production and app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        _refuse_per_process_limits(app)
    talisman.init_app(
        app,
        force_https=production,
        strict_transport_security=production,
        strict_transport_security_max_age=31536000,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        content_security_policy=_policy(app),
        frame_options="DENY",
        referrer_policy="same-origin",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "(self)"},
    )

    @app.before_request
    def _staff_idle_timeout():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = datetime.now(UTC).timestamp()
        last = session.get("staff_seen")
        since = session.setdefault("staff_since", now)
        idle = app.config["STAFF_IDLE_TIMEOUT"].total_seconds()
        too_long = now - since > app.config["STAFF_MAX_SESSION"].total_seconds()
        if (last is not None and now - last > idle) or too_long:
            # A worker's device left open must not keep showing children's records; the
            # session row ends too, so a copy of the cookie is no use afterwards.
            from participation.identity.services import sign_out

            sign_out()
            flash(_("You were signed out because you had not used the app for a while."))
            return unauthorised()
        # Written at most once a minute (STAFF_SEEN_EVERY): writing marks the session
        # changed, so it would be stored again on every staff request. Safeguarding: the
        # idle limit then counts from up to a minute before the last request, so a device
        # left open signs out a little early, never late. The cookie itself is a
        # browser-session one: closing the browser ends it; the server enforces the limits.
        if last is None or now - last >= app.config["STAFF_SEEN_EVERY"].total_seconds():
            session["staff_seen"] = now
        return None

    @app.before_request
    def _refuse_nul_characters():
        # A NUL can't be stored as text (PostgreSQL refuses it) and is never typed by a
        # person; words are kept verbatim, so it is refused plainly rather than removed.
        if (
            request.method == "POST"
            and request.mimetype in FORM_TYPES
            and any("\x00" in value for value in request.form.values())
        ):
            raise Refused(
                _(
                    "Some of that text has a hidden character that can't be saved. "
                    "Please type it again."
                ),
                422,
            )

    @app.after_request
    def _cache_and_vary(response):
        response.vary.add("HX-Request")
        response.vary.add("HX-Boosted")  # render() answers a boosted request with the whole page
        if request.endpoint != "static":
            # Shared tablets: the back button must not show a child's words after sign-out.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
