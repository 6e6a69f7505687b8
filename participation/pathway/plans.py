"""Who may see which young person, and their pathway plan: its sections, review dates and
what a young person shares with their network."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from participation.atomic import insert_once
from participation.auth.models import Worker
from participation.auth.services import on_caseload
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.models import Family
from participation.pathway.models import AgreedPlanVersion, PathwayPlan, PlanSection, YoungPerson
from participation.pathway.sections import BY_SLUG


def visible_young_people_stmt(worker: Worker) -> Select[tuple[YoungPerson]]:
    """Personal advisers (and social workers) see those they support; managers their team."""
    return on_caseload(select(YoungPerson), YoungPerson.personal_adviser_id, worker)


def get_young_person_or_404(public_id: str, worker: Worker) -> YoungPerson:
    return db.first_or_404(
        visible_young_people_stmt(worker).where(YoungPerson.public_id == public_id)
    )


def young_people_of(worker: Worker) -> list[YoungPerson]:
    return list(db.session.scalars(visible_young_people_stmt(worker).order_by(YoungPerson.name)))


def add_young_person(
    worker: Worker, name: str, date_of_birth: date | None, preferred_language: str
) -> YoungPerson:
    """A new young person, supported by the adviser who adds them."""
    person = YoungPerson(
        name=name,
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
        personal_adviser_id=worker.id,
    )
    db.session.add(person)
    return person


def network_of(person: YoungPerson, worker: Worker) -> Family:
    """The young person's own network, made the first time their adviser opens it."""
    if person.family_id is None:
        family = Family(name=_("%(name)s's network", name=person.name), created_by_id=worker.id)
        db.session.add(family)
        db.session.flush()
        person.family_id = family.id
        return family
    return db.session.get_one(Family, person.family_id)


def plan_for(person: YoungPerson) -> PathwayPlan:
    plan = db.session.scalar(select(PathwayPlan).where(PathwayPlan.young_person_id == person.id))
    if plan is None:
        # The young person and adviser opening a new plan at once make one plan.
        insert_once(PathwayPlan, young_person_id=person.id)
        plan = db.session.scalars(
            select(PathwayPlan).where(PathwayPlan.young_person_id == person.id)
        ).one()
    return plan


def section_row(plan: PathwayPlan, slug: str) -> PlanSection:
    row = db.session.scalar(
        select(PlanSection).where(PlanSection.plan_id == plan.id, PlanSection.section == slug)
    )
    if row is None:
        row = PlanSection(plan_id=plan.id, section=slug, attribution={}, version=0)
        db.session.add(row)
        db.session.flush()
    return row


def sections_of(plan: PathwayPlan, with_actions: bool = True) -> dict[str, PlanSection]:
    """The plan's sections by slug, each with its actions (one statement for all of them,
    not one per section) unless the page does not show them."""
    stmt = select(PlanSection).where(PlanSection.plan_id == plan.id)
    if with_actions:
        stmt = stmt.options(selectinload(PlanSection.actions))
    return {r.section: r for r in db.session.scalars(stmt)}


def agreed_versions_of(plan: PathwayPlan) -> list[AgreedPlanVersion]:
    stmt = (
        select(AgreedPlanVersion)
        .where(AgreedPlanVersion.plan_id == plan.id)
        .order_by(AgreedPlanVersion.number.desc())
    )
    return list(db.session.scalars(stmt))


def council_date(moment: datetime) -> date:
    """The date at the council (ALERT_TIMEZONE, the zone of its working day), not on the
    server: review dates are set, listed and called overdue on one calendar wherever the app
    runs."""
    zone = ZoneInfo(current_app.config.get("ALERT_TIMEZONE") or "Europe/London")
    return moment.astimezone(zone).date()


def today() -> date:
    return council_date(utcnow())


def plans_due(worker: Worker, within_days: int = 28) -> list[PathwayPlan]:
    """Plans overdue for review, or due within 28 days, for the adviser's young people."""
    people = visible_young_people_stmt(worker).with_only_columns(YoungPerson.id).scalar_subquery()
    stmt = (
        select(PathwayPlan)
        .where(
            PathwayPlan.young_person_id.in_(people),
            PathwayPlan.review_due.is_not(None),
            PathwayPlan.review_due <= today() + timedelta(days=within_days),
        )
        .order_by(PathwayPlan.review_due)
    )
    return list(db.session.scalars(stmt))


def shared_sections_for_family(family_id: int) -> list[tuple[YoungPerson, list]]:
    """What a network member may read: only the sections each young person chose to share.
    One statement however many young people the family has (it was one per person)."""
    # Privacy: the filter on shared_with_network is in the SQL, so a section a young person
    # keeps to themselves is never even loaded for a member's page.
    stmt = (
        select(YoungPerson, PlanSection)
        .join(PathwayPlan, PathwayPlan.young_person_id == YoungPerson.id)
        .join(PlanSection, PlanSection.plan_id == PathwayPlan.id)
        .where(YoungPerson.family_id == family_id, PlanSection.shared_with_network.is_(True))
        .order_by(YoungPerson.id)
    )
    by_person: dict[int, tuple[YoungPerson, dict[str, PlanSection]]] = {}
    for person, row in db.session.execute(stmt):
        by_person.setdefault(person.id, (person, {}))[1][row.section] = row
    result = []
    for person, rows in by_person.values():
        shared = [(BY_SLUG[s], rows[s]) for s in BY_SLUG if s in rows]
        if shared:
            result.append((person, shared))
    return result
