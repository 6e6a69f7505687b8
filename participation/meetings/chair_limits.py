"""A chair reads; the child's own workers act. An independent reviewing officer or conference
chair sees the children whose meetings they chair, and writes only in the meetings' pages."""

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from participation.meetings import chair_bp
from participation.meetings.services import CHAIR_ROLES
from participation.problems import Refused

# Where a chair may send a form: signing in and out, their own language and two-step
# settings, and the meetings they chair (asking for views, the outcome).
CHAIR_WRITES_IN = frozenset({"auth", "identity", "meetings", "meetings_chair", "pwa"})


@chair_bp.before_app_request
def _a_chair_reads_only() -> None:
    # Safeguarding: "Mark as reviewed", a reply to the child, an analysis or a share with the
    # network by someone who is not the child's worker would take the child's words out of
    # their worker's queue, or speak to the child or the family in the worker's place.
    if request.method in ("GET", "HEAD", "OPTIONS") or request.blueprint in CHAIR_WRITES_IN:
        return
    if current_user.is_authenticated and getattr(current_user, "role", None) in CHAIR_ROLES:
        raise Refused(
            _(
                "As the chair you can read the child's views here. Their social worker "
                "reviews them, replies and shares them."
            ),
            403,
        )
