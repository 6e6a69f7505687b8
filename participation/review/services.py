"""The worker's review queue, analysis and replies, scoped to the children they may see."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask import g
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from participation.activities.models import Activity, Status
from participation.activities.services import visible_activities_stmt
from participation.alerts.models import WorryAlert
from participation.alerts.services import visible_alerts_stmt
from participation.atomic import insert_once
from participation.audit.services import record
from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from participation.journal.models import JournalEntry, JournalRead
from participation.journal.services import visible_entries_stmt
from participation.paging import Page, page_size
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


def _read_by(worker: Worker):
    return exists().where(
        ReadReceipt.activity_id == Activity.id, ReadReceipt.worker_id == worker.id
    )


def _entry_read_by(worker: Worker):
    return exists().where(
        JournalRead.entry_id == JournalEntry.id, JournalRead.worker_id == worker.id
    )


def queue_entries(
    worker: Worker, limit: int = 200, cursor: "QueueCursor | None" = None, newer: bool = False
) -> list[tuple[JournalEntry, bool]]:
    """The worker's journal entries for the queue, newest first (oldest first past a "Newer"
    cursor), each with whether the worker has not read it yet."""
    stmt = (
        visible_entries_stmt(worker)
        .add_columns(_entry_read_by(worker).label("read"))
        .options(
            selectinload(JournalEntry.family),
            selectinload(JournalEntry.member),
            # A voice memo needs an interpreter too ("not translated yet"): one query for all.
            selectinload(JournalEntry.attachments),
        )
        .order_by(*_queue_order(JournalEntry.created_at, JournalEntry.id, newer))
        .limit(limit)
    )
    if cursor:
        stmt = stmt.where(
            cursor.beyond(JournalEntry.created_at, JournalEntry.id, "journal_entry", newer)
        )
    return [(entry, not read) for entry, read in db.session.execute(stmt)]


def queue_alerts_for(worker: Worker) -> list[WorryAlert]:
    """The open alerts the queue shows, with each one's child, member and family fetched for
    the whole list (the same alerts as open_alerts_for: visibility is visible_alerts_stmt)."""
    stmt = (
        visible_alerts_stmt(worker)
        .where(WorryAlert.acknowledged_at.is_(None))
        .options(
            selectinload(WorryAlert.child),
            selectinload(WorryAlert.member),
            selectinload(WorryAlert.family),
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
    worker: Worker, limit: int | None = None, before: str = "", after: str = ""
) -> Page[QueueItem]:
    """One page of the submissions and journal entries for the worker's families, newest
    first, paged by keyset (?before= older rows, ?after= newer ones) so a deep page costs
    what page one does. Worry alerts are not in it: the queue shows them all, above."""
    size = limit or page_size()
    older_than = QueueCursor.parse(before)
    newer_than = None if older_than else QueueCursor.parse(after)
    cursor, newer = (newer_than, True) if newer_than else (older_than, False)
    stmt = (
        visible_activities_stmt(worker)
        .where(Activity.status == Status.SUBMITTED)
        .add_columns(_read_by(worker).label("read"))
        # What each row shows, fetched for the whole page: the child, whether it was
        # reviewed, and their words (for "not translated yet").
        .options(
            selectinload(Activity.child),
            # Review's backref, which mypy cannot see.
            selectinload(Activity.review),  # type: ignore[attr-defined]
            selectinload(Activity.areas),
        )
        .order_by(*_queue_order(Activity.submitted_at, Activity.id, newer))
        .limit(size + 1)
    )
    if cursor:
        stmt = stmt.where(cursor.beyond(Activity.submitted_at, Activity.id, "activity", newer))
    items = [
        QueueItem("activity", activity, not read, activity.submitted_at)
        for activity, read in db.session.execute(stmt)
    ]
    items += [
        QueueItem("journal_entry", entry, unread, entry.created_at)
        for entry, unread in queue_entries(worker, size + 1, cursor, newer)
    ]
    items = sorted(items, key=lambda i: (i.at, i.kind, i.item.id), reverse=not newer)
    more = len(items) > size
    items = items[:size]
    if newer:
        items.reverse()
    waiting = not_yet_in_english(items)
    items = [replace(i, not_in_english=waiting.get(i.item.public_id, "")) for i in items]
    more_older = more if not newer else True
    more_newer = more if newer else cursor is not None
    return Page(
        items,
        older={"before": str(QueueCursor.of(items[-1]))} if items and more_older else None,
        newer=({"after": str(QueueCursor.of(items[0]))} if items else {}) if more_newer else None,
    )


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


def unread_count(worker: Worker) -> int:
    """Unread submissions and journal entries: both counts in one statement (one round trip
    on every staff page, for the header badge)."""
    activities = (
        visible_activities_stmt(worker)
        .where(Activity.status == Status.SUBMITTED, ~_read_by(worker))
        .with_only_columns(func.count(Activity.id))
    )
    entries = (
        visible_entries_stmt(worker)
        .where(~_entry_read_by(worker))
        .with_only_columns(func.count(JournalEntry.id))
    )
    row = db.session.execute(select(activities.scalar_subquery(), entries.scalar_subquery())).one()
    return (row[0] or 0) + (row[1] or 0)


def unread_count_once(worker: Worker) -> int:
    """unread_count, worked out once per request: the queue page and the header badge show the
    same number, and a manager's team-wide count is the dearest query on the page."""
    # Only reads call this, and the badge asks last (as the page renders), so a page that
    # marks something read first still shows the count after it.
    cached = g.setdefault("_unread_counts", {})
    if worker.id not in cached:
        cached[worker.id] = unread_count(worker)
    return cached[worker.id]


def commit_read() -> None:
    """Commit the read receipt and audit row of a page being opened, keeping what the request
    has loaded: the page then renders without reading the worker, the submission and the
    child again (each expired by a plain commit), and nothing it shows was changed by it."""
    session = db.session()
    kept = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = kept


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
