from flask import Blueprint

bp = Blueprint("activities", __name__, url_prefix="/activities")

# The child's voice notes and the worker's observation live in their own module.
ROUTE_MODULES = ("routes", "youngest_routes")


@bp.record_once
def _child_gettext(state) -> None:
    """Templates say `_child("...")` for words some languages say differently to a girl."""
    from participation.activities.addressed import child_gettext

    state.app.jinja_env.globals["_child"] = child_gettext


@bp.record_once
def _faces(state) -> None:
    """The five faces, for any template that shows a faces scale or a face on the record."""
    from participation.activities.tools import FACES, face_for

    state.app.jinja_env.globals["face_choices"] = lambda: FACES
    state.app.jinja_env.globals["face_for"] = face_for
