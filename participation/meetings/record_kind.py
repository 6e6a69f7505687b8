"""A meeting on the case record (HTML, PDF, JSON): its views, the outcome told to the child,
the child's answer and whether they read it; the outcome and the answer are translated."""

from sqlalchemy import select

from participation.caserecord.kinds import RecordKind, register
from participation.children.models import Child
from participation.meetings.models import Meeting
from participation.meetings.services import (
    ANSWER_KIND,
    MEETING_KIND,
    OUTCOME_KIND,
    get_meeting_or_404,
    outcome_share,
    sent_late,
    views_for,
)
from participation.translation.services import as_record, translations_for

SCHEMA = "participation.meeting.v1"
# The record's own English names for each kind of meeting (the record is in English).
KIND_LABELS = {
    "initial_cp_conference": "Initial child protection conference",
    "review_cp_conference": "Review child protection conference",
    "looked_after_review": "Looked-after review",
    "child_in_need_review": "Child in need review",
    "family_network_meeting": "Family network meeting",
    "pathway_review": "Pathway review",
}


def _subjects(meeting: Meeting) -> list[tuple[str, str]]:
    return [("child", meeting.child.public_id)]


def _bulk(ids: set[str]):
    return (
        select(Meeting.public_id, Child.public_id)
        .join(Child, Child.id == Meeting.child_id)
        .where(Meeting.public_id.in_(ids))
    )


def _translations(kind: str, meeting: Meeting, field: str, text: str) -> list[dict]:
    """Only translations of exactly the words on the record."""
    found = translations_for(kind, meeting.public_id, with_earlier=True)
    return as_record(
        {f: [t for t in g if t.source_text == text] for f, g in found.items() if f == field}
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def meeting_document(meeting: Meeting) -> dict:
    """The meeting, the child's views asked for it (each its own record entry), what they were
    told and their answer verbatim, with translations beside the words."""
    child = meeting.child
    share = outcome_share(meeting)
    return {
        "schema": SCHEMA,
        "id": meeting.public_id,
        "kind": meeting.kind,
        "kind_name": KIND_LABELS.get(meeting.kind, meeting.kind),
        "child": {
            "id": child.public_id,
            "name": child.name,
            "case_reference": child.case_reference,
            "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
            "screen_language": child.preferred_language,
        },
        "held_on": meeting.held_on.isoformat(),
        "chair": {"name": meeting.chair.name, "role": meeting.chair.role},
        "views_due": meeting.views_due.isoformat(),
        "views": [
            {
                "activity_id": a.public_id,
                "tool": a.tool,
                "status": a.status,
                "submitted_at": _iso(a.submitted_at),
                "views_due": _iso(a.views_due or meeting.views_due),
                "sent_after_due_date": sent_late(a),
            }
            for a in views_for(meeting)
        ],  # fmt: skip
        "outcome": meeting.outcome or None,
        "outcome_language": meeting.outcome_language if meeting.outcome else None,
        "outcome_at": _iso(meeting.outcome_at),
        "outcome_by": meeting.outcome_by.name if meeting.outcome_by else None,
        "outcome_translations": _translations(OUTCOME_KIND, meeting, "outcome", meeting.outcome),
        # The read receipt: when the child first saw it in their space, and how.
        "outcome_first_read_at": _iso(share.first_read_at) if share else None,
        "outcome_read_mode": (share.read_mode or None) if share else None,
        "answer": meeting.answer or None,
        "answer_language": meeting.answer_language or None,
        "answered_at": _iso(meeting.answered_at),
        "answer_translations": _translations(ANSWER_KIND, meeting, "answer", meeting.answer),
    }


MEETING = register(
    RecordKind(
        name=MEETING_KIND,
        model=Meeting,
        get_or_404=get_meeting_or_404,
        subjects=_subjects,
        bulk_subjects=(_bulk, ("child",)),
        api_name="child_meeting",
        document=meeting_document,
        template="meetings/record_document.html",
        slug="meeting",
        pdf_filename=lambda m, _data: f"{m.child.case_reference}-meeting-{m.public_id[:8]}.pdf",
        pdf_title=lambda m, data: f"{m.child.name} · {data['kind_name']}",
    )
)

# The worker's outcome, into the child's language.
register(RecordKind(name=OUTCOME_KIND, model=Meeting, subjects=_subjects, text_fields=("outcome",)))
# The child's answer, into English for their worker and the record.
register(RecordKind(name=ANSWER_KIND, model=Meeting, subjects=_subjects, text_fields=("answer",)))
