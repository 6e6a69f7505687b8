"""The network scales each danger statement on their phones, and logs practice runs of the
plan ("fire drills"). One blueprint per audience and page, each under a prefix of its own."""

from flask import Blueprint

# A network member's (or parent's) scaling cards, under their /network pages.
member_bp = Blueprint("planscales", __name__, url_prefix="/network/scaling")
# A member's practice runs of the plan.
practice_bp = Blueprint("planscales_practice", __name__, url_prefix="/network/practice")
# The worker's rounds and charts, under the family's pages.
worker_bp = Blueprint("planscales_worker", __name__, url_prefix="/families/<family_ref>/scaling")
# The worker's list of the family's practice runs (the journal view shows the latest).
practice_worker_bp = Blueprint(
    "planscales_practice_worker", __name__, url_prefix="/families/<family_ref>/practice-runs"
)

BLUEPRINTS = (member_bp, practice_bp, worker_bp, practice_worker_bp)
ROUTE_MODULES = ("member_routes", "worker_routes")
