"""Long lists are shown a page at a time, with plain "Older" / "Newer" links (no JavaScript),
so a page's cost follows the page size, not the size of the council."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from flask import current_app, request, url_for
from sqlalchemy import Select, and_, or_

from participation.extensions import db

T = TypeVar("T")


def page_size() -> int:
    """The rows one page shows (LIST_PAGE_SIZE)."""
    return max(1, int(current_app.config.get("LIST_PAGE_SIZE", 50)))


def queue_page_size() -> int:
    """The review queue's rows per page: QUEUE_PAGE_SIZE, never more than LIST_PAGE_SIZE."""
    return min(page_size(), max(1, int(current_app.config.get("QUEUE_PAGE_SIZE", 25))))


@dataclass
class Page(Generic[T]):
    """One page of a list, and the query arguments of the links to its neighbours."""

    items: list[T]
    older: dict[str, str] | None = None  # args for the "Older" link, None on the last page
    newer: dict[str, str] | None = None  # args for the "Newer" link, None on the first page
    total: int | None = None  # the whole list's length, where counting it is cheap
    rows: int | None = None  # rows shown, where items group them (else len(items))

    @property
    def shown(self) -> int:
        return len(self.items) if self.rows is None else self.rows

    @property
    def older_url(self) -> str | None:
        return _here(self.older) if self.older is not None else None

    @property
    def newer_url(self) -> str | None:
        return _here(self.newer) if self.newer is not None else None


def _here(args: dict[str, str]) -> str:
    """This same page (same view, same path) with other paging arguments."""
    values: dict[str, Any] = {**(request.view_args or {}), **args}
    return url_for(request.endpoint or "", **values)


def page_number() -> int:
    """?page=N (from 1); anything else, or nothing, is page one."""
    raw = request.args.get("page", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 1_000_000 else 1


def offset_page(stmt: Select, total: int | None = None, number: int | None = None) -> Page:
    """Page `number` of `stmt` (already ordered) by offset: for orders keyset can't follow."""
    size = page_size()
    number = number or page_number()
    rows = list(db.session.scalars(stmt.limit(size + 1).offset((number - 1) * size)))
    if not rows and number > 1:  # past the end (an old link, a typed number): page one
        return offset_page(stmt, total, 1)
    return Page(
        rows[:size],
        older={"page": str(number + 1)} if len(rows) > size else None,
        newer=({"page": str(number - 1)} if number > 2 else {}) if number > 1 else None,
        total=total,
    )


def _cursor(value: datetime | date, row_id: int) -> str:
    return f"{value.isoformat()}_{row_id}"


def _parse(raw: str, kind: type[datetime] | type[date]) -> tuple[Any, int] | None:
    """A cursor from the address, or None when it is missing or not one of ours."""
    value, _sep, row_id = raw.rpartition("_")
    if not value or not row_id.isdigit():
        return None
    try:
        parsed = kind.fromisoformat(value)
    except ValueError:
        return None
    return parsed, int(row_id)


def keyset_page(stmt: Select, at_col, id_col, total: int | None = None) -> Page:
    """A newest-first page of `stmt` (unordered) by (at_col, id_col): ?before= for older rows,
    ?after= for newer ones; a missing or unreadable cursor gives page one. Each page costs the
    same however deep it is."""
    size = page_size()
    kind: type[datetime] | type[date] = (
        datetime if "DateTime" in type(at_col.type).__name__ else date
    )
    before = _parse(request.args.get("before", ""), kind)
    after = None if before else _parse(request.args.get("after", ""), kind)
    if after:
        at, row_id = after
        stmt = stmt.where(or_(at_col > at, and_(at_col == at, id_col > row_id)))
        rows = list(db.session.scalars(stmt.order_by(at_col, id_col).limit(size + 1)))
        more_newer, more_older = len(rows) > size, True
        rows = list(reversed(rows[:size]))
    else:
        if before:
            at, row_id = before
            stmt = stmt.where(or_(at_col < at, and_(at_col == at, id_col < row_id)))
        rows = list(db.session.scalars(stmt.order_by(at_col.desc(), id_col.desc()).limit(size + 1)))
        more_older, more_newer = len(rows) > size, before is not None
        rows = rows[:size]

    def key(row) -> str:
        return _cursor(getattr(row, at_col.key), getattr(row, id_col.key))

    return Page(
        rows,
        older={"before": key(rows[-1])} if rows and more_older else None,
        newer=({"after": key(rows[0])} if rows else {}) if more_newer else None,
        total=total,
    )
