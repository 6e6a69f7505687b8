from flask_login import login_required
from werkzeug.utils import secure_filename

from participation.audit.services import record_now
from participation.children.services import get_child_or_404
from participation.people import current_worker
from participation.responses import private_file
from participation.retention import bp
from participation.retention.services import child_bundle


@bp.get("/children/<child_id>/export.zip")
@login_required
def export_child(child_id: str):
    """Subject access: everything held about this child, in one bundle (and audited)."""
    child = get_child_or_404(child_id, current_worker())
    bundle = child_bundle(child)
    record_now("export_subject_access", child, object_kind="child", object_id=child.public_id)
    name = secure_filename(f"{child.case_reference}-everything-held.zip")
    return private_file(bundle, "application/zip", name)
