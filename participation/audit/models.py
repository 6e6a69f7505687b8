"""Who viewed, reviewed or exported whose record (a child's, a young person's or a network
member's), and when."""

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model


class AuditEvent(Model):
    """Append-only; no foreign keys so the trail outlives deleted records (retention).
    One row per person an action is about, so each person's trail is one indexed query."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_subject", "subject_kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64), default="")
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(48), index=True)
    # Kept filled for child subjects, as it always was, so older reports still find them.
    child_public_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    # Whose words or files it is about (child / young_person / network_member, and their
    # public id): the person whose "Who has looked" page and subject access bundle show it.
    subject_kind: Mapped[str] = mapped_column(String(16), default="", server_default="")
    subject_id: Mapped[str] = mapped_column(String(36), default="", server_default="")
    object_kind: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
