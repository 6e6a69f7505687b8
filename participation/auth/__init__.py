from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")
# Password sign-in and two-step codes; single sign-on with the council (sso_routes).
ROUTE_MODULES = ("routes", "sso_routes")
