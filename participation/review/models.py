"""The worker's side of a submission, kept apart from the child's own words."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.activities.models import Activity
from participation.auth.models import Worker
from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model


class Review(Model):
    """Analysis is the worker's opinion; the reply is what the child is told back."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), unique=True)
    analysis: Mapped[str] = mapped_column(Text, default="")
    analysis_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    reply_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    activity: Mapped[Activity] = relationship(backref="review")
    analysis_by: Mapped[Worker | None] = relationship(foreign_keys=[analysis_by_id])
    reviewed_by: Mapped[Worker | None] = relationship(foreign_keys=[reviewed_by_id])
    replied_by: Mapped[Worker | None] = relationship(foreign_keys=[replied_by_id])


class ReadReceipt(Model):
    """Which worker has opened which submission, for each worker's unread count."""

    __tablename__ = "read_receipt"

    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), primary_key=True)
    # Its own index: the key starts with worker_id, so a retention delete of a submission
    # would otherwise scan every worker's receipts.
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id"), primary_key=True, index=True
    )
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
