"""Scaling rounds on the plan's danger statements, each person's answers, and practice runs."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.network.models import Family, NetworkMember, PlanPair


class ScalingRound(Model):
    """Opened by the worker at or after a network meeting; closing it puts it on the record."""

    __tablename__ = "scaling_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    meeting_on: Mapped[date] = mapped_column(Date)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    family: Mapped[Family] = relationship()
    opened_by: Mapped[Worker] = relationship()
    answers: Mapped[list["PlanScaleAnswer"]] = relationship(
        back_populates="round", order_by="PlanScaleAnswer.id"
    )


class PlanScaleAnswer(Model):
    """One person's number for one danger statement in one round, with their own words."""

    __tablename__ = "plan_scale_answer"
    # Answering again (or a double tap) updates the one answer, never adds a second.
    __table_args__ = (UniqueConstraint("round_id", "pair_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    round_id: Mapped[int] = mapped_column(ForeignKey("scaling_round.id"), index=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("plan_pair.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("network_member.id"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    # Kept verbatim, in the language they were written in; English sits beside, translated.
    why: Mapped[str] = mapped_column(Text, default="")
    one_higher: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped[ScalingRound] = relationship(back_populates="answers")
    pair: Mapped[PlanPair] = relationship()
    member: Mapped[NetworkMember] = relationship()


class PracticeRun(Model):
    """A practice of the plan ("fire drill"), logged by a network member on their phone."""

    __tablename__ = "practice_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("network_member.id"), index=True)
    practised_on: Mapped[date] = mapped_column(Date)
    what_we_practised: Mapped[str] = mapped_column(Text)
    how_it_went: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    # The phone's idempotency key: the same practice sent twice is kept once.
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    family: Mapped[Family] = relationship()
    member: Mapped[NetworkMember] = relationship()
