from flask import Blueprint

bp = Blueprint("review", __name__)


@bp.app_context_processor
def _worker_badges():
    """Unread submissions and open worry alerts for the header. Given as functions so the
    queries run only when a full page shows the header, not for every htmx fragment."""
    from participation.people import current_worker
    from participation.review.services import open_alerts_for, unread_count

    worker = current_worker()
    if worker is None:
        return {}
    return {
        "nav_unread": lambda: unread_count(worker),
        "nav_alerts": lambda: len(open_alerts_for(worker)),
    }
