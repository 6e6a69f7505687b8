"""A meeting that decides about a child, and what it decided, told back to the child."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model


class MeetingKind(enum.StrEnum):
    INITIAL_CP_CONFERENCE = "initial_cp_conference"
    REVIEW_CP_CONFERENCE = "review_cp_conference"
    LOOKED_AFTER_REVIEW = "looked_after_review"
    CHILD_IN_NEED_REVIEW = "child_in_need_review"
    FAMILY_NETWORK_MEETING = "family_network_meeting"
    PATHWAY_REVIEW = "pathway_review"


class Meeting(Model):
    """One meeting about one child: when, who chairs it, when the child's views are due, and
    the outcome in plain words with the child's answer to it, each kept as written."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date] = mapped_column(Date)
    # Safeguarding: the chair sees this child (and only the children whose meetings they chair).
    chair_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    views_due: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "What was decided, and what your views changed", written once by the worker.
    outcome: Mapped[str] = mapped_column(Text, default="")
    outcome_language: Mapped[str] = mapped_column(String(16), default="en")
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    # The child's answer to the outcome, exactly as written, in their language; and how they
    # answered ("code": their own device; "together": the worker's).
    answer: Mapped[str] = mapped_column(Text, default="")
    answer_language: Mapped[str] = mapped_column(String(16), default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_mode: Mapped[str] = mapped_column(String(16), default="")

    child: Mapped[Child] = relationship()
    chair: Mapped[Worker] = relationship(foreign_keys=[chair_id])
    created_by: Mapped[Worker] = relationship(foreign_keys=[created_by_id])
    outcome_by: Mapped[Worker | None] = relationship(foreign_keys=[outcome_by_id])
