"""Where cleaned uploads are kept: outside static/, under random names.

A stored file lives only as long as the row that names it: `store` writes the file and
remembers it on the database session; if that transaction rolls back before a commit is
tried (a refused form, a lost race, the database going away) the file is removed again. If
a commit was sent and failed, the database may still have committed: the file is kept, and
the sweep removes it later if no row names it.
`discard_after_commit` is the other half: an old file goes only once its replacement is
committed. `sweep` catches anything left behind by a crash between the two. All file access
goes through this module, so another store (an object store) can be put behind it later.
"""

import os
import time
import uuid
from collections.abc import Collection
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from participation.extensions import db
from participation.problems import Refused

PENDING = "uploads_pending"  # written in this transaction: removed unless it commits
DOOMED = "uploads_doomed"  # replaced or deleted: removed once this transaction commits
COMMITTING = "uploads_committing"  # COMMIT sent: a failure now may still have committed


def _root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def store(data: bytes, extension: str) -> str:
    """Write bytes under a random name outside static/; returns the storage key. The file is
    removed again unless the current database transaction commits."""
    key = f"{uuid.uuid4().hex}.{extension}"
    folder = _root() / key[:2]
    tmp = folder / f".{key}.tmp"
    session = db.session()
    # Begin the transaction now (and find out the database is down before writing), so the
    # file is tied to the transaction that will hold its row.
    session.connection()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, folder / key)  # atomic: a reader never sees half a file
    except OSError as error:
        # A full disk or a failing volume: leave no half-written file, and never let the
        # person think it was kept.
        tmp.unlink(missing_ok=True)
        current_app.logger.error("could not store an upload: %s", error)
        raise Refused(
            _(
                "That wasn't saved. Please try again in a minute. "
                "If it keeps happening, tell your worker."
            ),
            503,
        ) from error
    session.info.setdefault(PENDING, set()).add(folder / key)
    return key


def discard_after_commit(key: str) -> None:
    """Remove this stored file once the current transaction commits (never before: if it
    rolls back, the row still names the file)."""
    db.session().info.setdefault(DOOMED, set()).add(path_for(key))


def path_for(key: str) -> Path:
    if "/" in key or "\\" in key or key.startswith("."):
        raise ValueError("bad storage key")
    return _root() / key[:2] / key


def remove(key: str) -> None:
    path_for(key).unlink(missing_ok=True)


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
    cutoff = time.time() - grace.total_seconds()
    stored = [
        path
        for path in sorted(_root().glob("*/*"))
        if len(path.parent.name) == 2 and path.is_file()
    ]
    old = [path for path in stored if path.stat().st_mtime < cutoff]
    # Listed first, then checked against the rows: a file committed meanwhile is kept.
    referenced = referenced_keys()
    doomed = [p for p in old if p.name.endswith(".tmp") or p.name not in referenced]
    if not dry_run and not force:
        _refuse_if_too_many(stored, doomed, referenced)
    for path in doomed if not dry_run else ():
        path.unlink(missing_ok=True)
    return [str(path.relative_to(_root())) for path in doomed]


def _refuse_if_too_many(stored: list[Path], doomed: list[Path], referenced: set[str]) -> None:
    """Children's drawings and members' photos cannot be got back: run against an empty or
    the wrong database, the sweep would take them all, so it stops and asks instead."""
    files = [p for p in stored if not p.name.endswith(".tmp")]  # half-written: always safe
    unnamed = [p for p in doomed if not p.name.endswith(".tmp")]
    if files and not referenced:
        raise SweepRefused(
            f"Nothing removed: no record names any of the {len(files)} stored files. "
            "Check this is the right database and upload folder; "
            "run again with --force only if you are sure."
        )
    if len(unnamed) > SWEEP_MOST * len(files):
        raise SweepRefused(
            f"Nothing removed: {len(unnamed)} of {len(files)} stored files would go, more "
            f"than {SWEEP_MOST:.0%}. Check this is the right database and upload folder "
            "(--dry-run lists them); run again with --force only if you are sure."
        )


def _unlink(paths: Collection[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


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
