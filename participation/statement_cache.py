"""Keep PostgreSQL's prepared statements from one request to the next.

psycopg prepares a statement the server has seen a few times, so it is planned once per
connection instead of on every request; but it forgets every prepared statement on ROLLBACK,
and a request that only read ends its transaction with a rollback. The signed-in session's
lookup alone took 2 ms to plan and 0.2 ms to run. So a request that wrote nothing, and
answered without an error, ends with COMMIT instead: for a transaction that changed nothing
the two are the same, and the plans stay.
"""

import logging
from contextlib import suppress
from typing import Any

from flask import Flask, Response, g
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import CompoundSelect, Select

from participation.atomic import commit_keeping_loaded
from participation.extensions import db

log = logging.getLogger(__name__)

_WROTE = "participation.wrote"  # on the connection: this transaction sent anything but a read
_FLUSHED = "participation.flushed"  # on the session: this transaction flushed
_ANSWERED_OK = "participation_answered_ok"


def _is_plain_read(statement: str, context: Any) -> bool:
    compiled = getattr(context, "compiled", None)
    return (
        compiled is not None
        and isinstance(compiled.statement, Select | CompoundSelect)
        and statement.lstrip()[:6].upper() == "SELECT"
    )


@event.listens_for(Engine, "begin")
def _transaction_began(connection: Connection) -> None:
    connection.info[_WROTE] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement, parameters, context, executemany) -> None:
    # Anything that is not a SELECT built by SQLAlchemy (a text() statement, a savepoint, a
    # SELECT of a function) counts as a write: a false "wrote" only costs a replan.
    if not _is_plain_read(statement, context):
        connection.info[_WROTE] = True


@event.listens_for(db.session, "after_flush")
def _flushed(session, flush_context) -> None:
    session.info[_FLUSHED] = True


@event.listens_for(db.session, "after_transaction_end")
def _ended(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_FLUSHED, None)


def _only_read() -> bool:
    """Whether this request's open transaction changed nothing and holds nothing unsaved: no
    flush, no statement but reads, no changed objects, no job or file waiting on a commit."""
    session = db.session()
    if not session.in_transaction() or session.in_nested_transaction():
        return False
    if session.info.get(_FLUSHED) or session.new or session.dirty or session.deleted:
        return False
    # Jobs and files that wait on this transaction's commit (jobs/queue.py, uploads.py):
    # committing would start them for something the request never meant to save.
    if any(key != _FLUSHED and value for key, value in session.info.items()):
        return False
    connection = session.connection()
    return connection.dialect.name == "postgresql" and not connection.info.get(_WROTE, True)


def init_app(app: Flask) -> None:
    """Registered after Flask-SQLAlchemy, so it runs before the session is removed."""

    @app.after_request
    def _note_answer(response: Response) -> Response:
        # Only an answer that is not an error: a refused or failed request keeps its rollback.
        setattr(g, _ANSWERED_OK, response.status_code < 400)
        return response

    @app.teardown_appcontext
    def _end_reads_with_commit(error: BaseException | None) -> None:
        if error is not None or not g.pop(_ANSWERED_OK, False):
            return
        try:
            if _only_read():
                # Removed straight after: expiring every object it loaded is wasted work.
                commit_keeping_loaded()
        except Exception:  # noqa: BLE001  (a failed COMMIT of nothing: the session is removed next)
            log.warning("ending a read-only request with COMMIT failed", exc_info=True)
            # Guarded too: if this raised, Flask would skip the teardown that hands the
            # connection back, and the next request on this worker would find it still held.
            with suppress(Exception):
                db.session.rollback()
