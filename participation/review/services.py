"""The worker's review queue, analysis and replies, scoped to the children they may see."""

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import exists, func, select

from participation.activities.models import Activity, Status, WorryAlert
from participation.activities.services import visible_activities_stmt
from participation.alerts.services import visible_alerts_stmt
from participation.atomic import insert_once
from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.journal.services import queue_entries, unread_entries
from participation.review.models import ReadReceipt, Review


@dataclass(frozen=True)
class QueueItem:
    """A child's submission or a network member's journal entry, in one queue."""

    kind: str
    item: Activity | JournalEntry
    unread: bool
    at: datetime


def _read_by(worker: Worker):
    return exists().where(
        ReadReceipt.activity_id == Activity.id, ReadReceipt.worker_id == worker.id
    )


def queue_for(worker: Worker, limit: int = 200) -> list[QueueItem]:
    """Every submission and journal entry for the worker's families, newest first."""
    stmt = (
        visible_activities_stmt(worker)
        .where(Activity.status == Status.SUBMITTED)
        .add_columns(_read_by(worker).label("read"))
        .order_by(Activity.submitted_at.desc(), Activity.id.desc())
        .limit(limit)
    )
    items = [
        QueueItem("activity", activity, not read, activity.submitted_at)
        for activity, read in db.session.execute(stmt)
    ]
    items += [
        QueueItem("journal", entry, unread, entry.created_at)
        for entry, unread in queue_entries(worker, limit)
    ]
    return sorted(items, key=lambda i: i.at, reverse=True)[:limit]


def unread_count(worker: Worker) -> int:
    stmt = (
        visible_activities_stmt(worker)
        .where(Activity.status == Status.SUBMITTED, ~_read_by(worker))
        .with_only_columns(func.count(Activity.id))
    )
    return (db.session.scalar(stmt) or 0) + unread_entries(worker)


def open_alerts_for(worker: Worker) -> list[WorryAlert]:
    stmt = (
        visible_alerts_stmt(worker)
        .where(WorryAlert.acknowledged_at.is_(None))
        .order_by(WorryAlert.raised_at.desc())
    )
    return list(db.session.scalars(stmt))


def get_submission_or_404(public_id: str, worker: Worker) -> Activity:
    activity = db.session.scalar(
        visible_activities_stmt(worker).where(
            Activity.public_id == public_id, Activity.status == Status.SUBMITTED
        )
    )
    if activity is None:
        abort(404)
    return activity


def mark_read(activity: Activity, worker: Worker) -> None:
    insert_once(ReadReceipt, worker_id=worker.id, activity_id=activity.id)


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
    return review


def save_reply(activity: Activity, worker: Worker, text: str) -> Review:
    review = review_for(activity)
    review.reply = text
    review.replied_by = worker
    review.replied_at = utcnow()
    review.reply_seen_at = None  # a changed reply is new to the child again
    return review


def mark_reviewed(activity: Activity, worker: Worker) -> Review:
    review = review_for(activity)
    if review.reviewed_at is None:
        review.reviewed_at = utcnow()
        review.reviewed_by = worker
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
