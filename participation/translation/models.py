"""Translations kept beside the original words, saying who or what translated them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model


class Translation(Model):
    """The original is never replaced: this is a separate record of one field's translation."""

    __tablename__ = "translation"
    __table_args__ = (
        # The interpreters' queues: the words still waiting alone, not every translation the
        # council ever made; and one interpreter's latest done, newest first.
        Index(
            "ix_translation_waiting",
            "requested_at",
            postgresql_where=text("status = 'requested'"),
            sqlite_where=text("status = 'requested'"),
        ),
        Index("ix_translation_assigned_to_id_translated_at", "assigned_to_id", "translated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    object_kind: Mapped[str] = mapped_column(String(24))  # journal_entry / activity
    object_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(96))
    # What was sent, exactly: the interpreter sees this and nothing else of the record.
    source_text: Mapped[str] = mapped_column(Text)
    source_language: Mapped[str] = mapped_column(String(16))
    target_language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text, default="")
    # requested (people), pending (the engine), done, failed, superseded, withdrawn
    status: Mapped[str] = mapped_column(String(16), default="requested")
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    translator_kind: Mapped[str] = mapped_column(
        String(16), default=""
    )  # interpreter/worker/machine
    translator_name: Mapped[str] = mapped_column(String(200), default="")
    engine: Mapped[str] = mapped_column(String(200), default="")
    translated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # An interpreter's earlier text, kept (status "superseded") when they change it, so the
    # record shows what it said and when it changed.
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Copied from the person whose words these are when asked for: a queued row with a
    # preference ("woman" / "man") is only offered to an interpreter of that gender.
    gender_preference: Mapped[str | None] = mapped_column(String(8))
    # A voice memo sent to an interpreter: the recording's public id (a file of the object,
    # found through its record kind), and what was said, written in the original language.
    audio_id: Mapped[str | None] = mapped_column(String(36))
    transcript: Mapped[str] = mapped_column(Text, default="", server_default="")

    requested_by: Mapped[Worker] = relationship(foreign_keys=[requested_by_id])
    assigned_to: Mapped[Worker | None] = relationship(foreign_keys=[assigned_to_id])
