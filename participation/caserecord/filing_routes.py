from flask import abort, render_template
from flask_login import login_required

from participation.auth.models import Role
from participation.caserecord import filing
from participation.caserecord.services import overdue_for_team
from participation.people import current_worker


@filing.get("/overdue")
@login_required
def overdue():
    """Managers see record entries that are past their deadline and not yet filed."""
    worker = current_worker()
    if worker.role != Role.TEAM_MANAGER:
        abort(404)
    return render_template("caserecord/overdue.html", entries=overdue_for_team(worker.team_id))
