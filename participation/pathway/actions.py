"""Actions in a section of the plan: what, who helps and by when, added by either of them."""

from sqlalchemy import select

from participation.extensions import db
from participation.pathway.models import PathwayAction, PlanSection, YoungPerson
from participation.pathway.plans import plan_for, section_row


def add_action(
    person: YoungPerson, slug: str, what: str, who: str, by_when, kind: str, name: str, by=None
) -> PathwayAction:
    row = section_row(plan_for(person), slug)
    action = PathwayAction(
        section_id=row.id, what=what, who_helps=who, by_when=by_when,
        added_by_kind=kind, added_by_name=name,
    )  # fmt: skip
    db.session.add(action)
    if kind == "young_person":
        _ask_for_english(person, action)
    else:
        _ask_for_their_language(person, action, by)
    return action


def _ask_for_their_language(person: YoungPerson, action: PathwayAction, by=None) -> None:
    """An adviser's action goes to translation into the young person's language as it is saved,
    so they read what they are asked to do in words they understand."""
    from participation.translation.services import auto_request

    worker = by or person.personal_adviser
    if worker is None:
        return
    db.session.flush()  # the action's public id is where its translations are filed
    auto_request("pathway_action", action, "en", worker, target=person.preferred_language)


def _ask_for_english(person: YoungPerson, action: PathwayAction) -> None:
    """The young person's own action in their language goes to translation for their
    adviser as it is saved (same transaction), so nobody has to remember to ask."""
    from participation.translation.services import auto_request

    db.session.flush()  # the action's public id is where its translations are filed
    auto_request("pathway_action", action, person.preferred_language, person.personal_adviser)


def get_action_for(person: YoungPerson, public_id: str) -> PathwayAction:
    return db.first_or_404(
        select(PathwayAction)
        .join(PlanSection, PathwayAction.section_id == PlanSection.id)
        .where(PathwayAction.public_id == public_id, PlanSection.plan_id == plan_for(person).id)
    )


def mark_action_done(action: PathwayAction, done: bool) -> None:
    action.done = done


def action_translations(actions: list[PathwayAction]) -> dict[str, dict[str, list]]:
    """Finished translations of each action's words by field, for the whole plan at once."""
    from participation.translation.services import translations_for_many

    return translations_for_many("pathway_action", [a.public_id for a in actions])
