"""The plan's words by service and the plan itself: below both services and versions, so
neither imports the other round a circle."""

from flask_babel import lazy_gettext as _l

from participation.admin.council import setting
from participation.extensions import db
from participation.network.models import Family, SafetyPlan

# Labels by service: Signs of Safety terms differ between councils and services.
TERMINOLOGY = {
    "safety": (_l("Danger statement"), _l("Safety goal")),
    "wellbeing": (_l("Worry statement"), _l("Wellbeing goal")),
    "success": (_l("Worry statement"), _l("Success goal")),
}

# The texts of the plan's translations are filed under the family, kind "safety_plan".
PLAN_KIND = "safety_plan"


def plan_for(family: Family) -> SafetyPlan:
    """The family's one plan, made empty the first time anyone opens it."""
    plan = family.plan
    if plan is None:
        plan = SafetyPlan(family=family, terminology=setting("DEFAULT_TERMINOLOGY"))
        db.session.add(plan)
        db.session.flush()
    return plan


def labels(plan: SafetyPlan | None) -> tuple[str, str]:
    """The statement and goal labels in the service's own words."""
    key = plan.terminology if plan else setting("DEFAULT_TERMINOLOGY")
    statement, goal = TERMINOLOGY.get(key, TERMINOLOGY["safety"])
    return str(statement), str(goal)
