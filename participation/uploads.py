"""Where cleaned uploads are kept: outside static/, under random names.

A stored file lives only as long as the row that names it: `store` writes the file and
remembers it on the database session; if that transaction rolls back before a commit is
tried (a refused form, a lost race, the database going away) the file is removed again. If
a commit was sent and failed, the database may still have committed: the file is kept, and
the sweep removes it later if no row names it.
`discard_after_commit` is the other half: an old file goes only once its replacement is
committed. `sweep` catches anything left behind by a crash between the two. All file access
goes through this module and participation/storage (a local folder or an S3-compatible store).
"""

import time
import uuid
from collections.abc import Collection
from datetime import timedelta
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from participation.extensions import db
from participation.problems import Refused
from participation.storage import StoreFailed, current_store

PENDING = "uploads_pending"  # written in this transaction: removed unless it commits
DOOMED = "uploads_doomed"  # replaced or deleted: removed once this transaction commits
COMMITTING = "uploads_committing"  # COMMIT sent: a failure now may still have committed


def _name(key: str) -> str:
    """The stored object's name: keys come from rows, so refuse anything that could reach
    outside the uploads (another folder, another object)."""
    if "/" in key or "\\" in key or key.startswith(".") or len(key) < 3:
        raise ValueError("bad storage key")
    return f"{key[:2]}/{key}"


def store(data: bytes, extension: str) -> str:
    """Write bytes under a random name outside static/; returns the storage key. The file is
    removed again unless the current database transaction commits."""
    key = f"{uuid.uuid4().hex}.{extension}"
    session = db.session()
    # Begin the transaction now (and find out the database is down before writing), so the
    # file is tied to the transaction that will hold its row.
    session.connection()
    try:
        current_store().put(_name(key), data)
    except StoreFailed as error:
        # A full disk, a failing volume or an unreachable object store: nothing is left
        # under the name, and the person is never told it was kept. Raising here also means
        # no row naming the missing file is ever committed.
        current_app.logger.error("could not store an upload: %s", error)
        raise Refused(
            _(
                "That wasn't saved. Please try again in a minute. "
                "If it keeps happening, tell your worker."
            ),
            503,
        ) from error
    session.info.setdefault(PENDING, set()).add(key)
    return key


def discard_after_commit(key: str) -> None:
    """Remove this stored file once the current transaction commits (never before: if it
    rolls back, the row still names the file)."""
    _name(key)
    db.session().info.setdefault(DOOMED, set()).add(key)


def read(key: str) -> bytes:
    """A stored file's bytes (FileNotFoundError if it is gone). Callers check permission
    and audit the read first."""
    return current_store().read(_name(key))


def open_stored(key: str) -> tuple[BinaryIO, int]:
    """A stored file as a stream and its size in bytes, for serving it."""
    return current_store().open(_name(key))


def exists(key: str) -> bool:
    return current_store().exists(_name(key))


def remove(key: str) -> None:
    current_store().delete(_name(key))


def referenced_keys() -> set[str]:
    """Every storage key a row names: any table's `storage_key` column, so a new kind of
    upload is protected from the sweep without anyone remembering to list it."""
    keys: set[str] = set()
    for table in db.metadata.sorted_tables:
        if "storage_key" in table.c:
            keys.update(db.session.scalars(select(table.c.storage_key).distinct()))
    return keys


# More than this share of the stored files unnamed looks like the wrong database, not orphans.
SWEEP_MOST = 0.10


class SweepRefused(Exception):
    """The sweep would remove so much that it is more likely pointed at the wrong database."""


def sweep(grace: timedelta, dry_run: bool = False, force: bool = False) -> list[str]:
    """Remove files no row names, and half-written `.tmp` files, once older than `grace`;
    a younger file may belong to an upload whose transaction has not committed yet."""
    cutoff = _now() - grace.total_seconds()
    files = current_store()
    # Only names laid out as uploads ("ab/<key>"): anything else in a shared bucket or
    # folder is not ours to judge.
    stored = [
        item
        for item in files.list()
        if len(item.name.split("/")) == 2 and len(item.name.split("/")[0]) == 2
    ]
    old = [item for item in stored if item.modified < cutoff]
    # Listed first, then checked against the rows: a file committed meanwhile is kept.
    referenced = referenced_keys()
    doomed = [i.name for i in old if _half(i.name) or i.name.split("/")[1] not in referenced]
    if not dry_run and not force:
        _refuse_if_too_many([i.name for i in stored], doomed, referenced, files.describe())
    for name in doomed if not dry_run else ():
        files.delete(name)
    return doomed


def _now() -> float:
    return time.time()


def _half(name: str) -> bool:
    return name.endswith(".tmp")


def _refuse_if_too_many(
    stored: list[str], doomed: list[str], referenced: set[str], where: str
) -> None:
    """Children's drawings and members' photos cannot be got back: run against an empty or
    the wrong database, the sweep would take them all, so it stops and asks instead."""
    files = [n for n in stored if not _half(n)]  # half-written: always safe
    unnamed = [n for n in doomed if not _half(n)]
    if files and not referenced:
        raise SweepRefused(
            f"Nothing removed: no record names any of the {len(files)} stored files. "
            f"Check this is the right database and {where}; "
            "run again with --force only if you are sure."
        )
    if len(unnamed) > SWEEP_MOST * len(files):
        raise SweepRefused(
            f"Nothing removed: {len(unnamed)} of {len(files)} stored files would go, more "
            f"than {SWEEP_MOST:.0%}. Check this is the right database and {where} "
            "(--dry-run lists them); run again with --force only if you are sure."
        )


def _unlink(keys: Collection[str]) -> None:
    """Best effort: the rows are already settled, so a store that fails now only leaves a
    file for the sweep; it must not turn a committed save into an error."""
    for key in keys:
        try:
            remove(key)
        except Exception as error:  # noqa: BLE001  (any store error: the sweep catches it)
            current_app.logger.warning("could not remove a stored file yet: %s", error)


@event.listens_for(db.session, "before_commit")
def _committing(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # a refused row fails here, while its files can still safely go
    # From here the database may commit even if we never hear back (the connection drops
    # during COMMIT): the row might name these files, so they are no longer ours to delete.
    session.info[COMMITTING] = True


@event.listens_for(db.session, "after_commit")
def _committed(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the outer transaction may still roll back
    session.info.pop(PENDING, None)
    _unlink(session.info.pop(DOOMED, ()))


@event.listens_for(db.session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    pending = session.info.pop(PENDING, ())
    session.info.pop(DOOMED, None)
    if session.info.pop(COMMITTING, False):
        if pending:
            # The commit's outcome is unknown: keep the files. The sweep removes them after
            # its grace period if no row turns out to name them.
            current_app.logger.warning(
                "a commit failed after it was sent; %d upload(s) left for the sweep",
                len(pending),
            )
        return
    # Rolled back before any commit was tried (a refused form, an error, or the session
    # closed at the end of the request): its files have no row, so they go.
    _unlink(pending)
