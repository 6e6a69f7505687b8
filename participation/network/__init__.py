"""A family's safety network: the worker's families and plans, the members' phones, and
the invitation link members open. One blueprint per audience."""

from flask import Blueprint

# The worker's pages about a family, its plan and its members.
families_bp = Blueprint("families", __name__, url_prefix="/families")
# A network member's own pages on their phone.
network_bp = Blueprint("network", __name__, url_prefix="/network")
# The invitation a member opens; /join/<token> links have already been sent, so they stay.
join_bp = Blueprint("join", __name__, url_prefix="/join")

BLUEPRINTS = (families_bp, network_bp, join_bp)
ROUTE_MODULES = (
    "worker_routes", "member_routes", "join_routes",
    # versions helper: plan versions, the agreed plan on members' phones, monthly reviews.
    "version_routes", "version_member_routes", "plan_review_routes",
    "proposal_routes",  # plan helper: members' and parents' proposals for the plan.
)  # fmt: skip
