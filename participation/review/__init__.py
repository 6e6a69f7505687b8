from flask import Blueprint

bp = Blueprint("review", __name__)


@bp.app_context_processor
def _worker_badges():
    """Unread submissions and open worry alerts, shown in every worker page's header."""
    from participation.people import current_worker
    from participation.review.services import open_alerts_for, unread_count

    worker = current_worker()
    if worker is None:
        return {}
    return {"nav_unread": unread_count(worker), "nav_alerts": len(open_alerts_for(worker))}
