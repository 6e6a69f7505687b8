"""The record views of every kind that registers a URL slug: its document page, its JSON
for the case system and its PDF, each fetched for the worker asking (404 otherwise)."""

from flask import url_for
from flask_login import login_required
from werkzeug.utils import secure_filename

from participation.audit.services import record_now
from participation.caserecord.kinds import RecordKind, kind_at_or_404
from participation.people import current_worker
from participation.record import bp
from participation.record.pdfs import pdf_for, pdf_response
from participation.record.services import record_document, render_document
from participation.responses import private_json


def _read(record_kind: RecordKind, action: str, object_id: str) -> None:
    """Audited under the kind's own action names; the trail finds whose record it is (the
    child, young person or family member) from the kind's subjects."""
    record_now(action, None, object_kind=record_kind.audited_as, object_id=object_id)


@bp.get("/<kind>/<object_id>")
@login_required
def view_document(kind: str, object_id: str):
    record_kind = kind_at_or_404(kind)
    _obj, entry = record_document(record_kind.name, object_id, current_worker())
    _read(record_kind, record_kind.reads.view, object_id)
    return render_document(record_kind.name, entry)


@bp.route("/<kind>/<object_id>.pdf", methods=["GET", "POST"])
@login_required
def export_pdf(kind: str, object_id: str):
    record_kind = kind_at_or_404(kind)
    obj, entry = record_document(record_kind.name, object_id, current_worker())
    return pdf_response(
        pdf_for(record_kind.name, obj, entry),
        secure_filename(record_kind.filename(obj, entry)),
        lambda: _read(record_kind, record_kind.reads.pdf, object_id),
        "record/pdf_status.html",
        title=record_kind.title(obj, entry),
        document_url=url_for(".view_document", kind=kind, object_id=object_id),
    )


@bp.get("/<kind>/<object_id>.json")
@login_required
def export_json(kind: str, object_id: str):
    record_kind = kind_at_or_404(kind)
    _obj, entry = record_document(record_kind.name, object_id, current_worker())
    _read(record_kind, record_kind.reads.json, object_id)
    return private_json(entry)
