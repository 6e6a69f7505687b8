"""One Procrastinate app for the whole product, and the two calls features use: @job, enqueue.

On PostgreSQL the queue is Procrastinate's own tables, written in the caller's transaction
and run by `flask jobs worker` processes. On the embedded SQLite default the queue is
Procrastinate's in-memory connector run by a thread in the app process; a job is handed to
it only once the transaction commits, and each feature re-arms its unfinished work at start
(`on_start`), since nothing in memory survives a restart.
"""

import contextlib
import functools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import procrastinate
from flask import Flask, current_app, has_app_context
from procrastinate import RetryStrategy, exceptions
from procrastinate.testing import InMemoryConnector
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from participation.extensions import db

QUEUES = ("alerts", "outward", "pdf")

# The queue app exists before any Flask app, because tasks register on it at import time.
queue_app = procrastinate.App(connector=InMemoryConnector())

# Back-off that outlasts a provider's bad afternoon: 2 s, 4 s ... about 9 hours in all.
DEFAULT_RETRY = RetryStrategy(max_attempts=15, exponential_wait=2)

_flask_app: Flask | None = None
_starters: list[Callable[[], None]] = []
_PENDING = "participation.jobs.pending"


def init_app(app: Flask) -> None:
    """Point the queue at this app's database and choose who runs the jobs (JOBS_RUN)."""
    global _flask_app
    _flask_app = app
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    mode = app.config.get("JOBS_RUN")
    if not mode:
        if app.testing:
            mode = "manual"
        elif uri.startswith("postgresql"):
            mode = "worker"
        else:
            mode = "in-process"
    app.config["JOBS_RUN"] = mode
    if mode == "in-process" and app.config["ENVIRONMENT"] == "production":
        # Each gunicorn process would run its own in-memory queue and re-send what it finds
        # unfinished at start: production needs PostgreSQL and `flask jobs worker`.
        raise RuntimeError(
            "Production needs the job queue on PostgreSQL (DATABASE_URL) with "
            "`flask --app wsgi jobs worker` running; the in-process queue is for development."
        )
    if uri.startswith("postgresql"):
        conninfo = make_url(uri).set(drivername="postgresql").render_as_string(False)
        app.config["JOBS_DATABASE"] = "postgresql"
        _use(procrastinate.PsycopgConnector(conninfo=conninfo))
    else:
        app.config["JOBS_DATABASE"] = "memory"
        # A fresh queue per app: jobs left by an earlier app (another test) never run here.
        _use(InMemoryConnector())


def _use(connector: Any) -> None:
    queue_app.connector = connector
    queue_app.job_manager.connector = connector


def memory_queue() -> InMemoryConnector | None:
    """The in-memory queue, when jobs run in this process (SQLite), else None."""
    connector = queue_app.connector
    return connector if isinstance(connector, InMemoryConnector) else None


def flask_app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _flask_app is None:
        raise RuntimeError("participation.jobs used before create_app()")
    return _flask_app


def job(queue: str, retry: RetryStrategy | bool | None = None, **options: Any):
    """A background task: it runs in its own app context and database session, and must be
    safe to run twice (a retry, or a worker that died after doing the work)."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue}")

    def decorate(func: Callable[..., None]) -> procrastinate.tasks.Task:
        @functools.wraps(func)
        def run(**kwargs: Any) -> None:
            with flask_app().app_context():
                func(**kwargs)

        return queue_app.task(
            name=f"{func.__module__}.{func.__name__}",
            queue=queue,
            retry=DEFAULT_RETRY if retry is None else retry,
            **options,
        )(run)

    return decorate


def on_start(func: Callable[[], None]) -> Callable[[], None]:
    """Register work to re-enqueue when an in-memory queue starts (nothing of it survived)."""
    _starters.append(func)
    return func


def starters() -> list[Callable[[], None]]:
    return list(_starters)


def enqueue(
    task: procrastinate.tasks.Task,
    *,
    schedule_in: timedelta | None = None,
    queueing_lock: str | None = None,
    **kwargs: Any,
) -> None:
    """Add a job as part of the current transaction: it exists if and only if that commits."""
    options: dict[str, Any] = {}
    if schedule_in is not None:
        options["schedule_at"] = datetime.now(UTC) + schedule_in
    if queueing_lock is not None:
        options["queueing_lock"] = queueing_lock
    if flask_app().config["JOBS_DATABASE"] == "postgresql":
        _defer_in_transaction(task, options, kwargs)
    else:
        db.session().info.setdefault(_PENDING, []).append((task, options, kwargs))


_sync_jobs = procrastinate.manager.JobManager(procrastinate.SyncPsycopgConnector())


def _defer_in_transaction(task, options: dict[str, Any], kwargs: dict[str, Any]) -> None:
    # A savepoint, so a job that is already waiting under the same queueing lock leaves
    # the person's save untouched.
    savepoint = db.session.begin_nested()
    connection = db.session.connection().connection.driver_connection
    try:
        # Through a plain synchronous connector: inside a running worker (a job enqueueing
        # the next, e.g. an alert's escalation) the app's connector is async and can't use
        # this synchronous connection.
        job = task.configure(**options).make_new_job(**kwargs)
        _sync_jobs.defer_job(job, connection=connection)
    except exceptions.AlreadyEnqueued:
        savepoint.rollback()
    else:
        savepoint.commit()


def defer_now(task, options: dict[str, Any], kwargs: dict[str, Any]) -> None:
    """Hand a job to the in-memory queue (after its transaction committed)."""
    from participation.jobs.threads import off_loop

    with contextlib.suppress(exceptions.AlreadyEnqueued):
        off_loop(task.configure(**options).defer, **kwargs)


@event.listens_for(db.session, "after_commit")
def _committed(session: Session) -> None:
    if session.in_nested_transaction():
        return
    for task, options, kwargs in session.info.pop(_PENDING, ()):
        defer_now(task, options, kwargs)


@event.listens_for(db.session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    if transaction.parent is None:
        # Rolled back (or already handed over): a job for something never saved must not run.
        session.info.pop(_PENDING, None)
