"""Agreeing the plan: both sign, then the version is kept for the record."""

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from participation.atomic import lock
from participation.audit.services import record
from participation.db_types import utcnow
from participation.extensions import db
from participation.pathway.milestones import months_after
from participation.pathway.models import AgreedPlanVersion, PathwayPlan, YoungPerson
from participation.pathway.plans import council_date, plan_for, sections_of
from participation.pathway.sections import SECTIONS


def agree(person: YoungPerson, by: str) -> AgreedPlanVersion | None:
    """Both sign; then the version is snapshotted for the record and the review date set."""
    plan = plan_for(person)
    # When both sign at the same moment, each must see the other's signature: the second
    # waits for the first, so exactly one agreed version reaches the record.
    lock(plan)
    if plan.yp_agreed_at and plan.pa_agreed_at:
        # Already agreed at this version (any change clears both signatures): a double tap,
        # a resend, or the second signer's request that waited behind the lock changes
        # nothing, so the record gets one agreed version, not one per tap.
        return None
    now = utcnow()
    plan_review_before = plan.review_due
    if by == "young_person":
        plan.yp_agreed_at = now
    else:
        plan.pa_agreed_at = now
    if not (plan.yp_agreed_at and plan.pa_agreed_at):
        return None
    plan.agreed_at = now
    # REVIEW_MONTHS after signing, unless a sooner review is already set (a move's, or one
    # brought forward in a crisis): signing never pushes that review later.
    months = current_app.config["PATHWAY_MILESTONES"]["REVIEW_MONTHS"]
    signed_on = council_date(now)
    plan.review_due = months_after(signed_on, months)
    if plan_review_before is not None and signed_on <= plan_review_before < plan.review_due:
        plan.review_due = plan_review_before
    number = (
        db.session.scalar(
            select(AgreedPlanVersion.number)
            .where(AgreedPlanVersion.plan_id == plan.id)
            .order_by(AgreedPlanVersion.number.desc())
            .limit(1)
        )
        or 0
    ) + 1
    version = AgreedPlanVersion(plan=plan, number=number, snapshot=snapshot(plan), agreed_at=now)
    db.session.add(version)
    db.session.flush()
    from participation.caserecord.services import register, team_of_worker_id

    register(
        "pathway_version", version.public_id, team_of_worker_id(person.personal_adviser_id),
        f"{person.name}: pathway plan version {number} agreed",
    )  # fmt: skip
    return version


def adviser_agrees(person: YoungPerson) -> AgreedPlanVersion | None:
    """The adviser's signature is on the young person's trail; the young person's own is not."""
    version = agree(person, "personal_adviser")
    record("agree_pathway_plan", None, "young_person", person.public_id)
    return version


def snapshot(plan: PathwayPlan) -> dict:
    """The plan as agreed: the young person's words verbatim, with who wrote each sentence.
    Section titles are in English, the language of the case record."""
    with force_locale("en"):
        return _snapshot(plan)


def _snapshot(plan: PathwayPlan) -> dict:
    rows = sections_of(plan)
    person = plan.young_person
    return {
        "young_person": {"id": person.public_id, "name": person.name},
        "language": person.preferred_language,
        "personal_adviser": person.personal_adviser.name,
        "young_person_agreed_at": plan.yp_agreed_at.isoformat() if plan.yp_agreed_at else None,
        "adviser_agreed_at": plan.pa_agreed_at.isoformat() if plan.pa_agreed_at else None,
        "sections": [
            {
                "id": s.slug,
                "title": str(s.title),
                "in_my_words": rows[s.slug].in_my_words if s.slug in rows else "",
                "want_to_achieve": rows[s.slug].want_to_achieve if s.slug in rows else "",
                "how_am_i_doing": rows[s.slug].scale if s.slug in rows else None,
                "who_wrote_what": rows[s.slug].attribution if s.slug in rows else {},
                "actions": [
                    {
                        "what": a.what,
                        "who_helps": a.who_helps,
                        "by_when": a.by_when.isoformat() if a.by_when else None,
                        "done": a.done,
                        "added_by": a.added_by_name,
                    }
                    for a in (rows[s.slug].actions if s.slug in rows else [])
                ],
            }
            for s in SECTIONS
        ],
    }
