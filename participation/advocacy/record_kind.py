"""A request for someone independent on the case record (HTML, PDF, JSON), and the child's
words and the worker's outcome as kinds that are translated."""

from flask_babel import gettext as _
from sqlalchemy import case, select

from participation.advocacy.models import AdvocacyNotice, AdvocacyRequest, RequestKind
from participation.advocacy.services import (
    OUTCOME_KIND,
    REQUEST_KIND,
    get_request_or_404,
    owner,
)
from participation.caserecord.kinds import RecordKind, register
from participation.children.models import Child
from participation.extensions import db
from participation.pathway.models import YoungPerson
from participation.translation.services import as_record, translations_for

SCHEMA = "participation.advocacy-request.v1"


def _subjects(item: AdvocacyRequest) -> list[tuple[str, str]]:
    """It is the child's, or the young person's: the trail of every read is on their record."""
    if item.child is not None:
        return [("child", item.child.public_id)]
    return [("young_person", item.young_person.public_id)] if item.young_person else []


def _bulk(ids: set[str]):
    return (
        select(
            AdvocacyRequest.public_id,
            Child.public_id,
            case((Child.id.is_(None), YoungPerson.public_id)),
        )
        .outerjoin(Child, Child.id == AdvocacyRequest.child_id)
        .outerjoin(YoungPerson, YoungPerson.id == AdvocacyRequest.young_person_id)
        .where(AdvocacyRequest.public_id.in_(ids))
    )


def _translations(kind: str, item: AdvocacyRequest, field: str, text: str) -> list[dict]:
    """Only translations of exactly the words on the record."""
    found = translations_for(kind, item.public_id, with_earlier=True)
    return as_record(
        {f: [t for t in g if t.source_text == text] for f, g in found.items() if f == field}
    )


def request_document(item: AdvocacyRequest) -> dict:
    """What they asked for, their words verbatim in their language, who was told and the
    outcome, with the translations beside the words."""
    person = owner(item)
    notices = db.session.scalars(
        select(AdvocacyNotice)
        .where(AdvocacyNotice.request_id == item.id)
        .order_by(AdvocacyNotice.id)
    )
    return {
        "schema": SCHEMA,
        "id": item.public_id,
        "tool": {"id": "advocacy", "name": "Someone independent"},
        "kind": item.kind,
        "asked_for": "an advocate" if item.kind == RequestKind.ADVOCATE else "to complain",
        "person": {
            "kind": "child" if item.child is not None else "young_person",
            "id": person.public_id,
            "name": person.name,
            "case_reference": person.case_reference or None,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        },
        "created_at": item.created_at.isoformat(),
        "words": item.words,
        "language": item.language,
        "words_translations": _translations(REQUEST_KIND, item, "words", item.words),
        "told": [
            {
                "to": n.recipient_name,
                "role": n.role,
                "address": n.address,
                "status": n.status,
                "sent_at": n.sent_at.isoformat() if n.sent_at else None,
            }
            for n in notices
        ],
        "status": item.status,
        "outcome": item.outcome or None,
        "outcome_language": item.outcome_language if item.outcome else None,
        "outcome_at": item.outcome_at.isoformat() if item.outcome_at else None,
        "outcome_by": item.outcome_by.name if item.outcome_by else None,
        "outcome_translations": _translations(OUTCOME_KIND, item, "outcome", item.outcome),
    }


ADVOCACY_REQUEST = register(
    RecordKind(
        name=REQUEST_KIND,
        model=AdvocacyRequest,
        get_or_404=get_request_or_404,
        subjects=_subjects,
        bulk_subjects=(_bulk, ("child", "young_person")),
        api_name="advocacy_request",
        document=request_document,
        template="advocacy/record_document.html",
        slug="advocacy",
        pdf_filename=lambda item, _data: f"advocacy-{item.public_id[:8]}.pdf",
        pdf_title=lambda item, _data: (
            _("Asked for an advocate")
            if item.kind == RequestKind.ADVOCATE
            else _("Not happy about something")
        ),
        # Their own words, into English for the worker and the record.
        text_fields=("words",),
    )
)

# The worker's outcome, translated into the child's or young person's language.
register(
    RecordKind(
        name=OUTCOME_KIND,
        model=AdvocacyRequest,
        subjects=_subjects,
        text_fields=("outcome",),
    )
)
