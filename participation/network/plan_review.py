"""A family's safety plan is reviewed at least monthly (PLAN_REVIEW_INTERVAL_DAYS): when the
next review is, which of a worker's plans are due or overdue, and what went well since."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, func, or_, select

from participation.auth.models import Worker
from participation.extensions import db
from participation.network.models import Family, PlanRule, SafetyPlan
from participation.network.services import visible_family_ids
from participation.network.version_models import SafetyPlanVersion
from participation.paging import Page, page_number, page_size

# Plans due within this many days show on the worker's list beside those overdue.
DUE_WITHIN_DAYS = 7
# "What went well": entries where the plan worked, or partly worked.
WENT_WELL = ("yes", "partly")
# A review page shows at most this many entries (the newest), so its cost stays bounded.
MOST_ENTRIES = 300


def interval() -> timedelta:
    from participation.admin.council import setting

    return timedelta(days=int(setting("PLAN_REVIEW_INTERVAL_DAYS", 30)))


def today() -> date:
    from participation.pathway.plans import today as council_today

    return council_today()


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("ALERT_TIMEZONE") or "Europe/London")


def _on(moment: datetime) -> date:
    from participation.pathway.plans import council_date

    return council_date(moment)


def next_review_on(plan: SafetyPlan) -> date:
    """The date set on the plan; else the last agreed version's date plus the interval; else
    the plan's start (its first version, or the family's creation) plus the interval."""
    if plan.next_review_on is not None:
        return plan.next_review_on
    agreed, first = db.session.execute(
        select(func.max(SafetyPlanVersion.agreed_at), func.min(SafetyPlanVersion.created_at))
        .where(SafetyPlanVersion.family_id == plan.family_id)
    ).one()  # fmt: skip
    return _review_date(plan, agreed, first, plan.family.created_at)


def _review_date(
    plan: SafetyPlan, agreed: datetime | None, first: datetime | None, created: datetime
) -> date:
    return _review_on(plan.next_review_on, agreed, first, created, interval())


def _review_on(
    set_on: date | None,
    agreed: datetime | None,
    first: datetime | None,
    created: datetime,
    every: timedelta,
) -> date:
    if set_on is not None:
        return set_on
    return _on(agreed or first or created) + every


@dataclass
class Due:
    """One plan on the worker's list, with its review date."""

    family: Family
    plan: SafetyPlan
    review_on: date

    @property
    def overdue(self) -> bool:
        return self.review_on < today()


def _due_stmt(worker: Worker, every: timedelta, *columns):
    """The worker's families whose plan is overdue or due within DUE_WITHIN_DAYS, as
    `columns` followed by each plan's last agreed version's and first version's times."""
    horizon = today() + timedelta(days=DUE_WITHIN_DAYS)
    # A start on or before this moment (council time) puts the review on or before the horizon.
    cutoff = datetime.combine(horizon - every + timedelta(days=1), time(), _zone())
    # Only the worker's own families' versions are summed: the cost follows their caseload,
    # not the council's.
    visible = visible_family_ids(worker)
    agreed = (
        select(SafetyPlanVersion.family_id, func.max(SafetyPlanVersion.agreed_at).label("at"))
        .where(SafetyPlanVersion.agreed_at.is_not(None), SafetyPlanVersion.family_id.in_(visible))
        .group_by(SafetyPlanVersion.family_id)
        .subquery()
    )
    first = (
        select(SafetyPlanVersion.family_id, func.min(SafetyPlanVersion.created_at).label("at"))
        .where(SafetyPlanVersion.family_id.in_(visible))
        .group_by(SafetyPlanVersion.family_id)
        .subquery()
    )
    return (
        select(*columns, agreed.c.at, first.c.at)
        .select_from(Family)
        .join(SafetyPlan, SafetyPlan.family_id == Family.id)
        .outerjoin(agreed, agreed.c.family_id == Family.id)
        .outerjoin(first, first.c.family_id == Family.id)
        .where(
            Family.id.in_(visible),
            or_(
                SafetyPlan.next_review_on <= horizon,
                and_(
                    SafetyPlan.next_review_on.is_(None),
                    agreed.c.at.is_not(None),
                    agreed.c.at < cutoff,
                ),
                and_(
                    SafetyPlan.next_review_on.is_(None),
                    agreed.c.at.is_(None),
                    func.coalesce(first.c.at, Family.created_at) < cutoff,
                ),
            ),
        )
    )


def due_plans(worker: Worker) -> list[Due]:
    """The worker's families whose plan is overdue or due within DUE_WITHIN_DAYS, soonest
    first. Only families the worker may see (visible_family_ids)."""
    every = interval()
    stmt = _due_stmt(worker, every, Family, SafetyPlan)
    # A worker's due plans are a handful (each family is due once a month): worked out and
    # ordered here, from the dates this one statement brought (no query per family); the page
    # is cut from them.
    return sorted(
        (
            Due(
                family,
                plan,
                _review_on(plan.next_review_on, agreed_at, first_at, family.created_at, every),
            )
            for family, plan, agreed_at, first_at in db.session.execute(stmt)
        ),
        key=lambda due: (due.review_on, due.family.name, due.family.id),
    )


def reviews_due(worker: Worker) -> Page[Due]:
    """One page of the worker's plans due or overdue for review."""
    found = due_plans(worker)
    size, number = page_size(), page_number()
    start = (number - 1) * size
    return Page(
        items=found[start : start + size],
        older={"page": str(number + 1)} if start + size < len(found) else None,
        newer={"page": str(number - 1)} if number > 1 else None,
        total=len(found),
    )


def count_due(worker: Worker) -> tuple[int, int]:
    """(overdue, due soon) for the worker's families list (on every children list): from
    the four dates alone, not each family and plan loaded whole."""
    every, now = interval(), today()
    stmt = _due_stmt(worker, every, SafetyPlan.next_review_on, Family.created_at)
    dates = [
        _review_on(set_on, agreed_at, first_at, created, every)
        for set_on, created, agreed_at, first_at in db.session.execute(stmt)
    ]
    overdue = sum(1 for on in dates if on < now)
    return overdue, len(dates) - overdue


def last_review(family: Family) -> SafetyPlanVersion | None:
    return db.session.scalar(
        select(SafetyPlanVersion)
        .where(
            SafetyPlanVersion.family_id == family.id,
            SafetyPlanVersion.is_review.is_(True),
            SafetyPlanVersion.agreed_at.is_not(None),
        )
        .order_by(SafetyPlanVersion.number.desc())
        .limit(1)
    )


@dataclass
class WentWell:
    """Journal entries where the plan worked, under the rule they are about (None: no rule)."""

    rule: PlanRule | None
    entries: list


def went_well(family: Family) -> tuple[list[WentWell], datetime | None]:
    """What went well since the last review (or ever, before the first), grouped by rule in
    the plan's order, entries newest first; and when the last review was."""
    from participation.journal.models import JournalEntry

    review = last_review(family)
    since = review.agreed_at if review is not None else None
    stmt = select(JournalEntry).where(
        JournalEntry.family_id == family.id, JournalEntry.plan_worked.in_(WENT_WELL)
    )
    if since is not None:
        # What happened since, or was written since (an entry can be written a day late).
        stmt = stmt.where(or_(JournalEntry.occurred_at >= since, JournalEntry.created_at >= since))
    entries = list(
        db.session.scalars(stmt.order_by(JournalEntry.occurred_at.desc()).limit(MOST_ENTRIES))
    )
    rules = list(family.plan.rules) if family.plan else []
    groups = {rule.id: WentWell(rule, []) for rule in rules}
    loose = WentWell(None, [])
    for entry in entries:
        for rule in entry.rules:
            groups.setdefault(rule.id, WentWell(rule, [])).entries.append(entry)
        if not entry.rules:
            loose.entries.append(entry)
    found = [group for group in groups.values() if group.entries]
    return (found + [loose] if loose.entries else found), since


def agree_reviewed(family: Family, worker: Worker, review_on: date | None = None):
    """The reviewed plan is agreed as a new version, and the next review set (by default one
    interval from today)."""
    from participation.network.versions import agree

    return agree(family, worker, review=True, next_review_on=review_on or today() + interval())
