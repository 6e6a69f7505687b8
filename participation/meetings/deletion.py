"""Deleting a child's meetings with their record (retention), and their subject access copy."""

from sqlalchemy import Delete, delete, select

from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.record.pdfs import forget_pdfs
from participation.retention.deleting import translations


def delete_meetings(child_id: int) -> list[str]:
    """The child's meetings, what they were told and their answers, the translations, the
    record entries and PDFs go; returns the PDF files to remove once the deletion commits.
    The activities tagged with a meeting are the child's and have gone before this."""
    public_ids = list(
        db.session.scalars(select(Meeting.public_id).where(Meeting.child_id == child_id))
    )
    if not public_ids:
        return []
    keys = forget_pdfs("meeting", public_ids)
    statements: tuple[Delete, ...] = (
        translations(Meeting, public_ids),
        delete(RecordEntry).where(RecordEntry.object_id.in_(public_ids)),
        delete(Meeting).where(Meeting.child_id == child_id),
    )
    for statement in statements:
        db.session.execute(statement)
    return keys


def meetings_for_bundle(child_id: int) -> list[dict]:
    """A child's meetings, what they were told and their own answers (theirs to have back)."""
    stmt = select(Meeting).where(Meeting.child_id == child_id).order_by(Meeting.held_on)
    return [
        {
            "id": m.public_id, "kind": m.kind, "held_on": m.held_on, "chair": m.chair.name,
            "views_due": m.views_due, "outcome": m.outcome, "outcome_language": m.outcome_language,
            "outcome_at": m.outcome_at, "answer": m.answer, "answer_language": m.answer_language,
            "answered_at": m.answered_at,
        }
        for m in db.session.scalars(stmt)
    ]  # fmt: skip
