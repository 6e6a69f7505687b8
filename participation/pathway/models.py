"""Pathway plans written by young people in their own words, with their personal adviser."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.tokens import Invitation


class YoungPerson(Model):
    """A young person in or leaving care (15 to 25); signs in on their own phone."""

    __tablename__ = "young_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date] = mapped_column(Date)
    personal_adviser_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    preferred_language: Mapped[str] = mapped_column(String(16), default="en")
    # Safeguarding: the interpreter's gender may matter to the young person (interpreters
    # chosen "considering gender"); None is no preference, else woman / man.
    interpreter_gender: Mapped[str | None] = mapped_column(String(8))
    # Chosen by the young person when they accept the invitation; no email needed.
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    # Where one-time sign-in codes go (a phone number or email they chose).
    contact: Mapped[str] = mapped_column(String(300), default="")
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    personal_adviser: Mapped[Worker] = relationship()

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""


class YoungPersonInvite(Invitation, Model):
    __tablename__ = "young_person_invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)

    young_person: Mapped[YoungPerson] = relationship()


class OneTimeCode(Model):
    """A sign-in code sent to the contact the young person chose; short-lived, used once."""

    __tablename__ = "one_time_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PathwayPlan(Model):
    __tablename__ = "pathway_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), unique=True)
    yp_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pa_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_due: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    young_person: Mapped[YoungPerson] = relationship()
    sections: Mapped[list["PlanSection"]] = relationship(back_populates="plan")


class PlanSection(Model):
    """One section; `version` guards against one save silently overwriting another."""

    __tablename__ = "plan_section"
    __table_args__ = (UniqueConstraint("plan_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("pathway_plan.id"))
    section: Mapped[str] = mapped_column(String(32))
    # Only the young person writes these; stored exactly as written.
    in_my_words: Mapped[str] = mapped_column(Text, default="")
    want_to_achieve: Mapped[str] = mapped_column(Text, default="")
    # Who wrote each sentence: [{"text", "by", "name", "accepted_by"?}, ...] per field.
    attribution: Mapped[dict] = mapped_column(JSON, default=dict)
    scale: Mapped[int | None] = mapped_column(Integer)
    # The young person decides whether their wider network may see this section.
    shared_with_network: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[PathwayPlan] = relationship(back_populates="sections")
    actions: Mapped[list["PathwayAction"]] = relationship(order_by="PathwayAction.id")


class SectionVersion(Model):
    """Every saved version of a section is kept."""

    __tablename__ = "section_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    in_my_words: Mapped[str] = mapped_column(Text)
    want_to_achieve: Mapped[str] = mapped_column(Text)
    attribution: Mapped[dict] = mapped_column(JSON)
    scale: Mapped[int | None] = mapped_column(Integer)
    author_kind: Mapped[str] = mapped_column(String(24))
    author_name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class UnmergedEdit(Model):
    """A save refused because the section changed elsewhere first (often a phone that was
    offline): kept, so nothing the young person wrote is lost, until they put the two
    versions together."""

    __tablename__ = "unmerged_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id"), index=True)
    # in_my_words, want_to_achieve, scale, shared_with_network, exactly as they sent them.
    values: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Suggestion(Model):
    """The personal adviser's suggested wording: the young person accepts, changes or declines."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id"), index=True)
    field: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    suggested_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")
    final_text: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    section: Mapped[PlanSection] = relationship()
    suggested_by: Mapped[Worker] = relationship()


class PathwayAction(Model):
    """What will happen, who helps, by when; done or not."""

    __tablename__ = "pathway_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    who_helps: Mapped[str] = mapped_column(String(200), default="")
    by_when: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(default=False)
    added_by_kind: Mapped[str] = mapped_column(String(24))
    added_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgreedPlanVersion(Model):
    """A snapshot each time both sign: the record entry for that agreed version."""

    __tablename__ = "agreed_plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("pathway_plan.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON)
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[PathwayPlan] = relationship()
