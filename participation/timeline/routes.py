from flask import request
from flask_login import login_required

from participation.audit.services import record_now
from participation.children.services import get_child_or_404
from participation.htmx import render
from participation.network.services import get_family_or_404, members_of
from participation.people import current_worker
from participation.timeline import bp
from participation.timeline.services import child_scope, children_of, family_scope, timeline


@bp.get("/children/<child_id>")
@login_required
def child_timeline(child_id: str):
    worker = current_worker()
    child = get_child_or_404(child_id, worker)
    # The child's words, the network's entries about them and the worker's replies: a read
    # of the child's record. Audited (and committed) first, so the commit does not expire
    # the page's rows and send a query per row to show them.
    record_now("view_child_timeline", child, "child", child.public_id)
    page = timeline(child_scope(child), worker, before=request.args.get("before", ""))
    return render(
        "timeline/timeline.html", "timeline/_events.html", events=page, child=child, family=None
    )


@bp.get("/families/<family_id>")
@login_required
def family_timeline(family_id: str):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    children = children_of(family, worker)
    # About each child shown and each member whose entries are shown, as the family page is;
    # audited before the rows are read, as for a child's timeline.
    record_now(
        "view_family_timeline",
        None,
        "family",
        family.public_id,
        about=[*children, *members_of(family)],
    )
    page = timeline(family_scope(family, worker), worker, before=request.args.get("before", ""))
    return render(
        "timeline/timeline.html",
        "timeline/_events.html",
        events=page,
        child=None,
        family=family,
        children=children,
    )
