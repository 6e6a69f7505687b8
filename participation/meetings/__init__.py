"""A child's meetings (conferences, reviews): their views asked for before, read by the chair,
and what was decided told back to them in their own space. One blueprint per audience."""

from flask import Blueprint

# The worker's side: a child's meetings, asking for views, writing the outcome.
bp = Blueprint("meetings", __name__, url_prefix="/meetings")
# The chair's side (an independent reviewing officer or conference chair): their meetings.
chair_bp = Blueprint("meetings_chair", __name__, url_prefix="/chair")
# The child's side: answering the outcome from their own space.
child_bp = Blueprint("meetings_child", __name__, url_prefix="/me/meetings")

BLUEPRINTS = (bp, chair_bp, child_bp)
# child_space registers the outcome as a thing in the child's own space at start-up.
ROUTE_MODULES = ("child_space", "routes", "chair_routes", "child_routes", "chair_limits")


@bp.record_once
def _kind_name(state) -> None:
    """Templates (the child's card, the chair's list) name a kind of meeting in words, and say
    when views came in after they were due."""
    from participation.meetings.services import kind_name, sent_late

    state.app.jinja_env.globals["meeting_kind_name"] = kind_name
    state.app.jinja_env.globals["views_sent_late"] = sent_late
