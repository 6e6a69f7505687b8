"""A child's activity (a Three Houses, later a Safety House): their words and drawings."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model

if TYPE_CHECKING:
    from participation.meetings.models import Meeting


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Outcome(enum.StrEnum):
    """How an activity ended when the child did not finish it: their choice, filed as such."""

    DECLINED = "declined"
    STOPPED = "stopped"


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
    # What the worker planned at the start; the record trusts it only once confirmed below.
    seen_alone: Mapped[bool] = mapped_column(default=True)
    present: Mapped[str] = mapped_column(Text, default="")
    interpreter: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Safeguarding: "seen alone" is confirmed at the end by who was there, not guessed at the
    # start. None: not confirmed yet, and the record says so. Code mode confirms itself:
    # done on the child's own device with the worker not present (worker_present False).
    seen_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    seen_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    worker_present: Mapped[bool | None] = mapped_column()
    seen_where: Mapped[str] = mapped_column(String(200), default="", server_default="")
    not_alone_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # None: done to the end; else the child chose not to do it, or stopped part way.
    outcome: Mapped[Outcome | None] = mapped_column(Enum(Outcome, native_enum=False, length=16))
    # The meeting these are the child's views for (participation/meetings), if asked for one.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    # When the child's views for that meeting are due: the meeting kind's setting, or the day
    # the worker chose when asking (never after the meeting). None for any other activity.
    views_due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    child: Mapped[Child] = relationship()
    started_by: Mapped[Worker] = relationship(foreign_keys=[started_by_id])
    seen_confirmed_by: Mapped[Worker | None] = relationship(foreign_keys=[seen_confirmed_by_id])
    meeting: Mapped["Meeting | None"] = relationship()
    areas: Mapped[list["ActivityArea"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )
    drawings: Mapped[list["Drawing"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    voice_notes: Mapped[list["VoiceNote"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="VoiceNote.id"
    )
    observation: Mapped["Observation | None"] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def attachments(self) -> list["VoiceNote"]:
        """The child's recordings, under the name translation looks for, so a voice note goes
        to an interpreter (to write down and translate) exactly as a journal voice memo does."""
        return list(self.voice_notes)


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
    # Pictures the child chose (symbol mode), stored verbatim: each symbol's picture and name
    # as shown (activities/symbols.py), in the order the form sent them.
    symbols: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")
    scribed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    # The scribe read the words back to the child and the child said they were right.
    read_back: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
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


class VoiceNote(Model):
    """The child's own voice in one area: checked as real audio (audio.py), stored as recorded
    (never re-encoded: it is their voice) outside static/."""

    __tablename__ = "activity_voice"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    area: Mapped[str] = mapped_column(String(32))
    storage_key: Mapped[str] = mapped_column(String(128))
    media_type: Mapped[str] = mapped_column(String(32))
    byte_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    seconds: Mapped[float | None] = mapped_column(Float)
    # None: recorded on the child's own device; else the worker whose device it was made on.
    recorded_on_device_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("worker.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="voice_notes")
    recorded_on_device_of: Mapped[Worker | None] = relationship()

    # What translation.voices_of asks of an attachment.
    kind = "voice"


class Observation(Model):
    """What the worker saw (a baby, a child who doesn't speak): the worker's account, kept
    apart from anything the child expressed and from the worker's analysis."""

    __tablename__ = "activity_observation"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity] = relationship(back_populates="observation")
    by: Mapped[Worker | None] = relationship()
