"""Messages the development provider "sent": kept so a developer sees each one on screen."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model


class DevMessage(Model):
    """Written only by the "log" provider, which production refuses to start with, so a
    live service never holds a copy of what it texted or emailed."""

    __tablename__ = "dev_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # "sms" or "email"
    to: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(120), index=True)
    provider_id: Mapped[str] = mapped_column(String(36), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
