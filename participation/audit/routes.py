from flask import render_template
from flask_login import login_required

from participation.audit import bp
from participation.audit.services import events_page, record_now
from participation.children.services import get_child_or_404
from participation.network.services import get_member_for_worker_or_404
from participation.pathway.plans import get_young_person_or_404
from participation.people import current_worker


def _access_log(person, kind: str):
    """The person's trail, newest first; opening it is itself recorded."""
    events = events_page(person)
    page = render_template("audit/access_log.html", person=person, events=events)
    # Rendered before the audit commits (a commit expires every loaded event, and the page
    # would re-select each one); it is still handed over only once the read is on the trail.
    record_now("view_access_log", about=[person], object_kind=kind, object_id=person.public_id)
    return page


@bp.get("/children/<child_id>")
@login_required
def child_access_log(child_id: str):
    return _access_log(get_child_or_404(child_id, current_worker()), "child")


@bp.get("/young-people/<person_id>")
@login_required
def young_person_access_log(person_id: str):
    return _access_log(get_young_person_or_404(person_id, current_worker()), "young_person")


@bp.get("/members/<member_id>")
@login_required
def member_access_log(member_id: str):
    return _access_log(get_member_for_worker_or_404(member_id, current_worker()), "network_member")
