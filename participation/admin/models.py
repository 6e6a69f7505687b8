"""What an admin changes without the command line: council settings and first-password links."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model


class CouncilSetting(Model):
    """One council setting an admin chose, read in preference to config.py's default."""

    __tablename__ = "council_setting"

    # The config.py name it overrides (DUTY_CONTACT, HELP_NUMBERS...): see admin/council.py.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)


class SetPasswordLink(Model):
    """A one-time link a new member of staff uses to choose their own first password, so
    nobody else ever knows it (the admin passes the link on; only its keyed hash is kept)."""

    __tablename__ = "set_password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    worker: Mapped[Worker] = relationship()
