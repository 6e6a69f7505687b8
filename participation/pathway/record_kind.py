"""An agreed pathway plan version on the record, and the plan's and advisers' words that
are translated for it, as kinds the record knows."""

from flask import abort, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from participation.alerts.models import WorryAlert
from participation.caserecord.kinds import ReadActions, RecordKind, ToTranslate, register
from participation.extensions import db
from participation.pathway.help import get_help_or_404, help_record_entry, identity_of, load_help
from participation.pathway.models import (
    AccommodationMove,
    AgreedPlanVersion,
    CouncilText,
    PathwayAction,
    PathwayPlan,
    PathwayReview,
    PlanSection,
    ReviewContributor,
    ReviewForwardRequest,
    Suggestion,
    YoungPerson,
)
from participation.pathway.plans import get_young_person_or_404, plan_for
from participation.record.services import pathway_record_entry
from participation.translation.services import as_record, translations_for


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


def _agreed_version_entry(version: AgreedPlanVersion) -> dict:
    """The agreed snapshot, with the young person's case reference and date of birth as the
    council holds them now (a corrected reference reaches the case system), so the plan can
    be matched to the care leaver's file: an id and a name alone are not enough."""
    entry = pathway_record_entry(version)
    entry["young_person"] = {**entry.get("young_person", {}),
                             **identity_of(version.plan.young_person)}  # fmt: skip
    return entry


PATHWAY_VERSION = register(
    RecordKind(
        name="pathway_version",
        model=AgreedPlanVersion,
        get_or_404=_version_or_404,
        subjects=lambda version: [("young_person", version.plan.young_person.public_id)],
        bulk_subjects=(_bulk, ("young_person",)),
        api_name="pathway_plan",
        document=_agreed_version_entry,
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


def _help_bulk(ids: set[str]):
    return (
        select(WorryAlert.public_id, YoungPerson.public_id)
        .join(YoungPerson, YoungPerson.id == WorryAlert.young_person_id)
        .where(WorryAlert.public_id.in_(ids))
    )


# A care leaver's "I need help now": urgent, on their record within one working day.
HELP_REQUEST = register(
    RecordKind(
        name="help_request",
        model=WorryAlert,
        get_or_404=get_help_or_404,
        load=load_help,
        subjects=lambda alert: [("young_person", alert.young_person.public_id)],
        bulk_subjects=(_help_bulk, ("young_person",)),
        api_name="help_request",
        document=help_record_entry,
        template="pathway/help_record.html",
        slug="help-request",
        pdf_filename=lambda alert, _data: f"help-request-{alert.public_id[:8]}.pdf",
        pdf_title=lambda alert, _data: _("I need help now"),
    )
)


def _entitlement_texts(page: CouncilText) -> list[tuple[str, str]]:
    from participation.pathway.entitlements import blocks

    return [(f"b{i}", block.text) for i, block in enumerate(blocks(page.body))]


# The council's "What I'm entitled to", translated into each young person's language.
register(RecordKind(name="council_text", model=CouncilText, texts=_entitlement_texts))


# timescales helper: moves, reviews and the views asked for before them.


def _move_or_404(public_id: str, worker) -> AccommodationMove:
    move = db.session.scalar(
        select(AccommodationMove).where(AccommodationMove.public_id == public_id)
    )
    if move is None:
        abort(404)
    get_young_person_or_404(move.young_person.public_id, worker)
    return move


def _move_document(move: AccommodationMove) -> dict:
    from participation.pathway.moves import PLACES

    person = move.young_person
    with force_locale("en"):
        place = str(PLACES.get(move.place, move.place))
    return {
        "schema": "participation.accommodation-move.v1",
        "id": move.public_id,
        # The case reference and date of birth, so the case system files it on their record.
        "young_person": identity_of(person),
        "moved_on": move.moved_on.isoformat(),
        "place": move.place,
        "place_label": place,
        "in_their_words": move.words,
        "language": move.language,
        "recorded_by": {"kind": move.recorded_by_kind, "name": move.recorded_by_name},
        "next_review_by": move.review_on.isoformat(),
        "recorded_at": move.created_at.isoformat(),
        "translations": as_record(translations_for("accommodation_move", move.public_id)),
    }


ACCOMMODATION_MOVE = register(
    RecordKind(
        name="accommodation_move",
        model=AccommodationMove,
        get_or_404=_move_or_404,
        subjects=lambda move: [("young_person", move.young_person.public_id)],
        api_name="accommodation_move",
        document=_move_document,
        template="pathway/move_document.html",
        slug="move",
        text_fields=("words",),
    )
)


def _review_or_404(public_id: str, worker) -> PathwayReview:
    review = db.session.scalar(
        select(PathwayReview).where(
            PathwayReview.public_id == public_id, PathwayReview.held_on.is_not(None)
        )
    )
    if review is None:
        abort(404)
    get_young_person_or_404(review.plan.young_person.public_id, worker)
    return review


def _review_document(review: PathwayReview) -> dict:
    """The review as held: the outcome, the plan as it stood, and every contributor's answers
    verbatim under their name, with translations beside them."""
    person = review.plan.young_person
    return {
        "schema": "participation.pathway-review.v1",
        "id": review.public_id,
        "plan_id": review.plan.public_id,
        "review": review.number,
        "young_person": identity_of(person),
        "due_on": review.due_on.isoformat() if review.due_on else None,
        "held_on": review.held_on.isoformat() if review.held_on else None,
        "held_by": review.held_by.name if review.held_by else "",
        "outcome": review.outcome,
        "contributors": [
            {
                "id": c.public_id,
                "name": c.name,
                "relationship": c.relationship_to_young_person,
                "network_member": c.member_id is not None,
                "language": c.language,
                "answered_at": c.redeemed_at.isoformat() if c.redeemed_at else None,
                **{q: getattr(c, q) for q in ("going_well", "worries", "should_happen")},
                "translations": as_record(translations_for("review_contributor", c.public_id)),
            }
            for c in review.contributors
        ],
        "plan": review.snapshot or {},
    }


def _review_bulk(ids: set[str]):
    return (
        select(PathwayReview.public_id, YoungPerson.public_id)
        .join(PathwayPlan, PathwayPlan.id == PathwayReview.plan_id)
        .join(YoungPerson, YoungPerson.id == PathwayPlan.young_person_id)
        .where(PathwayReview.public_id.in_(ids))
    )


PATHWAY_REVIEW = register(
    RecordKind(
        name="pathway_review",
        model=PathwayReview,
        get_or_404=_review_or_404,
        subjects=lambda review: [("young_person", review.plan.young_person.public_id)],
        bulk_subjects=(_review_bulk, ("young_person",)),
        api_name="pathway_review",
        document=_review_document,
        template="pathway/review_document.html",
        slug="pathway-review",
        pdf_filename=lambda review, _data: f"pathway-review-{review.number}.pdf",
        pdf_title=lambda review, _data: _("Pathway plan review %(number)s", number=review.number),
        text_fields=("outcome",),
    )
)


# A contributor's answers, translated for the adviser and the young person.
register(
    RecordKind(
        name="review_contributor",
        model=ReviewContributor,
        subjects=lambda c: [("young_person", c.review.plan.young_person.public_id)],
        text_fields=("going_well", "worries", "should_happen"),
    )
)

# "Bring my review forward": the reason, translated for the adviser.
register(
    RecordKind(
        name="review_forward_request",
        model=ReviewForwardRequest,
        subjects=lambda r: [
            ("young_person", db.session.get_one(YoungPerson, r.young_person_id).public_id)
        ],
        text_fields=("reason",),
    )
)
