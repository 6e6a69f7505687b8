"""The chair's side: the meetings they chair, and the child's views in before each."""

from flask import render_template
from flask_login import login_required

from participation.meetings import chair_bp
from participation.meetings import services as svc
from participation.people import current_worker


@chair_bp.get("")
@login_required
def my_meetings():
    """Only the chair's own meetings; the views are read on their own page (audited there)."""
    worker = current_worker()
    meetings = svc.chaired_by(worker)
    return render_template(
        "meetings/chair.html", meetings=meetings, views=svc.views_by_meeting(meetings)
    )
