"""A family, its safety plan, and the safety network of family and friends around it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.activities.models import Activity
from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.tokens import Invitation


class Family(Model):
    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped["SafetyPlan | None"] = relationship(back_populates="family", uselist=False)
    members: Mapped[list["NetworkMember"]] = relationship(
        back_populates="family", order_by="NetworkMember.name"
    )


class SafetyPlan(Model):
    """What everyone does day to day so the children are safe, and the safety object."""

    __tablename__ = "safety_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), unique=True)
    # Councils and services name things differently (Safety / Wellbeing / Success).
    terminology: Mapped[str] = mapped_column(String(16), default="safety")
    safety_object: Mapped[str] = mapped_column(Text, default="")
    object_usual_place: Mapped[str] = mapped_column(Text, default="")
    object_moved_means: Mapped[str] = mapped_column(Text, default="")
    object_who_acts: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    family: Mapped[Family] = relationship(back_populates="plan")
    pairs: Mapped[list["PlanPair"]] = relationship(
        order_by="PlanPair.position", cascade="all, delete-orphan"
    )
    rules: Mapped[list["PlanRule"]] = relationship(
        order_by="PlanRule.position", cascade="all, delete-orphan"
    )


class PlanPair(Model):
    """A danger (or worry) statement paired with the goal that answers it."""

    __tablename__ = "plan_pair"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)


class PlanRule(Model):
    """A plan rule: who does what when danger arises."""

    __tablename__ = "plan_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")


class NetworkMember(Model):
    """Family or a friend in the safety network; invited by the worker, never self-registered."""

    __tablename__ = "network_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_child: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(300), default="")
    # Contact details stay with the worker unless the worker chooses to share them.
    contact_shared: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Safeguarding: who interprets their words may matter to them (interpreters chosen
    # "considering gender"); None is no preference, else woman / man.
    interpreter_gender: Mapped[str | None] = mapped_column(String(8))
    is_boss: Mapped[bool] = mapped_column(default=False)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    family: Mapped[Family] = relationship(back_populates="members")
    invited_by: Mapped[Worker] = relationship()


class NetworkInvite(Invitation, Model):
    """An invitation by link or by code; both kept as keyed hashes, used once."""

    __tablename__ = "network_invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("network_member.id"), index=True)

    member: Mapped[NetworkMember] = relationship()


class SharedItem(Model):
    """A child's activity the worker chose to show one network member (nothing else is)."""

    __tablename__ = "shared_item"
    __table_args__ = (UniqueConstraint("activity_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("network_member.id"), index=True)
    shared_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    activity: Mapped[Activity] = relationship()
    member: Mapped[NetworkMember] = relationship()
