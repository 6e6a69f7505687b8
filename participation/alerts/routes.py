from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.alerts import bp, jobs  # noqa: F401  (registers the alert jobs)
from participation.alerts.forms import FROM_QUEUE, AcknowledgeForm
from participation.alerts.services import (
    acknowledge,
    allocated_worker,
    get_alert_or_404,
    notices_for,
)
from participation.atomic import commit_keeping_loaded
from participation.audit.services import record
from participation.extensions import db
from participation.htmx import render
from participation.people import current_worker


def _context(alert, form=None) -> dict:
    return {
        "alert": alert,
        "notices": notices_for(alert),
        "worker": allocated_worker(alert),
        "form": form or AcknowledgeForm(),
    }


@bp.get("/<alert_id>")
@login_required
def view_alert(alert_id: str):
    """The page the message links to. Safeguarding: a GET only shows, never acknowledges:
    text-message apps and mail scanners fetch links by themselves to preview them."""
    alert = get_alert_or_404(alert_id, current_worker())
    record("view_alert", alert.child, "alert", alert.public_id)
    commit_keeping_loaded()  # the audit row only: what the page shows was read just now
    return render_template("alerts/alert.html", **_context(alert))


@bp.post("/<alert_id>")
@login_required
def acknowledge_alert(alert_id: str):
    """ "I'm dealing with this", with what they are doing; pressed twice, the first stands."""
    worker = current_worker()
    alert = get_alert_or_404(alert_id, worker)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        return render("alerts/alert.html", "alerts/_acknowledge.html", 422, **_context(alert, form))
    if acknowledge(alert, worker, form.action_text()):
        flash(_("Thank you. Nobody else will be asked to pick this up."))
    db.session.commit()
    return redirect(url_for(".view_alert", alert_id=alert.public_id), 303)


@bp.post("/<alert_id>/acknowledge")
@login_required
def acknowledge_from_queue(alert_id: str):
    """The review queue's one-tap button: the same acknowledgement as the alert page's (it
    stops the chain, is audited and goes on the record)."""
    worker = current_worker()
    alert = get_alert_or_404(alert_id, worker)
    acknowledge(alert, worker, str(FROM_QUEUE))
    db.session.commit()
    return redirect(url_for("review.queue"))
