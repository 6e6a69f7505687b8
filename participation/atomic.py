"""Writes that stay single when two requests arrive at once, on PostgreSQL and SQLite alike,
and commits that keep what the request has read."""

from typing import Any, cast

from sqlalchemy import CursorResult, Executable, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from participation.extensions import Base, db


def insert_once(model: type[Base], **values: Any) -> bool:
    """Insert a row unless one with the same unique key is already there (or lands at the
    same moment): INSERT .. ON CONFLICT DO NOTHING. True if this call made the row."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Every model here maps one Table; DeclarativeBase types __table__ as any FromClause.
    table = cast(Table, model.__table__)
    # RETURNING the key, not rowcount: the ORM's insert reports a row on PostgreSQL even
    # when the conflict made none.
    statement = (
        insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key)
    )
    return db.session.execute(statement).first() is not None


def rows_changed(statement: Executable) -> int:
    """How many rows an UPDATE or DELETE changed: a conditional write's proof that it won
    (execute is typed as returning a Result; these return a CursorResult, with rowcount)."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


def lock(obj: Any) -> None:
    """Hold this row until the transaction ends, so a check-then-write on it happens one
    request at a time, and reload it as it is now. PostgreSQL: SELECT .. FOR UPDATE.
    SQLite has one writer at a time: a no-op UPDATE takes the database's write lock."""
    db.session.flush()
    table = type(obj).__table__
    if db.session.get_bind().dialect.name == "postgresql":
        # Only this row: a refresh FOR UPDATE would reuse the query's eager joins (a child
        # session's activity comes with its child), and PostgreSQL refuses FOR UPDATE there.
        db.session.execute(select(table.c.id).where(table.c.id == obj.id).with_for_update())
        db.session.refresh(obj)
        return
    # Every column set to itself, so no onupdate timestamp moves: nothing really changes.
    unchanged = {c.name: c for c in table.c if c.onupdate is not None or c.primary_key}
    db.session.execute(update(table).where(table.c.id == obj.id).values(unchanged))
    db.session.refresh(obj)


def commit_keeping_loaded() -> None:
    """Commit without expiring what the request has loaded: a page that committed its audit
    row (and read receipt) then renders without reading the worker, the child and what it
    shows again (each expired by a plain commit, one statement apiece), and nothing it shows
    was changed by it: it was read moments ago, in this request."""
    session = db.session()
    kept = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = kept
