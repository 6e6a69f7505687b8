from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
# A new member of staff's set-password link: opened before they have signed in.
welcome = Blueprint("welcome", __name__, url_prefix="/staff/welcome")

BLUEPRINTS = (bp, welcome)
ROUTE_MODULES = ("routes", "welcome_routes")
