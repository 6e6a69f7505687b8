"""Pathway plans for care leavers: the personal adviser's pages, the young person's own plan,
and how the young person joins and signs in. One blueprint per audience."""

from datetime import date

from flask import Blueprint

# The personal adviser's pages about the young people they support.
adviser_bp = Blueprint("adviser", __name__, url_prefix="/young-people")
# The young person's own plan on their phone.
my_plan_bp = Blueprint("my_plan", __name__, url_prefix="/my-plan")
# The young person's invitation, sign-in and sign-out.
yp_bp = Blueprint("yp", __name__, url_prefix="/yp")

# The page a person asked for their views before a review opens from their link.
views_bp = Blueprint("views", __name__, url_prefix="/views")

BLUEPRINTS = (adviser_bp, my_plan_bp, yp_bp, views_bp)
ROUTE_MODULES = (
    "adviser_routes",
    "young_person_routes",
    "entry_routes",
    "timescale_routes",
    "care_leaver_routes",
)


@adviser_bp.app_template_filter("section_title")
def _section_title(slug: str) -> str:
    from participation.pathway.sections import BY_SLUG

    return str(BY_SLUG[slug].title) if slug in BY_SLUG else slug


@adviser_bp.app_template_global("today")
def _today() -> date:
    """The same "today" as plans_due, so a plan it lists as due is not also called overdue."""
    from participation.pathway.plans import today

    return today()
