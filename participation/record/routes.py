from collections.abc import Callable

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.utils import secure_filename

from participation.audit.services import record_now
from participation.journal.services import get_entry_for_worker_or_404
from participation.people import current_worker
from participation.record import bp
from participation.record.models import RecordPdf
from participation.record.pdfs import pdf_for, pdf_response
from participation.record.services import (
    journal_record_entry,
    pathway_record_entry,
    record_entry,
)
from participation.responses import private_json
from participation.review.services import get_submission_or_404


@bp.get("/record/<activity_id>")
@login_required
def document(activity_id: str):
    activity = get_submission_or_404(activity_id, current_worker())
    entry = record_entry(activity)
    record_now(
        "view_record_document", activity.child, object_kind="activity", object_id=activity_id
    )
    return render_template("record/document.html", entry=entry, image_src=_drawing_path)


def _drawing_path(drawing: dict) -> str:
    return url_for("activities.drawing_file", drawing_id=drawing["id"])


@bp.route("/record/<activity_id>.pdf", methods=["GET", "POST"])
@login_required
def document_pdf(activity_id: str):
    activity = get_submission_or_404(activity_id, current_worker())
    entry = record_entry(activity)
    filename = secure_filename(
        f"{activity.child.case_reference}-{entry['tool']['id']}-{activity_id[:8]}.pdf"
    )
    return _pdf(
        pdf_for("activity", activity, entry),
        filename,
        lambda: record_now(
            "export_record_pdf", activity.child, object_kind="activity", object_id=activity_id
        ),
        title=f"{activity.child.name} · {entry['tool']['name']}",
        document_url=url_for(".document", activity_id=activity_id),
    )


def _pdf(pdf: RecordPdf, filename: str, audit: Callable[[], None], **page):
    return pdf_response(pdf, filename, audit, "record/pdf_status.html", **page)


@bp.get("/record/<activity_id>.json")
@login_required
def export_json(activity_id: str):
    activity = get_submission_or_404(activity_id, current_worker())
    entry = record_entry(activity)
    record_now("export_record_json", activity.child, object_kind="activity", object_id=activity_id)
    return private_json(entry)


def _attachment_path(attachment: dict) -> str:
    return url_for("journal.attachment_file", attachment_id=attachment["id"])


@bp.get("/record/journal/<entry_id>")
@login_required
def journal_document(entry_id: str):
    entry = get_entry_for_worker_or_404(entry_id, current_worker())
    data = journal_record_entry(entry)
    record_now("view_journal_record", None, object_kind="journal_entry", object_id=entry_id)
    return render_template("record/journal_document.html", entry=data, image_src=_attachment_path)


@bp.route("/record/journal/<entry_id>.pdf", methods=["GET", "POST"])
@login_required
def journal_pdf(entry_id: str):
    entry = get_entry_for_worker_or_404(entry_id, current_worker())
    return _pdf(
        pdf_for("journal", entry),
        f"journal-{entry_id[:8]}.pdf",
        lambda: record_now(
            "export_journal_pdf", None, object_kind="journal_entry", object_id=entry_id
        ),
        title=" · ".join((entry.family.name, _("Safety journal"))),
        document_url=url_for(".journal_document", entry_id=entry_id),
    )


@bp.get("/record/journal/<entry_id>.json")
@login_required
def journal_json(entry_id: str):
    entry = get_entry_for_worker_or_404(entry_id, current_worker())
    data = journal_record_entry(entry)
    record_now("export_journal_json", None, object_kind="journal_entry", object_id=entry_id)
    return private_json(data)


def _agreed_version_or_404(version_id: str):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.pathway.models import AgreedPlanVersion
    from participation.pathway.services import get_young_person_or_404

    version = db.session.scalar(
        select(AgreedPlanVersion).where(AgreedPlanVersion.public_id == version_id)
    )
    if version is None:
        abort(404)
    get_young_person_or_404(version.plan.young_person.public_id, current_worker())
    return version


@bp.get("/record/pathway/<version_id>")
@login_required
def pathway_document(version_id: str):
    version = _agreed_version_or_404(version_id)
    record_now("view_pathway_record", None, object_kind="pathway_version", object_id=version_id)
    return render_template("record/pathway_document.html", entry=pathway_record_entry(version))


@bp.route("/record/pathway/<version_id>.pdf", methods=["GET", "POST"])
@login_required
def pathway_pdf(version_id: str):
    version = _agreed_version_or_404(version_id)
    return _pdf(
        pdf_for("pathway", version),
        f"pathway-plan-v{version.number}.pdf",
        lambda: record_now(
            "export_pathway_pdf", None, object_kind="pathway_version", object_id=version_id
        ),
        title=_("Pathway plan, version %(number)s", number=version.number),
        document_url=url_for(".pathway_document", version_id=version_id),
    )


@bp.get("/record/pathway/<version_id>.json")
@login_required
def pathway_json(version_id: str):
    version = _agreed_version_or_404(version_id)
    record_now("export_pathway_json", None, object_kind="pathway_version", object_id=version_id)
    return private_json(pathway_record_entry(version))
