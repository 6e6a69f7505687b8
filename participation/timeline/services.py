"""The timeline's queries: every source scoped to the worker asking, each page a fixed number
of statements (one per source, and one per relationship shown) however long the story is."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from participation.activities.models import Activity, Status
from participation.auth.models import Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.journal.services import visible_entries_stmt
from participation.network.models import Family, SharedItem
from participation.paging import Page, page_size
from participation.review.models import Review
from participation.scales.models import ScaleAnswer

# The three columns the page puts side by side.
CHILD_SAID, NETWORK_RECORDED, WORKER_DID = "child-said", "network-recorded", "worker-did"


@dataclass(frozen=True)
class Event:
    """One thing on the timeline: which column it sits in, what it is, and when."""

    side: str
    kind: str
    at: datetime
    id: int
    thing: Any


@dataclass(frozen=True)
class Cursor:
    """Where a page ends, (time, kind, id) of its last event, as the "Older" link carries it."""

    at: datetime
    kind: str
    id: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}~{self.kind}~{self.id}"

    @classmethod
    def parse(cls, raw: str) -> "Cursor | None":
        """None for a missing or unreadable cursor (the page is then the newest)."""
        parts = raw.split("~")
        if len(parts) != 3 or parts[1] not in SOURCES or not parts[2].isdigit():
            return None
        try:
            return cls(datetime.fromisoformat(parts[0]), parts[1], int(parts[2]))
        except ValueError:
            return None

    def older(self, at_col, id_col, kind: str):
        """Rows of `kind` after this cursor in the newest-first (at, kind, id) order."""
        if kind != self.kind:
            return at_col <= self.at if kind < self.kind else at_col < self.at
        return or_(at_col < self.at, and_(at_col == self.at, id_col < self.id))


@dataclass(frozen=True)
class Scope:
    """Whose timeline: the children's ids and their families' ids, as subqueries already
    limited to what the worker may see."""

    children: Any
    families: Any


def _activities(scope: Scope) -> Select:
    return select(Activity).where(
        Activity.child_id.in_(scope.children), Activity.status == Status.SUBMITTED
    )


def _scales(scope: Scope) -> Select:
    # A scale asked inside an activity is part of that activity; these are the others.
    return select(ScaleAnswer).where(
        ScaleAnswer.child_id.in_(scope.children), ScaleAnswer.activity_id.is_(None)
    )


def _journal(scope: Scope) -> Select:
    return select(JournalEntry).where(JournalEntry.family_id.in_(scope.families))


def _replies(scope: Scope) -> Select:
    return (
        select(Review)
        .join(Activity, Review.activity_id == Activity.id)
        .where(Activity.child_id.in_(scope.children), Review.replied_at.is_not(None))
    )


def _reviewed(scope: Scope) -> Select:
    return (
        select(Review)
        .join(Activity, Review.activity_id == Activity.id)
        .where(Activity.child_id.in_(scope.children), Review.reviewed_at.is_not(None))
    )


def _journal_replies(scope: Scope) -> Select:
    return select(JournalEntry).where(
        JournalEntry.family_id.in_(scope.families), JournalEntry.replied_at.is_not(None)
    )


def _shares(scope: Scope) -> Select:
    return (
        select(SharedItem)
        .join(Activity, SharedItem.activity_id == Activity.id)
        .where(Activity.child_id.in_(scope.children))
    )


@dataclass(frozen=True)
class Source:
    side: str
    rows: Callable[[Scope], Select]  # the scoped rows, without what each event shows
    at: Any  # the column the event is dated by
    id: Any
    entity: Any


# Kinds sort by name within one moment. A page reads the (time, kind, id) of every source's
# newest rows in one statement, then loads only the events it shows (not up to a page of
# every kind, most of them thrown away).
SOURCES: dict[str, Source] = {
    "activity": Source(CHILD_SAID, _activities, Activity.submitted_at, Activity.id, Activity),
    "scale": Source(CHILD_SAID, _scales, ScaleAnswer.created_at, ScaleAnswer.id, ScaleAnswer),
    "journal": Source(
        NETWORK_RECORDED, _journal, JournalEntry.created_at, JournalEntry.id, JournalEntry
    ),
    "reply": Source(WORKER_DID, _replies, Review.replied_at, Review.id, Review),
    "reviewed": Source(WORKER_DID, _reviewed, Review.reviewed_at, Review.id, Review),
    "journal_reply": Source(
        WORKER_DID, _journal_replies, JournalEntry.replied_at, JournalEntry.id, JournalEntry
    ),
    "share": Source(WORKER_DID, _shares, SharedItem.shared_at, SharedItem.id, SharedItem),
}

# What the page shows of each kind of row, loaded with it: each row's one child, member,
# activity or author joined into its own statement (a lookup by key apiece), the lists
# (an activity's houses, an entry's rules) in one more statement each. A reply and a review
# are the same row (as are an entry and the reply to it), loaded once.
_SHOWS: dict[Any, tuple] = {
    Activity: (
        joinedload(Activity.child, innerjoin=True),
        selectinload(Activity.areas),
        # The worker's analysis shows beside the child's words it is about.
        selectinload(Activity.review).joinedload(Review.analysis_by),  # type: ignore[attr-defined]
    ),
    ScaleAnswer: (joinedload(ScaleAnswer.child, innerjoin=True),),
    JournalEntry: (
        joinedload(JournalEntry.member, innerjoin=True),
        joinedload(JournalEntry.replied_by),
        selectinload(JournalEntry.rules),
    ),
    Review: (
        joinedload(Review.activity, innerjoin=True).joinedload(Activity.child, innerjoin=True),
        joinedload(Review.replied_by),
        joinedload(Review.reviewed_by),
    ),
    SharedItem: (
        joinedload(SharedItem.activity, innerjoin=True).joinedload(Activity.child, innerjoin=True),
        joinedload(SharedItem.member),
    ),
}


def child_scope(child: Child) -> Scope:
    """A child's timeline: their own work, and their family's journal (about them too)."""
    return Scope(
        children=select(Child.id).where(Child.id == child.id).scalar_subquery(),
        families=select(Child.family_id)
        .where(Child.id == child.id, Child.family_id.is_not(None))
        .scalar_subquery(),
    )


def family_scope(family: Family, worker: Worker) -> Scope:
    """A family's timeline. Only the children of the family the worker may see: a brother
    allocated to another team's worker keeps his words to that worker (privacy)."""
    children = (
        visible_children_stmt(worker)
        .with_only_columns(Child.id)
        .where(Child.family_id == family.id)
        .scalar_subquery()
    )
    return Scope(children=children, families=select(Family.id).where(Family.id == family.id))


def timeline(scope: Scope, worker: Worker, before: str = "") -> Page[Event]:
    """One newest-first page of the merged timeline, paged by keyset so a deep page costs
    what the first does. Journal entries are narrowed once more to the families the worker
    may see (the scope's families already are, this keeps it so if a scope is misbuilt)."""
    size = page_size()
    cursor = Cursor.parse(before)
    visible_entries = visible_entries_stmt(worker).with_only_columns(JournalEntry.id)
    parts = []
    for kind, source in SOURCES.items():
        stmt = source.rows(scope).where(source.at.is_not(None))
        if source.rows in (_journal, _journal_replies):
            stmt = stmt.where(JournalEntry.id.in_(visible_entries.scalar_subquery()))
        if cursor:
            stmt = stmt.where(cursor.older(source.at, source.id, kind))
        parts.append(
            stmt.with_only_columns(
                source.at.label("at"), literal(kind).label("kind"), source.id.label("id")
            )
            .order_by(source.at.desc(), source.id.desc())
            .limit(size + 1)
        )
    union = union_all(*(select(part.subquery()) for part in parts))
    keys = sorted(db.session.execute(union).tuples(), reverse=True)
    more = len(keys) > size
    keys = keys[:size]
    loaded = _load(keys)
    # A row deleted between the two reads (a retention run) is left out, not a failure.
    events = [
        Event(SOURCES[kind].side, kind, at, key, loaded[kind][key])
        for at, kind, key in keys
        if key in loaded[kind]
    ]
    last = keys[-1] if keys else None
    return Page(
        events,
        older={"before": str(Cursor(*last))} if more and last else None,
        newer={} if cursor else None,
    )


def _load(keys: list[tuple[datetime, str, int]]) -> dict[str, dict[int, Any]]:
    """The page's events by kind and id, each kind of row in one statement with what it
    shows. The ids come from the scoped statement above, in this request."""
    wanted: dict[Any, set[int]] = {}
    for _at, kind, key in keys:
        wanted.setdefault(SOURCES[kind].entity, set()).add(key)
    rows: dict[Any, dict[int, Any]] = {}
    for entity, ids in wanted.items():
        stmt = select(entity).where(entity.id.in_(sorted(ids))).options(*_SHOWS[entity])
        rows[entity] = {row.id: row for row in db.session.scalars(stmt).unique()}
    return {kind: rows.get(source.entity, {}) for kind, source in SOURCES.items()}


def children_of(family: Family, worker: Worker) -> list[Child]:
    """The family's children the worker may see (the page names whose timeline it is)."""
    stmt = visible_children_stmt(worker).where(Child.family_id == family.id).order_by(Child.name)
    return list(db.session.scalars(stmt))
