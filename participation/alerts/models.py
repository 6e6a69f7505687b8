"""Urgent alerts (a worry raised now) and each message sent about one: who, how, and what
the provider said."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.activities.models import Activity
from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.journal.models import JournalEntry
from participation.network.models import Family, NetworkMember
from participation.pathway.models import YoungPerson


class AlertKind(enum.StrEnum):
    """The urgent events that reach a person (config ALERT_EVENTS chooses which send)."""

    CHILD_WORRY = "child_worry"
    MEMBER_WORRY = "member_worry"
    # Sunderland practice: a failed plan needs an urgent network meeting; goal posts stay.
    PLAN_DID_NOT_WORK = "plan_did_not_work"
    # A care leaver pressing "Tell my PA I need help" on their own phone.
    YOUNG_PERSON_HELP = "young_person_help"


class WorryAlert(Model):
    """A child's "I'm worried right now", a network member's "something worrying is
    happening now", or a journal entry saying the plan did not work: the worker must see
    this first."""

    __tablename__ = "worry_alert"
    # The open alerts alone, for the header badge on every staff page and the queue: without
    # it PostgreSQL reads every alert the council ever had to find the few still open.
    __table_args__ = (
        Index(
            "ix_worry_alert_open",
            "raised_at",
            postgresql_where=text("acknowledged_at IS NULL"),
            sqlite_where=text("acknowledged_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("network_member.id"), index=True)
    kind: Mapped[str] = mapped_column(
        String(32), default=AlertKind.CHILD_WORRY, server_default=AlertKind.CHILD_WORRY.value
    )
    journal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entry.id"), index=True)
    # A young person's own "I need help now" (no child, no family): their adviser is told.
    young_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("young_person.id", ondelete="CASCADE"), index=True
    )
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    # What the person who picked it up said they are doing, in their own words.
    acknowledged_action: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The furthest step of the chain told so far (0 worker, 1 manager, 2 duty).
    escalation_step: Mapped[int] = mapped_column(default=0, server_default="0")

    child: Mapped[Child | None] = relationship()
    activity: Mapped[Activity | None] = relationship()
    family: Mapped[Family | None] = relationship()
    member: Mapped[NetworkMember | None] = relationship()
    journal_entry: Mapped[JournalEntry | None] = relationship()
    young_person: Mapped[YoungPerson | None] = relationship()
    acknowledged_by: Mapped[Worker | None] = relationship()


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


class AlertNotice(Model):
    __tablename__ = "alert_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(
        ForeignKey("worry_alert.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[int] = mapped_column(default=Step.WORKER)
    # Duty desks and the emergency duty team are not staff accounts: no worker for them.
    recipient_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
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
