from flask import abort, current_app, render_template
from flask_login import login_required

from participation.notifications import bp
from participation.notifications.services import recent_dev_messages
from participation.people import worker_or_none


@bp.before_request
def only_outside_production():
    """The page does not exist in production (nor does the log provider it shows)."""
    if current_app.config["ENVIRONMENT"] == "production":
        abort(404)


# Development only: any signed-in member of staff sees every message the log provider
# "sent" (codes and alerts for anyone), as a developer reading the log would.
@bp.get("/messages")
@login_required
def dev_messages():
    if worker_or_none() is None:
        abort(404)
    return render_template("notifications/dev_messages.html", messages=recent_dev_messages())
