"""Actions in a section of the plan: what, who helps and by when, added by either of them."""

from sqlalchemy import select

from participation.extensions import db
from participation.pathway.models import PathwayAction, PlanSection, YoungPerson
from participation.pathway.plans import plan_for, section_row


def add_action(
    person: YoungPerson, slug: str, what: str, who: str, by_when, kind: str, name: str
) -> PathwayAction:
    row = section_row(plan_for(person), slug)
    action = PathwayAction(
        section_id=row.id, what=what, who_helps=who, by_when=by_when,
        added_by_kind=kind, added_by_name=name,
    )  # fmt: skip
    db.session.add(action)
    return action


def get_action_for(person: YoungPerson, public_id: str) -> PathwayAction:
    return db.first_or_404(
        select(PathwayAction)
        .join(PlanSection, PathwayAction.section_id == PlanSection.id)
        .where(PathwayAction.public_id == public_id, PlanSection.plan_id == plan_for(person).id)
    )


def mark_action_done(action: PathwayAction, done: bool) -> None:
    action.done = done
