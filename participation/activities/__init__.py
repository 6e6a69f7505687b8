from flask import Blueprint

bp = Blueprint("activities", __name__, url_prefix="/activities")


@bp.record_once
def _child_gettext(state) -> None:
    """Templates say `_child("...")` for words some languages say differently to a girl."""
    from participation.activities.addressed import child_gettext

    state.app.jinja_env.globals["_child"] = child_gettext
