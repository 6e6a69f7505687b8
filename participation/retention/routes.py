from flask_login import login_required
from werkzeug.utils import secure_filename

from participation.audit.services import record_now
from participation.children.services import get_child_or_404
from participation.network.services import get_member_for_worker_or_404
from participation.pathway.plans import get_young_person_or_404
from participation.people import current_worker
from participation.responses import private_file
from participation.retention import bp
from participation.retention.families import member_bundle
from participation.retention.services import child_bundle
from participation.retention.young_people import young_person_bundle


def _everything_held(bundle: bytes, kind: str, public_id: str, name: str, child=None):
    """Every subject access download is in the audit log, and never cached."""
    record_now("export_subject_access", child, object_kind=kind, object_id=public_id)
    filename = secure_filename(f"{name}-everything-held.zip")
    return private_file(bundle, "application/zip", filename)


@bp.get("/children/<child_id>.zip")
@login_required
def export_child(child_id: str):
    """Subject access: everything held about this child, in one bundle."""
    child = get_child_or_404(child_id, current_worker())
    return _everything_held(
        child_bundle(child), "child", child.public_id, child.case_reference, child
    )


@bp.get("/young-people/<person_id>.zip")
@login_required
def export_young_person(person_id: str):
    """Subject access for a young person: their plan, every version, and who looked at it."""
    person = get_young_person_or_404(person_id, current_worker())
    bundle = young_person_bundle(person)
    return _everything_held(bundle, "young_person", person.public_id, person.public_id)


@bp.get("/members/<member_id>.zip")
@login_required
def export_member(member_id: str):
    """Subject access for a safety network member: what they wrote and who looked at it."""
    member = get_member_for_worker_or_404(member_id, current_worker())
    bundle = member_bundle(member)
    return _everything_held(bundle, "network_member", member.public_id, member.public_id)
