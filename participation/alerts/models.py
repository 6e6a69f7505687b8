"""One message sent (or being sent) about an alert: who, how, and what the provider said."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.activities.models import WorryAlert
from participation.auth.models import Worker
from participation.db_types import UTCDateTime, utcnow
from participation.extensions import db


class Step(enum.IntEnum):
    """Who is told, in the order the chain escalates."""

    WORKER = 0
    MANAGER = 1
    DUTY = 2


class NoticeStatus(enum.StrEnum):
    PENDING = "pending"
    # Set and committed before the provider is called: a run that finds a notice "sending"
    # knows an earlier run may have reached the provider, and asks it before sending again.
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    # Someone said "I'm dealing with this" before it went: not sent, on purpose.
    CANCELLED = "cancelled"


def _reference() -> str:
    return str(uuid.uuid4())


class AlertNotice(db.Model):
    __tablename__ = "alert_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(
        ForeignKey("worry_alert.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[int] = mapped_column(default=Step.WORKER)
    # Duty desks and the emergency duty team are not staff accounts: no worker for them.
    recipient_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(8))  # sms / email
    address: Mapped[str] = mapped_column(String(254))
    # Given to the provider with the message, so a run after a crash can ask whether the
    # message already went instead of sending it twice.
    reference: Mapped[str] = mapped_column(String(36), unique=True, default=_reference)
    provider: Mapped[str] = mapped_column(String(64), default="")
    provider_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=NoticeStatus.PENDING)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When a run marked it "sending": while that is recent, that run may still be talking to
    # the provider, and a second run waits rather than look it up and send it again.
    sending_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    alert: Mapped[WorryAlert] = relationship()
    recipient_worker: Mapped[Worker | None] = relationship()

    @property
    def reached(self) -> bool:
        """The provider has taken it (and perhaps delivered it)."""
        return self.status in (NoticeStatus.SENT, NoticeStatus.DELIVERED)
