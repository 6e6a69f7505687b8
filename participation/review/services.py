"""The worker's review queue, analysis and replies, scoped to the children they may see."""

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from flask import g
from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from participation.activities.models import Activity, Drawing, Status
from participation.activities.services import visible_activities_stmt
from participation.activities.tools import TOOLS
from participation.alerts.models import WorryAlert
from participation.alerts.services import visible_alerts_stmt
from participation.atomic import insert_once
from participation.audit.services import record
from participation.auth.models import Worker
from participation.caserecord.models import RecordEntry
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.db_types import utcnow
from participation.extensions import db
from participation.journal.models import JournalEntry, JournalRead
from participation.journal.services import visible_entries_stmt
from participation.paging import Page, queue_page_size
from participation.review.arrival import untranslated
from participation.review.models import ReadReceipt, Review
from participation.translation.services import auto_request


@dataclass(frozen=True)
class QueueItem:
    """A child's submission or a network member's journal entry, in one queue."""

    kind: str
    item: Activity | JournalEntry
    unread: bool
    at: datetime
    # The language its words are written in while some are not yet in English, else "".
    not_in_english: str = ""
    # Its case-record entry's deadline (None before it is on the list) and whether it is
    # urgent: "late for the record" is the worker's to see at a glance.
    due_by: date | None = None
    urgent: bool = False
    filed: bool = False
    # At a glance: the first drawing (its thumbnail), the first words, and whether the child
    # or member sent nothing at all (an empty submission is itself something to notice).
    drawing: Drawing | None = None
    first_words: str = ""
    empty: bool = False

    @property
    def days_left(self) -> int | None:
        """Days until the record deadline (negative once late); None when filed or unknown."""
        if self.due_by is None or self.filed:
            return None
        return (self.due_by - date.today()).days


@dataclass(frozen=True)
class QueueFilters:
    """What the worker narrowed the queue to, as the address carries it (bookmarkable)."""

    q: str = ""  # a child's name (any part) or case reference (its start)
    child: str = ""  # a child's public id
    kind: str = ""  # "activity" (a child's), "journal" (a network member's), or a tool's slug
    language: str = ""
    urgent: bool = False
    unread: bool = False
    untranslated: bool = False
    late: bool = False

    def args(self) -> dict[str, str]:
        """The query arguments that reproduce these filters (for paging links)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[f.name] = "y" if value is True else str(value)
        return out

    def without(self, name: str) -> dict[str, str]:
        """These filters' arguments less one (the "show every child" link)."""
        return {k: v for k, v in self.args().items() if k != name}

    @property
    def active(self) -> bool:
        return bool(self.args())


NO_FILTERS = QueueFilters()
ACTIVITY_KIND, JOURNAL_KIND = "activity", "journal"
# "Not translated yet" is worked out in Python (the exact words against finished
# translations), so a page under that filter reads at most this many batches of rows.
UNTRANSLATED_BATCHES = 3


def _read_by(worker: Worker):
    return exists().where(
        ReadReceipt.activity_id == Activity.id, ReadReceipt.worker_id == worker.id
    )


def _entry_read_by(worker: Worker):
    return exists().where(
        JournalRead.entry_id == JournalEntry.id, JournalRead.worker_id == worker.id
    )


@dataclass(frozen=True)
class Matches:
    """The children the search and the child filter pick, and their families."""

    children: tuple[int, ...]
    families: tuple[int, ...]


def _matching_children(worker: Worker, filters: QueueFilters) -> Matches | None:
    """The ids of the worker's own children the search and the child filter pick, and of
    their families (None: no such filter). Read first, as a list: the queue's statements
    then walk their newest-first indexes through those few ids, where PostgreSQL, guessing
    how many names contain "a", read a whole team's journal before its first row."""
    conditions = []
    if filters.child:
        conditions.append(Child.public_id == filters.child)
    if filters.q:
        needle = filters.q.lower()
        conditions.append(
            or_(
                func.lower(Child.name).contains(needle, autoescape=True),
                func.lower(Child.case_reference).startswith(needle, autoescape=True),
            )
        )
    if not conditions:
        return None
    # Scoped here too: another worker's child matches nothing (and the queue's own scope
    # still applies to every row).
    stmt = visible_children_stmt(worker).where(*conditions)
    rows = db.session.execute(stmt.with_only_columns(Child.id, Child.family_id)).all()
    return Matches(
        children=tuple(row.id for row in rows),
        families=tuple(sorted({row.family_id for row in rows if row.family_id is not None})),
    )


def _on_record(kind: str, public_id, *conditions):
    """The row's case-record entry meets `conditions` (urgent, or late and not filed)."""
    return exists().where(RecordEntry.kind == kind, RecordEntry.object_id == public_id, *conditions)


def _record_conditions(filters: QueueFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.urgent:
        conditions.append(RecordEntry.urgent.is_(True))
    if filters.late:
        conditions += [RecordEntry.filed_at.is_(None), RecordEntry.due_by < date.today()]
    return conditions


def _filter_activities(stmt, worker: Worker, filters: QueueFilters, matches: Matches | None):
    if matches is not None:
        stmt = stmt.where(Activity.child_id.in_(matches.children))
    if filters.kind not in ("", ACTIVITY_KIND):
        stmt = stmt.where(Activity.tool == filters.kind)
    if filters.language:
        stmt = stmt.where(Activity.language == filters.language)
    if filters.untranslated:
        stmt = stmt.where(Activity.language != "en")  # the exact check follows, in Python
    if filters.unread:
        stmt = stmt.where(~_read_by(worker))
    if conditions := _record_conditions(filters):
        stmt = stmt.where(_on_record("activity", Activity.public_id, *conditions))
    return stmt


def _filter_entries(stmt, worker: Worker, filters: QueueFilters, matches: Matches | None):
    if matches is not None:
        # A network's journal is about the children of its family: a child picked (or
        # found) brings their family's entries with them.
        stmt = stmt.where(JournalEntry.family_id.in_(matches.families))
    if filters.language:
        stmt = stmt.where(JournalEntry.language == filters.language)
    if filters.untranslated:
        stmt = stmt.where(JournalEntry.language != "en")
    if filters.unread:
        stmt = stmt.where(~_entry_read_by(worker))
    if conditions := _record_conditions(filters):
        stmt = stmt.where(_on_record("journal_entry", JournalEntry.public_id, *conditions))
    return stmt


def _page_keys(
    stmt, at_col, id_col, kind: str, size: int, cursor: "QueueCursor | None", newer: bool
):
    """The (time, kind, id) of up to `size` rows of a scoped, filtered statement past the
    cursor, in queue order: what the queue merges before it loads anything."""
    stmt = (
        stmt.with_only_columns(at_col.label("at"), literal(kind).label("kind"), id_col.label("id"))
        .order_by(*_queue_order(at_col, id_col, newer))
        .limit(size)
    )
    if cursor:
        stmt = stmt.where(cursor.beyond(at_col, id_col, kind, newer))
    return stmt


def _entries_by_id(worker: Worker, ids: list[int]) -> dict[int, tuple[JournalEntry, bool]]:
    """The queue's journal entries, each with whether the worker has not read it yet. The ids
    come from the worker's own scoped query in this request (_page_keys)."""
    stmt = (
        select(JournalEntry)
        .where(JournalEntry.id.in_(ids))
        .add_columns(_entry_read_by(worker).label("read"))
        .options(
            # One row each: joined into the same statement, not a query apiece (each query
            # costs more in the ORM than its join costs the database).
            joinedload(JournalEntry.family, innerjoin=True),
            joinedload(JournalEntry.member, innerjoin=True),
            # A voice memo needs an interpreter too ("not translated yet"): one query for all.
            selectinload(JournalEntry.attachments),
        )
    )
    return {entry.id: (entry, not read) for entry, read in db.session.execute(stmt)}


def queue_alerts_for(worker: Worker) -> list[WorryAlert]:
    """The open alerts the queue shows, with each one's child, member and family fetched for
    the whole list (the same alerts as open_alerts_for: visibility is visible_alerts_stmt)."""
    open_ids = (
        visible_alerts_stmt(worker)
        .where(WorryAlert.acknowledged_at.is_(None))
        .with_only_columns(WorryAlert.id)
    )
    # The scoped ids first, then each alert's child, member and family joined to it by key:
    # one statement (joined onto the scoped one itself, PostgreSQL planned the OR of four
    # scopes far worse).
    stmt = (
        select(WorryAlert)
        .where(WorryAlert.id.in_(open_ids.scalar_subquery()))
        .options(
            joinedload(WorryAlert.child),
            joinedload(WorryAlert.member),
            joinedload(WorryAlert.family),
        )
        .order_by(WorryAlert.raised_at.desc())
    )
    return list(db.session.scalars(stmt))


def unread_entries(worker: Worker) -> int:
    stmt = (
        visible_entries_stmt(worker)
        .where(~_entry_read_by(worker))
        .with_only_columns(func.count(JournalEntry.id))
    )
    return db.session.scalar(stmt) or 0


@dataclass(frozen=True)
class QueueCursor:
    """Where a queue page ends: the (time, kind, id) of its last row, as the links carry it.
    The queue mixes two tables, so the kind breaks ties between rows of the same moment."""

    at: datetime
    kind: str
    id: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}~{self.kind}~{self.id}"

    @classmethod
    def parse(cls, raw: str) -> "QueueCursor | None":
        """None for a missing or unreadable cursor (the page is then page one)."""
        parts = raw.split("~")
        if (
            len(parts) != 3
            or parts[1] not in ("activity", "journal_entry")
            or not parts[2].isdigit()
        ):
            return None
        try:
            return cls(datetime.fromisoformat(parts[0]), parts[1], int(parts[2]))
        except ValueError:
            return None

    def beyond(self, at_col, id_col, kind: str, newer: bool):
        """Rows of `kind` past this cursor: after it in the newest-first order (older rows),
        or before it (newer rows). (at, kind, id) tuples compare in that order."""
        if newer:
            if kind != self.kind:
                return at_col >= self.at if kind > self.kind else at_col > self.at
            return or_(at_col > self.at, and_(at_col == self.at, id_col > self.id))
        if kind != self.kind:
            return at_col <= self.at if kind < self.kind else at_col < self.at
        return or_(at_col < self.at, and_(at_col == self.at, id_col < self.id))

    @classmethod
    def of(cls, item: "QueueItem") -> "QueueCursor":
        return cls(item.at, item.kind, item.item.id)


def _queue_order(at_col, id_col, newer: bool) -> tuple:
    return (at_col, id_col) if newer else (at_col.desc(), id_col.desc())


def queue_for(
    worker: Worker,
    limit: int | None = None,
    before: str = "",
    after: str = "",
    filters: QueueFilters = NO_FILTERS,
) -> Page[QueueItem]:
    """One page of the submissions and journal entries for the worker's families, newest
    first, paged by keyset (?before= older rows, ?after= newer ones) so a deep page costs
    what page one does, narrowed by `filters`. Worry alerts are not in it: the queue shows
    them all, above."""
    size = limit or queue_page_size()
    older_than = QueueCursor.parse(before)
    newer_than = None if older_than else QueueCursor.parse(after)
    cursor, newer = (newer_than, True) if newer_than else (older_than, False)
    start = cursor
    shown: list[QueueItem] = []
    waiting: dict[str, str] = {}
    first_seen = last_seen = None
    more = False
    matches = _matching_children(worker, filters)
    for _batch in range(UNTRANSLATED_BATCHES if filters.untranslated else 1):
        batch, more = _candidates(worker, size, cursor, newer, filters, matches)
        batch_waiting = not_yet_in_english(batch)
        for item in batch:
            if filters.untranslated and item.item.public_id not in batch_waiting:
                last_seen = item  # looked at and passed over: the next page starts after it
                continue
            shown.append(item)
            last_seen = item
            if len(shown) == size:
                break
        first_seen = first_seen or (batch[0] if batch else None)
        waiting |= batch_waiting
        if len(shown) == size:
            more = more or item is not batch[-1]
            break
        if not more or last_seen is None:
            break
        cursor = QueueCursor.of(last_seen)
    if newer:
        shown.reverse()
    items = _with_record_deadlines(
        [_at_a_glance(i, waiting.get(i.item.public_id, "")) for i in shown]
    )
    # The links keep the filters, so "Older" pages through the same narrowed queue.
    kept = filters.args()
    older_edge, newer_edge = (first_seen, last_seen) if newer else (last_seen, first_seen)
    more_older = more if not newer else True
    more_newer = more if newer else start is not None
    return Page(
        items,
        older={**kept, "before": str(QueueCursor.of(older_edge))}
        if older_edge and more_older
        else None,
        newer=(
            ({**kept, "after": str(QueueCursor.of(newer_edge))} if newer_edge else kept)
            if more_newer
            else None
        ),
    )


def _activities_by_id(worker: Worker, ids: list[int]) -> dict[int, tuple[Activity, bool]]:
    """The queue's submissions, each with whether the worker has not read it yet, and what
    each row shows fetched for the whole page: the child, whether it was reviewed, their
    words (for "not translated yet" and the first words), the drawings (for the thumbnail),
    their recordings (words not yet in English) and the meeting they are views for. The ids
    come from the worker's own scoped query in this request (_page_keys)."""
    stmt = (
        select(Activity)
        .where(Activity.id.in_(ids))
        .add_columns(_read_by(worker).label("read"))
        .options(
            joinedload(Activity.child, innerjoin=True),
            # Review's backref, which mypy cannot see: a list of at most one (review's
            # activity_id is unique), so joined without repeating any activity's row.
            joinedload(Activity.review),  # type: ignore[attr-defined]
            selectinload(Activity.areas),
            selectinload(Activity.drawings),
            selectinload(Activity.voice_notes),
            joinedload(Activity.meeting),
        )
    )
    rows = db.session.execute(stmt).unique()
    return {activity.id: (activity, not read) for activity, read in rows}


def _candidates(
    worker: Worker,
    size: int,
    cursor: "QueueCursor | None",
    newer: bool,
    filters: QueueFilters,
    matches: "Matches | None" = None,
) -> tuple[list[QueueItem], bool]:
    """Up to size queue rows past the cursor, both tables merged in queue order, and whether
    more follow. Which rows is settled first from their times and ids alone, so only the rows
    the page shows are loaded with all they show (not size + 1 of each table, half of them
    thrown away)."""
    parts = []
    if filters.kind != JOURNAL_KIND:
        submitted = _filter_activities(
            visible_activities_stmt(worker), worker, filters, matches
        ).where(
            # Said outright, so the newest-first index walk starts past the drafts (no time).
            Activity.status == Status.SUBMITTED,
            Activity.submitted_at.is_not(None),
        )
        parts.append(
            _page_keys(
                submitted, Activity.submitted_at, Activity.id, "activity", size + 1, cursor, newer
            )
        )
    if not filters.kind or filters.kind == JOURNAL_KIND:
        written = _filter_entries(visible_entries_stmt(worker), worker, filters, matches)
        parts.append(
            _page_keys(
                written,
                JournalEntry.created_at,
                JournalEntry.id,
                "journal_entry",
                size + 1,
                cursor,
                newer,
            )
        )
    stmt = parts[0] if len(parts) == 1 else union_all(*(select(p.subquery()) for p in parts))
    keys = sorted(db.session.execute(stmt).tuples(), reverse=not newer)
    more, keys = len(keys) > size, keys[:size]
    activities = _activities_by_id(worker, [i for _, kind, i in keys if kind == "activity"])
    entries = _entries_by_id(worker, [i for _, kind, i in keys if kind == "journal_entry"])
    items = []
    for at, kind, key in keys:
        found = (activities if kind == "activity" else entries).get(key)
        if found is None:
            # Deleted between the two reads (a retention run, a child's records erased): it
            # is gone, so the page goes without it rather than failing.
            continue
        items.append(QueueItem(kind, found[0], found[1], at))
    return items, more


FIRST_WORDS = 140  # characters of the first words a row shows


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= FIRST_WORDS else text[: FIRST_WORDS - 1].rstrip() + "…"


def _at_a_glance(item: QueueItem, not_in_english: str) -> QueueItem:
    """What a row shows of the thing itself, from what the page already loaded."""
    thing = item.item
    if isinstance(thing, JournalEntry):
        words = thing.what_happened.strip() or thing.red_flags.strip()
        return replace(
            item,
            not_in_english=not_in_english,
            first_words=_shorten(words),
            empty=not words and not thing.attachments,
        )
    tool = TOOLS.get(thing.tool)
    order = {slug: n for n, slug in enumerate(a.slug for a in tool.areas)} if tool else {}

    def place(area: str) -> int:
        return order.get(area, len(order))

    areas = sorted(thing.areas, key=lambda a: place(a.area))
    words = next(
        (a.child_words or a.scribed_words for a in areas if (a.child_words or a.scribed_words)),
        "",
    )
    drawings = sorted(thing.drawings, key=lambda d: (place(d.area), d.id))
    empty = not (
        words.strip() or drawings or thing.voice_notes or any(a.symbols for a in thing.areas)
    )
    return replace(
        item,
        not_in_english=not_in_english,
        first_words=_shorten(words),
        drawing=drawings[0] if drawings else None,
        empty=empty,
    )


def _with_record_deadlines(items: list[QueueItem]) -> list[QueueItem]:
    """Each row's case-record deadline, urgency and whether it is filed, in one query."""
    ids = [i.item.public_id for i in items]
    if not ids:
        return items
    stmt = select(
        RecordEntry.object_id, RecordEntry.due_by, RecordEntry.urgent, RecordEntry.filed_at
    ).where(RecordEntry.object_id.in_(ids), RecordEntry.kind.in_(("activity", "journal_entry")))
    entries = {row.object_id: row for row in db.session.execute(stmt)}
    out = []
    for item in items:
        entry = entries.get(item.item.public_id)
        if entry is not None:
            item = replace(
                item, due_by=entry.due_by, urgent=entry.urgent, filed=entry.filed_at is not None
            )
        out.append(item)
    return out


def not_yet_in_english(items: list[QueueItem]) -> dict[str, str]:
    """The language of each queue item (by public id) with words not yet translated into
    English: its own words, and for an activity its scales' why and one number higher.
    A fixed number of queries however long the page is."""
    from participation.scales.models import ScaleAnswer

    activities = {i.item.id: i.item for i in items if isinstance(i.item, Activity)}
    answers = (
        list(db.session.scalars(select(ScaleAnswer).where(ScaleAnswer.activity_id.in_(activities))))
        if activities
        else []
    )
    # Each safety path's answer, with the activity it belongs to.
    paths = [(a, activities[a.activity_id]) for a in answers if a.activity_id is not None]
    things: list[tuple[str, Any, str]] = [(i.kind, i.item, i.item.language) for i in items]
    things += [("scale_answer", answer, activity.language) for answer, activity in paths]
    waiting = untranslated(things)
    result = {public_id: language for (_kind, public_id), language in waiting.items()}
    for answer, activity in paths:
        language = waiting.get(("scale_answer", answer.public_id))
        if language is not None:
            result.setdefault(activity.public_id, language)
    return result


# The header badge counts unread work up to this and then says "99+": past a screenful the
# exact number tells nobody anything, and counting a whole team's 9,000 unread rows on every
# page cost a manager 8 ms. Open worry alerts are always counted exactly.
BADGE_UNREAD_CAP = 99


def _unread_counts(worker: Worker, cap: int | None = None):
    """Unread submissions and unread journal entries, as two scalar subqueries; with a cap,
    each stops counting past it."""
    activities = (
        visible_activities_stmt(worker)
        .where(Activity.status == Status.SUBMITTED, ~_read_by(worker))
        .with_only_columns(Activity.id)
    )
    entries = (
        visible_entries_stmt(worker)
        .where(~_entry_read_by(worker))
        .with_only_columns(JournalEntry.id)
    )
    if cap is not None:
        activities, entries = activities.limit(cap + 1), entries.limit(cap + 1)
    return tuple(
        select(func.count()).select_from(ids.subquery()).scalar_subquery()
        for ids in (activities, entries)
    )


def unread_count(worker: Worker) -> int:
    """Unread submissions and journal entries: both counts in one statement."""
    row = db.session.execute(select(*_unread_counts(worker))).one()
    return (row[0] or 0) + (row[1] or 0)


# The badge's statement for each (database, worker, role, team), built once per process:
# building it (five nested scoped subqueries) and working out its cache key cost more than
# running it. It holds only who is asking, never a count or a date, so it stays true; a worker
# whose role or team changes gets a new one. Cleared when it grows past a council's staff.
_BADGE_STATEMENTS: dict[tuple, Select] = {}
_BADGE_STATEMENTS_KEPT = 2000


def _badge_statement(worker: Worker) -> Select:
    key = (db.session.get_bind().dialect.name, worker.id, str(worker.role), worker.team_id)
    stmt = _BADGE_STATEMENTS.get(key)
    if stmt is None:
        alerts = (
            visible_alerts_stmt(worker)
            .where(WorryAlert.acknowledged_at.is_(None))
            .with_only_columns(func.count(WorryAlert.id))
        )
        counts = _unread_counts(worker, cap=BADGE_UNREAD_CAP)
        stmt = select(*counts, alerts.scalar_subquery())
        if len(_BADGE_STATEMENTS) >= _BADGE_STATEMENTS_KEPT:
            _BADGE_STATEMENTS.clear()
        _BADGE_STATEMENTS[key] = stmt
    return stmt


def badge_counts(worker: Worker) -> tuple[int, int]:
    """The header badge's numbers, unread (up to BADGE_UNREAD_CAP + 1: "99+") and open worry
    alerts (exact), in one statement (one round trip on every staff page), worked out once
    per request, so the queue page and the header show the same number."""
    # Only reads call this, and the badge asks last (as the page renders), so a page that
    # marks something read first still shows the count after it.
    cached = g.setdefault("_badge_counts", {})
    if worker.id not in cached:
        row = db.session.execute(_badge_statement(worker)).one()
        unread = min((row[0] or 0) + (row[1] or 0), BADGE_UNREAD_CAP + 1)
        cached[worker.id] = (unread, row[2] or 0)
    return cached[worker.id]


def unread_count_once(worker: Worker) -> int:
    """unread_count as the header badge shows it in this request (BADGE_UNREAD_CAP + 1 means
    "more than BADGE_UNREAD_CAP")."""
    return badge_counts(worker)[0]


def get_submission_or_404(public_id: str, worker: Worker) -> Activity:
    return db.first_or_404(
        visible_activities_stmt(worker).where(
            Activity.public_id == public_id, Activity.status == Status.SUBMITTED
        )
    )


def open_submission(activity: Activity, worker: Worker) -> None:
    """The worker reads a submission: it leaves their unread count, and is on the trail."""
    mark_read(activity, worker)
    record("view_submission", activity.child, "activity", activity.public_id)


def mark_read(activity: Activity, worker: Worker) -> None:
    insert_once(ReadReceipt, worker_id=worker.id, activity_id=activity.id)


def family_members_of(activity: Activity) -> list:
    """The network members the worker could share this submission with."""
    from participation.network.models import Family
    from participation.network.services import members_of

    family_id = activity.child.family_id
    family = db.session.get(Family, family_id) if family_id else None
    return members_of(family) if family else []


def review_for(activity: Activity) -> Review:
    """The one review of a submission: an analysis and a reply saved at the same moment
    both land on it (each writes only its own columns), never a 500 on the second."""
    insert_once(Review, activity_id=activity.id)
    return db.session.scalars(select(Review).where(Review.activity_id == activity.id)).one()


def existing_review(activity: Activity) -> Review | None:
    return db.session.scalar(select(Review).where(Review.activity_id == activity.id))


def save_analysis(activity: Activity, worker: Worker, text: str) -> Review:
    review = review_for(activity)
    review.analysis = text
    review.analysis_by = worker
    record("save_analysis", activity.child, "activity", activity.public_id)
    return review


def save_reply(activity: Activity, worker: Worker, text: str) -> Review:
    review = review_for(activity)
    review.reply = text
    review.replied_by = worker
    review.replied_at = utcnow()
    review.reply_seen_at = None  # a changed reply is new to the child again
    record("reply_to_child", activity.child, "activity", activity.public_id)
    # Asked for now, so the child never waits on someone remembering to press a button; the
    # same words saved again are not asked twice. An English-speaking child needs nothing.
    auto_request("reply", review, "en", worker, target=activity.child.preferred_language)
    return review


def mark_reviewed(activity: Activity, worker: Worker) -> Review:
    review = review_for(activity)
    if review.reviewed_at is None:
        review.reviewed_at = utcnow()
        review.reviewed_by = worker
    record("mark_reviewed", activity.child, "activity", activity.public_id)
    return review


def replies_for_child(child: Child, mark_seen: bool = False) -> list[Review]:
    """What the child is told back: only their own activities, reviewed or replied to."""
    stmt = (
        select(Review)
        .join(Activity, Review.activity_id == Activity.id)
        .where(
            Activity.child_id == child.id,
            (Review.reviewed_at.is_not(None)) | (Review.replied_at.is_not(None)),
        )
        .order_by(Activity.submitted_at.desc())
        .limit(10)
        # What each message shows (the activity, who wrote it), in this one statement.
        .options(contains_eager(Review.activity), joinedload(Review.replied_by))
    )
    reviews = list(db.session.scalars(stmt))
    if mark_seen:
        now = utcnow()
        for review in reviews:
            if review.reply and review.reply_seen_at is None:
                review.reply_seen_at = now
    return reviews


def open_journal_entry(entry: JournalEntry, worker: Worker) -> None:
    """The worker reads a member's entry: it leaves their unread count, and is on the trail."""
    if db.session.get(JournalRead, (worker.id, entry.id)) is None:
        db.session.add(JournalRead(worker_id=worker.id, entry_id=entry.id))
    record("view_journal_entry", None, "journal_entry", entry.public_id)


def reply_to_journal_entry(entry: JournalEntry, worker: Worker, text: str) -> None:
    entry.reply, entry.replied_at, entry.replied_by = text, utcnow(), worker
    record("reply_to_member", None, "journal_entry", entry.public_id)
    # Into the member's own language straight away, as for a child's reply.
    auto_request("journal_reply", entry, "en", worker, target=entry.member.language)


def mark_journal_entry_reviewed(entry: JournalEntry, worker: Worker) -> None:
    if entry.reviewed_at is None:
        entry.reviewed_at, entry.reviewed_by = utcnow(), worker
    record("mark_reviewed", None, "journal_entry", entry.public_id)


CHILD_CHOICES = 300  # a caseload fits; a manager's whole team is found by the search instead


def filter_children(worker: Worker, chosen: str = "") -> list[tuple[str, str]]:
    """(public id, name) of the children the worker may pick in the queue's child filter:
    only those they may see, with the one chosen in the address even past the list's end."""
    stmt = visible_children_stmt(worker).with_only_columns(Child.public_id, Child.name)
    rows = db.session.execute(stmt.order_by(Child.name, Child.id).limit(CHILD_CHOICES))
    found = [(row.public_id, row.name) for row in rows]
    if chosen and chosen not in dict(found):
        # Still scoped to the asker: another worker's child's id finds nothing here.
        row = db.session.execute(stmt.where(Child.public_id == chosen[:36])).first()
        if row is not None:
            found.append((row.public_id, row.name))
    return found


def queue_filters(form) -> QueueFilters:
    """The filters from a validated (or not) filter form; anything unreadable is dropped."""
    valid = form.validate()
    data = form.data

    def text(name: str, limit: int = 64) -> str:
        value = data.get(name) or ""
        return value.strip()[:limit] if isinstance(value, str) else ""

    return QueueFilters(
        q=text("q", 100) if valid or not form.q.errors else "",
        # Only a child on the list (the asker's own): anything else means every child.
        child=text("child", 36) if text("child", 36) in dict(form.child.choices) else "",
        kind=text("kind", 32) if text("kind") in (*TOOLS, ACTIVITY_KIND, JOURNAL_KIND) else "",
        language=text("language", 16),
        urgent=bool(data.get("urgent")),
        unread=bool(data.get("unread")),
        untranslated=bool(data.get("untranslated")),
        late=bool(data.get("late")),
    )
