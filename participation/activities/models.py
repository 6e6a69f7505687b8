"""A child's activity (a Three Houses, later a Safety House): their words and drawings."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Mode(enum.StrEnum):
    """How the child took part: on the worker's device, or on their own with a code."""

    TOGETHER = "together"
    CODE = "code"


class Activity(Model):
    __tablename__ = "activity"
    # A child's submissions newest first (the review queue, the child page): one index walk.
    __table_args__ = (Index("ix_activity_child_id_submitted_at", "child_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    tool: Mapped[str] = mapped_column(String(32))
    mode: Mapped[Mode] = mapped_column(Enum(Mode, native_enum=False, length=16))
    status: Mapped[Status] = mapped_column(
        Enum(Status, native_enum=False, length=16), default=Status.DRAFT, index=True
    )
    started_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
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


class ActivityArea(Model):
    """The words for one area (a house, a circle): the child's and any scribed, kept apart."""

    __tablename__ = "activity_area"
    __table_args__ = (UniqueConstraint("activity_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    area: Mapped[str] = mapped_column(String(32))
    # Stored exactly as written: never trimmed, corrected or re-cased.
    child_words: Mapped[str] = mapped_column(Text, default="")
    scribed_words: Mapped[str] = mapped_column(Text, default="")
    scribed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="areas")
    scribed_by: Mapped[Worker | None] = relationship()


class Drawing(Model):
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
