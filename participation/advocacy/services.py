"""Asking for someone independent, who is told, the worker's list, and the outcome sent back
in the child's or young person's language. Every query is scoped to who is asking."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from participation.advocacy.models import (
    AdvocacyNotice,
    AdvocacyRequest,
    RequestKind,
    RequestStatus,
)
from participation.atomic import lock
from participation.auth.models import Role, Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.db_types import utcnow
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingKind
from participation.pathway.models import YoungPerson
from participation.pathway.plans import visible_young_people_stmt

REQUEST_KIND = "advocacy_request"  # the record entry, and the child's words translated
OUTCOME_KIND = "advocacy_outcome"  # the worker's outcome, translated for the child

# Settings (PARTICIPATION_ADVOCACY_CONTACT etc., JSON from the environment): an email, or
# {"name": ..., "email": ..., "days": ...}; "days" is how soon they promise to be in touch.
CONTACT_SETTING = {
    RequestKind.ADVOCATE: "ADVOCACY_CONTACT",
    RequestKind.COMPLAINT: "COMPLAINTS_CONTACT",
}
DEFAULT_DAYS = {RequestKind.ADVOCATE: 5, RequestKind.COMPLAINT: 10}


@dataclass(frozen=True)
class Contact:
    role: str
    name: str
    email: str


def _setting(kind: str) -> dict:
    value = current_app.config.get(CONTACT_SETTING[RequestKind(kind)])
    if isinstance(value, str):
        return {"email": value}
    return value if isinstance(value, dict) else {}


def contact_for(kind: str) -> Contact | None:
    """The council's advocacy service, or its complaints team, from the settings."""
    value = _setting(kind)
    email = (value.get("email") or "").strip()
    if not email:
        return None
    role = "advocacy" if kind == RequestKind.ADVOCATE else "complaints"
    default = _("Advocacy service") if role == "advocacy" else _("Complaints team")
    return Contact(role, value.get("name") or default, email)


def days_to_contact(kind: str) -> int:
    """Roughly how soon the service promises to be in touch (what the page tells them)."""
    try:
        return int(_setting(kind).get("days") or DEFAULT_DAYS[RequestKind(kind)])
    except (TypeError, ValueError):
        return DEFAULT_DAYS[RequestKind(kind)]


def _team_managers(worker: Worker | None) -> list[Worker]:
    if worker is None or worker.team_id is None:
        return []
    return list(
        db.session.scalars(
            select(Worker)
            .where(
                Worker.team_id == worker.team_id,
                Worker.role == Role.TEAM_MANAGER,
                Worker.active.is_(True),
                Worker.id != worker.id,
            )
            .order_by(Worker.name)
        )
    )


def reviewing_officer(child: Child) -> Worker | None:
    """A child in care's independent reviewing officer: who chairs their latest looked-after
    review (the IRO stays with the child from review to review)."""
    return db.session.scalars(
        select(Worker)
        .join(Meeting, Meeting.chair_id == Worker.id)
        .where(
            Meeting.child_id == child.id,
            Meeting.kind == MeetingKind.LOOKED_AFTER_REVIEW,
            Worker.role == Role.INDEPENDENT_REVIEWING_OFFICER,
            Worker.active.is_(True),
        )
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    ).first()


def recipients(item: AdvocacyRequest) -> list[Contact]:
    """The council's contact for the kind, and for a child in care their reviewing officer.
    A child with no reviewing officer has the allocated worker's team manager: someone
    above the worker the child may be unhappy with."""
    found = []
    contact = contact_for(item.kind)
    if contact is not None:
        found.append(contact)
    if item.child is not None:
        # Safeguarding: the IRO is independent of the worker and the worker's line manager,
        # which is why the child in care is told their words reach them.
        officer = reviewing_officer(item.child)
        others = [officer] if officer else _team_managers(item.child.allocated_worker)
        role = "reviewing_officer" if officer else "team_manager"
        for person in others:
            found.append(Contact(role, person.name, person.contact_email or person.email))
    return found


def _owner_clause(person: Child | YoungPerson):
    if isinstance(person, Child):
        return AdvocacyRequest.child_id == person.id
    return AdvocacyRequest.young_person_id == person.id


def ask(person: Child | YoungPerson, kind: str, words: str, language: str, key: str | None):
    """Save the request, its record entry, its audit row and its messages in one transaction.
    The same form sent twice (a double tap, a resend) is one request: the first."""
    from participation.advocacy import jobs
    from participation.audit.services import record
    from participation.caserecord.services import register, team_of_worker_id
    from participation.jobs import enqueue
    from participation.translation.services import auto_request

    lock(person)  # taps at once wait here, then find the first one's row by its key
    if key:
        existing = db.session.scalar(
            select(AdvocacyRequest).where(AdvocacyRequest.client_key == key, _owner_clause(person))
        )
        if existing is not None:
            db.session.commit()
            return existing
    item = AdvocacyRequest(
        kind=RequestKind(kind).value, words=words.strip(), language=language, client_key=key
    )
    if isinstance(person, Child):
        item.child, worker = person, person.allocated_worker
    else:
        item.young_person, worker = person, person.personal_adviser
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError:
        # Someone else's request holds this key (a forged form): a request all the same.
        item.client_key = None
        db.session.add(item)
        db.session.flush()
    child = person if isinstance(person, Child) else None
    about = None if child else [person]
    record("advocacy_request", child, REQUEST_KIND, item.public_id, detail=item.kind, about=about)
    label = (
        f"{person.name}: asked for an advocate"
        if item.kind == RequestKind.ADVOCATE
        else f"{person.name}: not happy about something"
    )
    register(REQUEST_KIND, item.public_id, team_of_worker_id(worker.id), label)
    for contact in recipients(item):
        notice = AdvocacyNotice(
            request_id=item.id,
            role=contact.role,
            recipient_name=contact.name[:200],
            address=contact.email[:254],
        )
        db.session.add(notice)
        db.session.flush()
        # Off the request path, like alerts: a slow provider never holds up their page.
        enqueue(jobs.send_notice, notice_id=notice.id)
    if item.words:
        # Their words into English for the worker and the record; theirs stay as written.
        auto_request(REQUEST_KIND, item, item.language, worker)
    db.session.commit()
    current_app.logger.info("advocacy request %s saved", item.public_id)
    return item


def requests_of(person: Child | YoungPerson) -> list[AdvocacyRequest]:
    """Their own requests only, newest first."""
    return list(
        db.session.scalars(
            select(AdvocacyRequest)
            .where(_owner_clause(person))
            .order_by(AdvocacyRequest.created_at.desc(), AdvocacyRequest.id.desc())
        )
    )


def _visible_stmt(worker: Worker):
    """Requests of the children and young people on this worker's caseload, nobody else's."""
    children = visible_children_stmt(worker).with_only_columns(Child.id).order_by(None)
    people = visible_young_people_stmt(worker).with_only_columns(YoungPerson.id).order_by(None)
    return select(AdvocacyRequest).where(
        or_(
            AdvocacyRequest.child_id.in_(children.scalar_subquery()),
            AdvocacyRequest.young_person_id.in_(people.scalar_subquery()),
        )
    )


def requests_for_worker(worker: Worker) -> list[AdvocacyRequest]:
    stmt = _visible_stmt(worker).order_by(
        AdvocacyRequest.status, AdvocacyRequest.created_at.desc(), AdvocacyRequest.id.desc()
    )
    return list(db.session.scalars(stmt.limit(200)))


def get_request_or_404(public_id: str, worker: Worker) -> AdvocacyRequest:
    """404 for a request of someone the worker does not see: we don't confirm it exists."""
    return db.first_or_404(_visible_stmt(worker).where(AdvocacyRequest.public_id == public_id))


def owner(item: AdvocacyRequest) -> Child | YoungPerson:
    found = item.child or item.young_person
    assert found is not None
    return found


def write_outcome(item: AdvocacyRequest, worker: Worker, text: str, language: str) -> None:
    """The worker's outcome: saved, audited, and sent for translation into their language."""
    from participation.audit.services import record
    from participation.translation.services import auto_request

    lock(item)
    person = owner(item)
    item.outcome, item.outcome_language = text.strip(), language
    item.outcome_at, item.outcome_by, item.status = utcnow(), worker, RequestStatus.DONE
    child = item.child
    about = None if child else [person]
    record("advocacy_outcome", child, REQUEST_KIND, item.public_id, about=about)
    auto_request(OUTCOME_KIND, item, language, worker, target=person.preferred_language or "en")
    db.session.commit()


@dataclass(frozen=True)
class OutcomeForThem:
    text: str
    language: str
    translated_by: str  # "" as written, "machine", or a person's name


def outcome_for(item: AdvocacyRequest, language: str) -> OutcomeForThem | None:
    """The outcome in their language where a finished translation of exactly those words
    exists (labelled), else as the worker wrote it."""
    from participation.translation.models import Translation
    from participation.translation.services import these_words

    if not item.outcome:
        return None
    if item.outcome_language == language:
        return OutcomeForThem(item.outcome, language, "")
    done = db.session.scalar(
        select(Translation)
        .where(
            *these_words(OUTCOME_KIND, item.public_id, "outcome", item.outcome, language),
            Translation.status == "done",
        )
        .order_by(Translation.translated_at.desc(), Translation.id.desc())
        .limit(1)
    )
    if done is None or not done.text:
        return OutcomeForThem(item.outcome, item.outcome_language, "")
    by = "machine" if done.translator_kind == "machine" else done.translator_name
    return OutcomeForThem(done.text, language, by)


def audit_read(item: AdvocacyRequest, action: str) -> None:
    """Every read of a person's words is on their trail."""
    from participation.audit.services import record

    child = item.child
    about = None if child else [owner(item)]
    record(action, child, REQUEST_KIND, item.public_id, about=about)
