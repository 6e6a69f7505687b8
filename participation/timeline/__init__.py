"""One timeline per child and per family: what the child said, what the network recorded and
what the worker did, side by side by date, to triangulate as the practice standards ask."""

from flask import Blueprint

bp = Blueprint("timeline", __name__, url_prefix="/timeline")

ROUTE_MODULES = ("routes",)
