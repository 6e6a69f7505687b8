from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")

BLUEPRINTS = (bp,)
# A child's submissions, and a network member's journal entries, reviewed by the worker.
ROUTE_MODULES = ("routes", "journal_routes")


@bp.app_context_processor
def _worker_badges():
    """Unread submissions and open worry alerts for the header. Given as functions so the
    queries run only when a full page shows the header, not for every htmx fragment."""
    from participation.people import worker_or_none
    from participation.review.services import BADGE_UNREAD_CAP, badge_counts

    worker = worker_or_none()
    if worker is None:
        return {}
    return {
        "nav_unread": lambda: badge_counts(worker)[0],
        "nav_alerts": lambda: badge_counts(worker)[1],
        "unread_cap": BADGE_UNREAD_CAP,
    }
