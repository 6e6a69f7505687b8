"""Server-side sessions (Flask-Session): the cookie holds only a random id, never a secret."""

import copy
import time
from datetime import timedelta
from pathlib import Path

import click
from cachelib.file import FileSystemCache
from flask import Flask, current_app, g, request
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from flask_session.cachelib import CacheLibSessionInterface
from flask_session.redis import RedisSessionInterface

from participation.db_types import utcnow


def storage_lifetime(session: ServerSideSession, permanent_lifetime: timedelta) -> timedelta:
    """How long the store keeps this session. Only a signed-in member's or young person's
    (lasting) session is kept for the whole cookie lifetime; a session with nobody signed in
    is kept briefly, so thousands of passers-by (each page's CSRF token makes a session)
    never push a grandparent's sign-in out of a full store."""
    from participation.identity.services import SESSION_KEY, current_row

    config = current_app.config
    row = current_row() if SESSION_KEY in session else None
    if row is None:
        return config["ANONYMOUS_SESSION_STORAGE"]
    if not session.permanent:
        return config["BROWSER_SESSION_STORAGE"]
    return min(permanent_lifetime, max(row.expires_at - utcnow(), timedelta(seconds=1)))


class _StoredForAsLongAsNeeded(ServerSideSessionInterface):
    """Mixed into Flask-Session's interfaces: each session gets its own storage lifetime, and
    is written back only when what it holds changed."""

    def open_session(self, app, request):
        session = super().open_session(app, request)
        if session is not None and session:
            # What the store holds, to compare at the end of the request (small: ids, a
            # token, a language).
            session._as_opened = copy.deepcopy(dict(session))
        return session

    def should_set_storage(self, app, session) -> bool:
        """Marked changed but holding the same (a secret taken that was already gone, a
        value set to what it was): not written again, one store write fewer per request."""
        if session.modified and getattr(session, "_as_opened", None) == dict(session):
            return False
        return super().should_set_storage(app, session)

    def _upsert_session(self, session_lifetime, session, store_id) -> None:
        super()._upsert_session(storage_lifetime(session, session_lifetime), session, store_id)


class RedisSessions(_StoredForAsLongAsNeeded, RedisSessionInterface):
    def open_session(self, app, request):
        """With Redis unreachable nobody's sign-in can be read: an empty, unsaved session
        lets the "try again in a minute" page render (see _store_down) instead of a bare 500
        from an error page that itself needed the session."""
        import redis

        try:
            return super().open_session(app, request)
        except redis.RedisError as error:
            app.logger.error("session store unavailable: %s", error)
            g.session_store_down = True
            return self.make_null_session(app)

    def save_session(self, app, session, response) -> None:
        """A session that can't be kept (a sign-in, a form's token) must not be answered
        with a page that says it worked: the answer becomes the plain "not saved" page."""
        import redis

        try:
            super().save_session(app, session, response)
        except redis.RedisError as error:
            from participation.errors import unavailable

            app.logger.error("session store unavailable: %s", error)
            instead = unavailable()
            response.status_code = instead.status_code
            response.set_data(instead.get_data())
            response.headers.clear()
            response.headers.extend(instead.headers)


class FileSessions(_StoredForAsLongAsNeeded, CacheLibSessionInterface):
    def sweep(self, now: float | None = None) -> int:
        """Remove expired session files (nothing else removes them: no threshold, so no
        eviction). Returns how many were removed."""
        cache: FileSystemCache = self.cache
        before = sum(1 for _ in cache._list_dir())
        # cachelib's own expiry check (pinned in pyproject.toml); files it can't read stay.
        cache._remove_expired(time.time() if now is None else now)
        return before - sum(1 for _ in cache._list_dir())


def _check_lifetimes(app: Flask) -> None:
    """The cookie must outlive the member's sign-in, or a grandparent is signed out early."""
    if app.config["PERMANENT_SESSION_LIFETIME"] < app.config["MEMBER_SESSION_TTL"]:
        raise RuntimeError(
            "PERMANENT_SESSION_LIFETIME is shorter than MEMBER_SESSION_TTL, so network members "
            "and young people would be signed out before their sign-in ends. Make "
            "PERMANENT_SESSION_LIFETIME at least as long as MEMBER_SESSION_TTL."
        )


def init_app(app: Flask) -> None:
    """Redis when SESSION_REDIS_URL (REDIS_URL) is set, so every server and worker shares the
    sessions; otherwise files in the instance folder, enough for one server."""
    _check_lifetimes(app)
    common = {
        "key_prefix": app.config["SESSION_KEY_PREFIX"],
        "permanent": app.config["SESSION_PERMANENT"],
    }
    url = app.config.get("SESSION_REDIS_URL")
    if url:
        import redis

        app.config["SESSION_TYPE"] = "redis"
        app.config["SESSION_REDIS"] = redis.Redis.from_url(url)
        # Redis should run with maxmemory-policy volatile-ttl: when full, the sessions
        # nearest their end (nobody signed in, 2 hours) go first, not a member's.
        app.session_interface = RedisSessions(app, client=app.config["SESSION_REDIS"], **common)
    else:
        directory = app.config.get("SESSION_DIR") or str(Path(app.instance_path) / "sessions")
        app.config["SESSION_TYPE"] = "cachelib"
        # Owner-only files: the session data is people's sign-in state. No threshold: a full
        # store must never evict a signed-in person; `flask sessions sweep` removes expired.
        app.config["SESSION_CACHELIB"] = FileSystemCache(directory, threshold=0, mode=0o600)
        app.session_interface = FileSessions(app, client=app.config["SESSION_CACHELIB"], **common)
        if app.config["ENVIRONMENT"] == "production" and not app.testing:
            app.logger.warning(
                "sessions are kept in files on this server; set REDIS_URL when running several"
            )
    app.cli.add_command(sessions)

    def _store_down():
        # Safety: with sessions unreadable, nobody is signed in as far as this request can
        # tell; answering anything (a form, a "signed out" page) would be untrue, so every
        # request gets the plain "try again" page, before any other check runs.
        if g.get("session_store_down"):
            from participation.errors import unavailable

            return unavailable()
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, _store_down)

    @app.before_request
    def _note_last_seen():
        from participation.identity.services import touch

        if request.endpoint != "static":
            touch()


@click.group(help="Signed-in sessions.")
def sessions():
    pass


@sessions.command(
    "sweep", help="Remove expired session files and old ended sessions' rows (run daily)."
)
def sessions_sweep():
    from participation.extensions import db
    from participation.identity.services import delete_old_rows

    interface = current_app.session_interface
    files = interface.sweep() if isinstance(interface, FileSessions) else 0
    rows = delete_old_rows(current_app.config["ENDED_SESSION_ROWS_KEPT"])
    db.session.commit()
    click.echo(f"Removed {files} expired session file(s) and {rows} old session row(s).")
