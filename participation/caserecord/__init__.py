"""The case-record API for the case system (bearer tokens) and the managers' filing page."""

from flask import Blueprint

bp = Blueprint("caserecord", __name__, url_prefix="/api/v1")
filing = Blueprint("filing", __name__, url_prefix="/case-record")

BLUEPRINTS = (bp, filing)
ROUTE_MODULES = ("routes", "filing_routes")
