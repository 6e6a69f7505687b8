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
    # The council's case reference, so a case system can match the plan to the care leaver's
    # file (with the date of birth); "" until the adviser sets it.
    case_reference: Mapped[str] = mapped_column(String(64), default="", server_default="")
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    # The days the adviser says these happened (milestones.py shows them done, or done late):
    # set by the adviser, never guessed from when a row was made. None: not yet, or not known.
    pa_allocated_on: Mapped[date | None] = mapped_column(Date)
    assessment_started_on: Mapped[date | None] = mapped_column(Date)
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
    """A snapshot each time both sign, or a review is held: a version of the plan, in its
    list and in the young person's own copy of their record."""

    __tablename__ = "agreed_plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("pathway_plan.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON)
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the version is a review's outcome (not both signing): which review.
    review_id: Mapped[int | None] = mapped_column(ForeignKey("pathway_review.id"), index=True)

    plan: Mapped[PathwayPlan] = relationship()


# timescales helper


class AccommodationMove(Model):
    """A change of home, recorded by the young person or their adviser: it sets the next
    review, since a move is when a plan most often stops fitting."""

    __tablename__ = "accommodation_move"
    __table_args__ = (UniqueConstraint("young_person_id", "client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    moved_on: Mapped[date] = mapped_column(Date)
    # One of moves.PLACES (staying put, supported lodgings, own tenancy, custody, ...).
    place: Mapped[str] = mapped_column(String(32))
    # Their own words about the move, stored exactly as written, with their language.
    words: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    recorded_by_kind: Mapped[str] = mapped_column(String(24))
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    review_on: Mapped[date] = mapped_column(Date)
    # The form's own key, as the journal's: the same form sent twice (a double tap, a resend
    # after a dropped connection) is one move.
    client_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    young_person: Mapped[YoungPerson] = relationship()


class ReviewForwardRequest(Model):
    """ "Bring my review forward" in a crisis, from the young person or the adviser: the
    adviser sees it until they set an earlier date."""

    __tablename__ = "review_forward_request"
    __table_args__ = (UniqueConstraint("young_person_id", "client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="en")
    asked_by_kind: Mapped[str] = mapped_column(String(24))
    asked_by_name: Mapped[str] = mapped_column(String(200))
    client_key: Mapped[str | None] = mapped_column(String(64))  # one request per form sent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PathwayReview(Model):
    """One review of the plan: the views asked for before it and, once held, its outcome
    with the plan as it stood (a version of the plan, and a record entry)."""

    __tablename__ = "pathway_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    plan_id: Mapped[int] = mapped_column(ForeignKey("pathway_plan.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date, index=True)
    # The adviser's outcome, in English (the record's language), translated for the young
    # person like every word a worker writes to them.
    outcome: Mapped[str] = mapped_column(Text, default="")
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    # The plan as it stood when the review was held (agreement.snapshot): this version.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[PathwayPlan] = relationship()
    held_by: Mapped[Worker | None] = relationship()
    contributors: Mapped[list["ReviewContributor"]] = relationship(
        back_populates="review", order_by="ReviewContributor.id"
    )


class ReviewContributor(Invitation, Model):
    """Someone the young person asked for their views before a review (a network member or a
    carer), by a link used once: redeemed_at is when their answers arrived."""

    __tablename__ = "review_contributor"
    __table_args__ = (UniqueConstraint("review_id", "client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    review_id: Mapped[int] = mapped_column(ForeignKey("pathway_review.id"), index=True)
    # Set when they are a member of the young person's network; else an outside person.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("network_member.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_young_person: Mapped[str] = mapped_column(String(200), default="")
    # The language they are asked in and answer in.
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Their answers, exactly as written and attributed to them by name.
    going_well: Mapped[str] = mapped_column(Text, default="")
    worries: Mapped[str] = mapped_column(Text, default="")
    should_happen: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str | None] = mapped_column(String(64))  # one contributor per form sent

    review: Mapped[PathwayReview] = relationship(back_populates="contributors")


# help helper


class CouncilText(Model):
    """Text the council writes and keeps up to date for young people (what they are entitled
    to), edited by an admin and translated like everything a worker writes."""

    __tablename__ = "council_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)

    updated_by: Mapped[Worker | None] = relationship()
