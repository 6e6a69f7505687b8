"""A family, its safety plan, and the safety network of family and friends around it."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.activities.models import Activity
from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.tokens import Invitation

# The plan's other parts, one row per sentence (issue #15).
PLAN_ITEM_KINDS = (
    "bottom_line",
    "council_contingency",
    "network_contingency",
    "timeline",
    "trigger",
    "red_flag",
)
# Who wrote a sentence; kept on every sentence so the plan shows whose words it holds.
WRITTEN_BY_KINDS = ("worker", "manager", "member", "parent")
MEMBER_ROLES = ("member", "parent")


class Attributed:
    """Every sentence of the plan keeps who wrote it and in which language."""

    written_by_kind: Mapped[str] = mapped_column(
        String(16), default="worker", server_default="worker"
    )
    written_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    written_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_member.id"), index=True
    )
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    # A proposal the worker edited stays the proposer's, and says who changed its words.
    edited_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")


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
    # The safety object is chosen by the child; which child chose it.
    object_chosen_by_child_id: Mapped[int | None] = mapped_column(
        ForeignKey("child.id"), index=True
    )
    # Who wrote the safety object's words (a member's accepted proposal, the child in their
    # own space, or the worker), and in which language: kept as written, like every sentence.
    object_written_by_kind: Mapped[str] = mapped_column(
        String(16), default="worker", server_default="worker"
    )
    object_written_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    object_written_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_member.id"), index=True
    )
    object_language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    object_edited_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    next_review_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    family: Mapped[Family] = relationship(back_populates="plan")
    pairs: Mapped[list["PlanPair"]] = relationship(
        order_by="PlanPair.position", cascade="all, delete-orphan"
    )
    rules: Mapped[list["PlanRule"]] = relationship(
        order_by="PlanRule.position", cascade="all, delete-orphan"
    )
    items: Mapped[list["PlanItem"]] = relationship(
        order_by="PlanItem.position", cascade="all, delete-orphan"
    )


class PlanPair(Attributed, Model):
    """A danger (or worry) statement paired with the goal that answers it."""

    __tablename__ = "plan_pair"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)
    # The goal keeps its own author: accepting a goal's new words never relabels the statement.
    goal_written_by_kind: Mapped[str] = mapped_column(
        String(16), default="worker", server_default="worker"
    )
    goal_written_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    goal_written_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_member.id"), index=True
    )
    goal_language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    goal_edited_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")


class PlanRule(Attributed, Model):
    """A plan rule: who does what when danger arises."""

    __tablename__ = "plan_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    # "Who acts" keeps its own author, apart from the rule's words.
    who_written_by_kind: Mapped[str] = mapped_column(
        String(16), default="worker", server_default="worker"
    )
    who_written_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    who_written_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_member.id"), index=True
    )
    who_language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")


class PlanItem(Attributed, Model):
    """One sentence of another part of the plan: a bottom line, a contingency, a timeline
    step, a trigger time or a red flag."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    by_when: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


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
    # A parent is invited and signs in exactly like a member; the role only changes how
    # they are named ("parent") on the family page and on their words.
    role: Mapped[str] = mapped_column(String(16), default="member", server_default="member")
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


class PlanProposal(Model):
    """A member's or parent's wording for the plan: the worker accepts, edits or declines it
    (the pathway plan's suggestion flow in reverse)."""

    __tablename__ = "plan_proposal"
    __table_args__ = (UniqueConstraint("member_id", "client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("safety_plan.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("network_member.id"), index=True)
    # A part of the plan: a PLAN_ITEM_KINDS kind, "rule", "statement", "goal", "pair" (a new
    # statement with its goal) or "object" (the safety object).
    part: Mapped[str] = mapped_column(String(32))
    # The sentence it would change (public id of a rule or item, or a pair's id); "" is new.
    target: Mapped[str] = mapped_column(String(36), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    # A new danger statement and goal are proposed together: `text` is the statement.
    goal_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    final_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    final_goal_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The language the worker's edited words are in (they may rewrite them in English).
    final_language: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # Shown to the proposer when the worker declines, so they know why.
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    client_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    member: Mapped[NetworkMember] = relationship()
