from flask import Response, jsonify, render_template, url_for
from flask_login import login_required
from werkzeug.utils import secure_filename

from participation.audit.services import record_now
from participation.people import current_worker
from participation.record import bp
from participation.record.services import data_uri, record_entry, render_pdf
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


@bp.get("/record/<activity_id>.pdf")
@login_required
def document_pdf(activity_id: str):
    activity = get_submission_or_404(activity_id, current_worker())
    entry = record_entry(activity)
    html = render_template("record/document.html", entry=entry, image_src=data_uri, for_pdf=True)
    pdf = render_pdf(html)
    record_now("export_record_pdf", activity.child, object_kind="activity", object_id=activity_id)
    filename = secure_filename(
        f"{activity.child.case_reference}-{entry['tool']['id']}-{activity_id[:8]}.pdf"
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/record/<activity_id>.json")
@login_required
def export_json(activity_id: str):
    activity = get_submission_or_404(activity_id, current_worker())
    entry = record_entry(activity)
    record_now("export_record_json", activity.child, object_kind="activity", object_id=activity_id)
    response = jsonify(entry)
    response.headers["Cache-Control"] = "private, no-store"
    return response
