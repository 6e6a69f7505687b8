"""A child's or young person's request for someone independent: an advocate, or a complaint,
and each message sent about it to the council's contacts."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.pathway.models import YoungPerson


class RequestKind(enum.StrEnum):
    ADVOCATE = "advocate"  # "I'd like an advocate / to talk to someone who isn't my worker"
    COMPLAINT = "complaint"  # "I'm not happy about something"


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"  # the outcome is written and goes back to them


class AdvocacyRequest(Model):
    """One press of "someone independent": whose it is (a child or a young person, never
    both), their optional words exactly as written, and the outcome the worker writes back."""

    __tablename__ = "advocacy_request"
    __table_args__ = (
        CheckConstraint("(child_id IS NULL) <> (young_person_id IS NULL)", name="owner"),
        # A double tap or a resend on a bad signal makes one request: the key is made with the form.
        Index("uq_advocacy_request_client_key", "client_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int | None] = mapped_column(
        ForeignKey("child.id", ondelete="CASCADE"), index=True
    )
    young_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("young_person.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    # Their own words, optional, kept exactly as written in the language they wrote in.
    words: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    client_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN)
    # What happened, written by the worker (usually in English) and translated for them.
    outcome: Mapped[str] = mapped_column(Text, default="")
    outcome_language: Mapped[str] = mapped_column(String(16), default="en")
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)

    child: Mapped[Child | None] = relationship()
    young_person: Mapped[YoungPerson | None] = relationship()
    outcome_by: Mapped[Worker | None] = relationship()


class AdvocacyNotice(Model):
    """A message to one contact about a request; sent once by a job, never on the request path."""

    __tablename__ = "advocacy_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("advocacy_request.id", ondelete="CASCADE"), index=True
    )
    # advocacy / complaints / reviewing_officer / team_manager
    role: Mapped[str] = mapped_column(String(24))
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(254))
    # Given to the provider, so a retried job asks before sending again.
    reference: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/sent/failed
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    request: Mapped[AdvocacyRequest] = relationship()
