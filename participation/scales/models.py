"""Scaling answers: a 0-10 number with both ends in words, why, and one number higher."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model


class ScaleAnswer(Model):
    """One person's answer; the safety path in a Safety House is one linked to its activity."""

    __tablename__ = "scale_answer"
    __table_args__ = (UniqueConstraint("activity_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"))
    area: Mapped[str | None] = mapped_column(String(32))
    question: Mapped[str] = mapped_column(Text)
    low_label: Mapped[str] = mapped_column(Text)
    high_label: Mapped[str] = mapped_column(Text)
    value: Mapped[int | None] = mapped_column(Integer)
    # The top of the scale: 10 for 0-10, 5 for the five faces a young child taps (1-5).
    out_of: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    why: Mapped[str] = mapped_column(Text, default="")
    one_higher: Mapped[str] = mapped_column(Text, default="")
    # The language the why / one-higher words are written in (None on answers saved before it
    # was recorded: read as the activity's, else the child's).
    language: Mapped[str | None] = mapped_column(String(16))
    # Whose view this is: the child's, a parent's, a network member's... kept apart.
    answered_by_kind: Mapped[str] = mapped_column(String(16))
    answered_by_name: Mapped[str] = mapped_column(String(200), default="")
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    child: Mapped[Child] = relationship()
    asked_by: Mapped[Worker | None] = relationship()
