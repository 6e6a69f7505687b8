"""Deleting a person's requests for someone independent with their record (retention)."""

from sqlalchemy import ColumnElement, Delete, delete, select

from participation.advocacy.models import AdvocacyNotice, AdvocacyRequest
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.record.pdfs import forget_pdfs
from participation.retention.deleting import translations


def delete_requests(whose: ColumnElement[bool]) -> list[str]:
    """Their requests, their words, the translations, the messages, the record entries and
    PDFs go; returns the PDF files to remove once the deletion commits. SQLite does not
    enforce the cascade the foreign keys declare, so each table is deleted here."""
    public_ids = list(db.session.scalars(select(AdvocacyRequest.public_id).where(whose)))
    if not public_ids:
        return []
    keys = forget_pdfs("advocacy_request", public_ids)
    statements: tuple[Delete, ...] = (
        translations(AdvocacyRequest, public_ids),
        delete(AdvocacyNotice).where(
            AdvocacyNotice.request_id.in_(select(AdvocacyRequest.id).where(whose))
        ),
        delete(RecordEntry).where(RecordEntry.object_id.in_(public_ids)),
        delete(AdvocacyRequest).where(whose),
    )
    for statement in statements:
        db.session.execute(statement)
    return keys


def requests_for_bundle(*, child_id: int | None = None, young_person_id: int | None = None) -> list:
    """A person's requests for someone independent, with their words and the outcome, for
    their subject access bundle (their words are theirs to have back)."""
    stmt = select(AdvocacyRequest).order_by(AdvocacyRequest.created_at)
    if child_id is not None:
        stmt = stmt.where(AdvocacyRequest.child_id == child_id)
    else:
        stmt = stmt.where(AdvocacyRequest.young_person_id == young_person_id)
    return [
        {
            "id": r.public_id, "kind": r.kind, "words": r.words, "language": r.language,
            "created_at": r.created_at, "status": r.status, "outcome": r.outcome,
            "outcome_language": r.outcome_language, "outcome_at": r.outcome_at,
        }
        for r in db.session.scalars(stmt)
    ]  # fmt: skip
