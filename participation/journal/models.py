"""The safety journal: the network showing the plan working, entry by entry."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model, db
from participation.network.models import Family, NetworkMember, PlanRule

entry_rules = Table(
    "journal_entry_rule",
    db.metadata,
    Column("entry_id", ForeignKey("journal_entry.id"), primary_key=True),
    Column("rule_id", ForeignKey("plan_rule.id"), primary_key=True, index=True),
)


class JournalEntry(Model):
    __tablename__ = "journal_entry"
    __table_args__ = (
        UniqueConstraint("member_id", "client_key"),
        # A family's entries newest first (the review queue, the family journal).
        Index("ix_journal_entry_family_id_created_at", "family_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("network_member.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Stored exactly as written, with the language it was written in.
    what_happened: Mapped[str] = mapped_column(Text, default="")
    plan_worked: Mapped[str] = mapped_column(String(8))  # yes / partly / no
    red_flags: Mapped[str] = mapped_column(Text, default="")
    safety_object_checked: Mapped[str] = mapped_column(String(8), default="na")  # yes / no / na
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Only the boss of the plan can share an entry with the rest of the network.
    shared_with_network: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Sent with the form: a retry or double tap of the same entry never makes two.
    client_key: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    # The worker's reply to the member, in English; delivered translated where one exists.
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)

    family: Mapped[Family] = relationship()
    member: Mapped[NetworkMember] = relationship()
    rules: Mapped[list[PlanRule]] = relationship(secondary=entry_rules, order_by=PlanRule.position)
    attachments: Mapped[list["JournalAttachment"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )
    reviewed_by: Mapped[Worker | None] = relationship(foreign_keys=[reviewed_by_id])
    replied_by: Mapped[Worker | None] = relationship(foreign_keys=[replied_by_id])


class JournalAttachment(Model):
    """A photo (re-encoded, metadata stripped) or a voice memo recorded in the browser."""

    __tablename__ = "journal_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entry.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # photo / voice
    storage_key: Mapped[str] = mapped_column(String(128))
    media_type: Mapped[str] = mapped_column(String(32))
    byte_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    entry: Mapped[JournalEntry] = relationship(back_populates="attachments")


class JournalRead(Model):
    """Which worker has opened which journal entry, for their unread count."""

    __tablename__ = "journal_read"

    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), primary_key=True)
    # Its own index: the key starts with worker_id, so a retention delete of an entry
    # would otherwise scan every worker's reads.
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("journal_entry.id"), primary_key=True, index=True
    )
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
