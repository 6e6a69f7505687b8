from flask import Blueprint

bp = Blueprint("children", __name__, url_prefix="/children")

# The child's details form lives in its own module.
ROUTE_MODULES = ("routes", "edit_routes", "transfer_routes")
