"""Record entries waiting for the council's case record, and the systems that pull them."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Team
from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model


class ApiClient(Model):
    """A case management system (Liquidlogic, Mosaic...) that pulls one team's entries."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    team: Mapped[Team] = relationship()


class RecordEntry(Model):
    """One entry per thing the case record must hold; `id` is the pull cursor."""

    __tablename__ = "record_entry"
    __table_args__ = (
        # A case system's pull (team, after a cursor) reads its own team's next rows, not
        # every team's rows after the cursor.
        Index("ix_record_entry_team_id_id", "team_id", "id"),
        # The overdue view reads the team's unfiled entries alone, not everything ever filed.
        Index(
            "ix_record_entry_unfiled",
            "team_id",
            "due_by",
            postgresql_where=text("filed_at IS NULL"),
            sqlite_where=text("filed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    object_id: Mapped[str] = mapped_column(String(36), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    label: Mapped[str] = mapped_column(String(300))
    urgent: Mapped[bool] = mapped_column(default=False)
    ready_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Recording timescales: critical events within 1 working day, others within 5.
    due_by: Mapped[date] = mapped_column(Date, index=True)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    filed_by: Mapped[str] = mapped_column(String(200), default="")
    # Webhook delivery, by the job queue's deliver_webhook job (notify_next_at is no longer
    # used: the queue holds when the next attempt is due).
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notify_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    notify_next_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    notify_error: Mapped[str] = mapped_column(String(300), default="", server_default="")
