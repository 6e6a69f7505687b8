"""An agreed pathway plan version on the record, and the plan's and advisers' words that
are translated for it, as kinds the record knows."""

from flask import abort, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participation.caserecord.kinds import ReadActions, RecordKind, ToTranslate, register
from participation.extensions import db
from participation.pathway.models import (
    AgreedPlanVersion,
    PathwayAction,
    PathwayPlan,
    PlanSection,
    Suggestion,
    YoungPerson,
)
from participation.pathway.plans import get_young_person_or_404, plan_for
from participation.record.services import pathway_record_entry


def _version_or_404(public_id: str, worker) -> AgreedPlanVersion:
    version = db.session.scalar(
        select(AgreedPlanVersion).where(AgreedPlanVersion.public_id == public_id)
    )
    if version is None:
        abort(404)
    get_young_person_or_404(version.plan.young_person.public_id, worker)
    return version


def _bulk(ids: set[str]):
    return (
        select(AgreedPlanVersion.public_id, YoungPerson.public_id)
        .join(PathwayPlan, PathwayPlan.id == AgreedPlanVersion.plan_id)
        .join(YoungPerson, YoungPerson.id == PathwayPlan.young_person_id)
        .where(AgreedPlanVersion.public_id.in_(ids))
    )


PATHWAY_VERSION = register(
    RecordKind(
        name="pathway_version",
        model=AgreedPlanVersion,
        get_or_404=_version_or_404,
        subjects=lambda version: [("young_person", version.plan.young_person.public_id)],
        bulk_subjects=(_bulk, ("young_person",)),
        api_name="pathway_plan",
        document=pathway_record_entry,
        template="record/pathway_document.html",
        slug="pathway",
        read_actions=ReadActions(
            "view_pathway_record", "export_pathway_pdf", "export_pathway_json"
        ),
        pdf_filename=lambda version, _data: f"pathway-plan-v{version.number}.pdf",
        pdf_title=lambda version, _data: _(
            "Pathway plan, version %(number)s", number=version.number
        ),
    )
)


def _plan_texts(plan: PathwayPlan) -> list[tuple[str, str]]:
    return [
        (f"{s.section}.{f}", getattr(s, f))
        for s in sorted(plan.sections, key=lambda s: s.id)
        for f in PATHWAY_PLAN.text_fields
    ]


def _translate_plan(person_id: str, worker) -> ToTranslate:
    """Asked for from the adviser's page of the young person (the URL holds their id); the
    translations are filed under the plan."""
    person = get_young_person_or_404(person_id, worker)
    back = url_for("adviser.view_plan", person_id=person_id)
    return ToTranslate(plan_for(person), person.preferred_language, "en", None, back)


# The plan as it stands (its drafts), translated before and after agreement.
PATHWAY_PLAN = register(
    RecordKind(
        name="pathway_plan",
        model=PathwayPlan,
        subjects=lambda plan: [("young_person", plan.young_person.public_id)],
        text_fields=("in_my_words", "want_to_achieve"),
        texts=_plan_texts,
        translate=_translate_plan,
    )
)


def _translate_suggestion(public_id: str, worker) -> ToTranslate:
    suggestion = db.session.scalar(select(Suggestion).where(Suggestion.public_id == public_id))
    if suggestion is None:
        abort(404)
    person = get_young_person_or_404(suggestion.section.plan.young_person.public_id, worker)
    back = url_for("adviser.view_plan", person_id=person.public_id)
    return ToTranslate(suggestion, "en", person.preferred_language, None, back)


register(
    RecordKind(
        name="suggestion",
        model=Suggestion,
        subjects=lambda s: [("young_person", s.section.plan.young_person.public_id)],
        text_fields=("text",),
        translate=_translate_suggestion,
    )
)


def _translate_action(public_id: str, worker) -> ToTranslate:
    """An action in the young person's plan, for an adviser who may see them."""
    action = db.session.scalar(select(PathwayAction).where(PathwayAction.public_id == public_id))
    if action is None:
        abort(404)
    section = db.session.get_one(PlanSection, action.section_id)
    person = get_young_person_or_404(section.plan.young_person.public_id, worker)
    back = url_for("adviser.view_plan", person_id=person.public_id)
    if action.added_by_kind != "young_person":
        # The adviser's action goes the other way: from English into the young person's words.
        return ToTranslate(action, "en", person.preferred_language, None, back)
    return ToTranslate(action, person.preferred_language, "en", None, back)


def _action_subjects(action: PathwayAction) -> list[tuple[str, str]]:
    section = db.session.get_one(PlanSection, action.section_id)
    return [("young_person", section.plan.young_person.public_id)]


# What will happen and who helps, in the young person's words, translated like the plan.
PATHWAY_ACTION = register(
    RecordKind(
        name="pathway_action",
        model=PathwayAction,
        subjects=_action_subjects,
        text_fields=("what", "who_helps"),
        translate=_translate_action,
    )
)
