"""Reviews of the pathway plan: the next one (with the views asked for before it) and, once
the adviser holds it, its outcome as a version of the plan and a record entry."""

from datetime import date

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.atomic import lock
from participation.audit.services import record
from participation.auth.models import Worker
from participation.db_types import utcnow
from participation.extensions import db
from participation.forms import Form
from participation.pathway.agreement import snapshot
from participation.pathway.milestones import months_after
from participation.pathway.models import (
    AgreedPlanVersion,
    PathwayPlan,
    PathwayReview,
    ReviewContributor,
    YoungPerson,
)
from participation.pathway.plans import plan_for


class HoldReviewForm(Form):
    held_on = DateField(_l("Date the review was held"), validators=[DataRequired()])
    outcome = TextAreaField(_l("What was decided"), validators=[DataRequired(), Length(max=20000)])


def next_review(plan: PathwayPlan) -> PathwayReview:
    """The review not yet held, made the first time someone needs it: the young person and
    adviser opening it at once make one (the plan's row is held while looking)."""
    lock(plan)
    review = db.session.scalar(
        select(PathwayReview).where(
            PathwayReview.plan_id == plan.id, PathwayReview.held_on.is_(None)
        )
    )
    if review is None:
        review = PathwayReview(plan_id=plan.id, due_on=plan.review_due, outcome="")
        db.session.add(review)
        db.session.flush()
    elif review.due_on != plan.review_due:
        review.due_on = plan.review_due  # moved by a move or brought forward since
    return review


def reviews_of(plan: PathwayPlan) -> list[PathwayReview]:
    return list(
        db.session.scalars(
            select(PathwayReview)
            .where(PathwayReview.plan_id == plan.id)
            .order_by(PathwayReview.held_on.desc().nulls_first(), PathwayReview.id.desc())
        )
    )


def get_review_or_404(person: YoungPerson, public_id: str) -> PathwayReview:
    """Only a review of this young person's own plan; the caller has checked who may see
    the young person (the adviser's caseload, or the young person themselves)."""
    review = db.session.scalar(
        select(PathwayReview)
        .join(PathwayPlan, PathwayPlan.id == PathwayReview.plan_id)
        .where(PathwayReview.public_id == public_id, PathwayPlan.young_person_id == person.id)
    )
    if review is None:
        abort(404)
    return review


def hold_review(
    person: YoungPerson, review: PathwayReview, held_on: date, outcome: str, worker: Worker
) -> bool:
    """The outcome, the plan as it stood (this review's version, in the plan's list of
    versions), the next review date and a record entry, in one transaction. A second tap on
    "hold" changes nothing."""
    plan = plan_for(person)
    lock(plan)
    db.session.refresh(review)
    if review.held_on is not None:
        return False
    number = (
        db.session.scalar(
            select(func.count())
            .select_from(PathwayReview)
            .where(PathwayReview.plan_id == plan.id, PathwayReview.held_on.is_not(None))
        )
        or 0
    ) + 1
    review.held_on, review.outcome, review.held_by_id = held_on, outcome, worker.id
    review.number = number
    review.snapshot = snapshot(plan)
    # The outcome is a version of the plan like a signing: listed with the agreed versions
    # and in the young person's own copy of their record (numbered with them).
    version_number = (
        db.session.scalar(
            select(func.max(AgreedPlanVersion.number)).where(AgreedPlanVersion.plan_id == plan.id)
        )
        or 0
    ) + 1
    outcome_of = {"number": number, "held_on": held_on.isoformat(), "outcome": outcome,
                  "held_by": worker.name}  # fmt: skip
    db.session.add(
        AgreedPlanVersion(
            plan_id=plan.id,
            number=version_number,
            review_id=review.id,
            agreed_at=utcnow(),
            snapshot={**review.snapshot, "review": outcome_of},
        )
    )
    months = current_app.config["PATHWAY_MILESTONES"]["REVIEW_MONTHS"]
    plan.review_due = months_after(held_on, months)
    # Privacy: a link nobody answered stops working once the review is held.
    db.session.execute(
        update(ReviewContributor)
        .where(
            ReviewContributor.review_id == review.id,
            ReviewContributor.redeemed_at.is_(None),
            ReviewContributor.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    from participation.caserecord.services import register, team_of_worker_id
    from participation.translation.services import auto_request

    register(
        "pathway_review", review.public_id, team_of_worker_id(person.personal_adviser_id),
        f"{person.name}: pathway plan review {number} held on {held_on.isoformat()}",
    )  # fmt: skip
    record("hold_pathway_review", None, "pathway_review", review.public_id)
    # The young person reads what was decided in their own language.
    auto_request("pathway_review", review, "en", worker, target=person.preferred_language)
    return True


def last_held_on(plan: PathwayPlan) -> date | None:
    return db.session.scalar(
        select(func.max(PathwayReview.held_on)).where(PathwayReview.plan_id == plan.id)
    )


def milestones_of_caseload(worker: Worker, today: date, only: int | None = None) -> dict[int, list]:
    """Every milestone of the adviser's young people, from one query whatever their number:
    the dates each milestone needs, gathered per young person in SQL."""
    from participation.pathway.milestones import milestones
    from participation.pathway.plans import council_date, visible_young_people_stmt

    first_signed = (
        select(AgreedPlanVersion.plan_id, func.min(AgreedPlanVersion.agreed_at).label("at"))
        .where(AgreedPlanVersion.review_id.is_(None))  # signed by both, not a review's outcome
        .group_by(AgreedPlanVersion.plan_id)
        .subquery()
    )
    last_held = (
        select(PathwayReview.plan_id, func.max(PathwayReview.held_on).label("on"))
        .group_by(PathwayReview.plan_id)
        .subquery()
    )
    people = visible_young_people_stmt(worker).subquery()
    stmt = (
        select(
            people.c.id,
            people.c.date_of_birth,
            people.c.pa_allocated_on,
            people.c.assessment_started_on,
            first_signed.c.at,
            PathwayPlan.agreed_at,
            last_held.c.on,
            PathwayPlan.review_due,
        )
        .outerjoin(PathwayPlan, PathwayPlan.young_person_id == people.c.id)
        .outerjoin(first_signed, first_signed.c.plan_id == PathwayPlan.id)
        .outerjoin(last_held, last_held.c.plan_id == PathwayPlan.id)
    )
    if only is not None:
        stmt = stmt.where(people.c.id == only)
    settings = current_app.config["PATHWAY_MILESTONES"]
    found = {}
    for pid, born, allocated, started, signed, agreed, held, next_on in db.session.execute(stmt):
        if born is None:
            continue
        found[pid] = milestones(
            born, today, settings,
            # The days the adviser recorded, never when a row happened to be made (a plan row
            # is made by anyone opening the review page).
            allocated_on=allocated, assessment_started_on=started,
            plan_signed_on=council_date(signed) if signed else None,
            last_agreed_on=council_date(agreed) if agreed else None,
            last_review_on=held, next_review_on=next_on,
        )  # fmt: skip
    return found
