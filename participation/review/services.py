"""The worker's review queue, analysis and replies, scoped to the children they may see."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from participation.activities.models import Activity, Status
from participation.activities.services import visible_activities_stmt
from participation.atomic import insert_once
from participation.audit.services import record
from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from participation.journal.models import JournalEntry, JournalRead
from participation.journal.services import visible_entries_stmt
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


def queue_entries(worker: Worker, limit: int = 200) -> list[tuple[JournalEntry, bool]]:
    stmt = (
        visible_entries_stmt(worker)
        .add_columns(_entry_read_by(worker).label("read"))
        .options(
            selectinload(JournalEntry.family),
            selectinload(JournalEntry.member),
            # A voice memo needs an interpreter too ("not translated yet"): one query for all.
            selectinload(JournalEntry.attachments),
        )
        .order_by(JournalEntry.created_at.desc())
        .limit(limit)
    )
    return [(entry, not read) for entry, read in db.session.execute(stmt)]


def unread_entries(worker: Worker) -> int:
    stmt = (
        visible_entries_stmt(worker)
        .where(~_entry_read_by(worker))
        .with_only_columns(func.count(JournalEntry.id))
    )
    return db.session.scalar(stmt) or 0


def queue_for(worker: Worker, limit: int = 200) -> list[QueueItem]:
    """Every submission and journal entry for the worker's families, newest first."""
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
        .order_by(Activity.submitted_at.desc(), Activity.id.desc())
        .limit(limit)
    )
    items = [
        QueueItem("activity", activity, not read, activity.submitted_at)
        for activity, read in db.session.execute(stmt)
    ]
    items += [
        QueueItem("journal_entry", entry, unread, entry.created_at)
        for entry, unread in queue_entries(worker, limit)
    ]
    items = sorted(items, key=lambda i: i.at, reverse=True)[:limit]
    waiting = not_yet_in_english(items)
    return [replace(i, not_in_english=waiting.get(i.item.public_id, "")) for i in items]


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
    stmt = (
        visible_activities_stmt(worker)
        .where(Activity.status == Status.SUBMITTED, ~_read_by(worker))
        .with_only_columns(func.count(Activity.id))
    )
    return (db.session.scalar(stmt) or 0) + unread_entries(worker)


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
