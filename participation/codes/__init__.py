"""One-time codes: workers issue them (/codes), children type them in (/start, printed on cards)."""

from flask import Blueprint

bp = Blueprint("codes", __name__, url_prefix="/codes")
start = Blueprint("start", __name__, url_prefix="/start")

BLUEPRINTS = (bp, start)
ROUTE_MODULES = ("routes", "start_routes")
