"""A child's activity (a Three Houses, later a Safety House): their words and drawings."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import db


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Mode(enum.StrEnum):
    """How the child took part: on the worker's device, or on their own with a code."""

    TOGETHER = "together"
    CODE = "code"


class Activity(db.Model):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    tool: Mapped[str] = mapped_column(String(32))
    mode: Mapped[Mode] = mapped_column(Enum(Mode, native_enum=False, length=16))
    status: Mapped[Status] = mapped_column(
        Enum(Status, native_enum=False, length=16), default=Status.DRAFT, index=True
    )
    started_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    # Provenance the case record must show: seen alone or who was present and why,
    # the interpreter, and the language the child used.
    seen_alone: Mapped[bool] = mapped_column(default=True)
    present: Mapped[str] = mapped_column(Text, default="")
    interpreter: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    child: Mapped[Child] = relationship()
    started_by: Mapped[Worker] = relationship()
    areas: Mapped[list["ActivityArea"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )
    drawings: Mapped[list["Drawing"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class ActivityArea(db.Model):
    """The words for one area (a house, a circle): the child's and any scribed, kept apart."""

    __tablename__ = "activity_area"
    __table_args__ = (UniqueConstraint("activity_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    area: Mapped[str] = mapped_column(String(32))
    # Stored exactly as written: never trimmed, corrected or re-cased.
    child_words: Mapped[str] = mapped_column(Text, default="")
    scribed_words: Mapped[str] = mapped_column(Text, default="")
    scribed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="areas")
    scribed_by: Mapped[Worker | None] = relationship()


class Drawing(db.Model):
    """The current drawing for one area, stored outside static/ after re-encoding."""

    __tablename__ = "drawing"
    __table_args__ = (UniqueConstraint("activity_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    area: Mapped[str] = mapped_column(String(32))
    storage_key: Mapped[str] = mapped_column(String(128))
    media_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="canvas")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="drawings")


class AlertKind(enum.StrEnum):
    """The urgent events that reach a person (config ALERT_EVENTS chooses which send)."""

    CHILD_WORRY = "child_worry"
    MEMBER_WORRY = "member_worry"
    # Sunderland practice: a failed plan needs an urgent network meeting; goal posts stay.
    PLAN_DID_NOT_WORK = "plan_did_not_work"


class WorryAlert(db.Model):
    """A child's "I'm worried right now", a network member's "something worrying is
    happening now", or a journal entry saying the plan did not work: the worker must see
    this first."""

    __tablename__ = "worry_alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("network_member.id"))
    kind: Mapped[str] = mapped_column(
        String(32), default=AlertKind.CHILD_WORRY, server_default=AlertKind.CHILD_WORRY.value
    )
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entry.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"))
    # What the person who picked it up said they are doing, in their own words.
    acknowledged_action: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The furthest step of the chain told so far (0 worker, 1 manager, 2 duty).
    escalation_step: Mapped[int] = mapped_column(default=0, server_default="0")

    child: Mapped[Child | None] = relationship()
    activity: Mapped[Activity | None] = relationship()
    family = relationship("Family")
    member = relationship("NetworkMember")
    journal_entry = relationship("JournalEntry")
    acknowledged_by: Mapped[Worker | None] = relationship()
