from flask import render_template
from flask_login import login_required

from participation.audit import bp
from participation.audit.services import events_for_child, record_now
from participation.children.services import get_child_or_404
from participation.people import current_worker


@bp.get("/children/<child_id>/access-log")
@login_required
def child_access_log(child_id: str):
    child = get_child_or_404(child_id, current_worker())
    events = events_for_child(child)
    record_now("view_access_log", child, object_kind="child", object_id=child.public_id)
    return render_template("audit/access_log.html", child=child, events=events)
