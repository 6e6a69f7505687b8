"""The safety journal: network members write entries on their phones; workers read them by rule."""

from flask import Blueprint

# A network member's own entries, under their /network pages.
member_bp = Blueprint("journal", __name__, url_prefix="/network/journal")
# The worker's journal by rule, and the photos and voice memos, which the worker and the
# member who may see the entry both open.
worker_bp = Blueprint("journal_worker", __name__, url_prefix="/journal")

BLUEPRINTS = (member_bp, worker_bp)
ROUTE_MODULES = ("member_routes", "worker_routes")
