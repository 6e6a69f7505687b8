"""A care leaver's milestones worked out from their date of birth, so the adviser sees what
is due before it is late. Pure functions: the dates and settings come in, nothing is read."""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

DONE, OVERDUE, DUE, UPCOMING = "done", "overdue", "due", "upcoming"
# Done, but after the day it was due: the record says so rather than a plain tick.
DONE_LATE = "done_late"

TITLES = {
    "adviser_allocated": _l("Personal adviser allocated"),
    "assessment": _l("Pathway assessment started"),
    "plan_signed": _l("Pathway plan signed"),
    "review": _l("Plan review"),
    "support_until": _l("Support ends"),
}


@dataclass(frozen=True)
class Milestone:
    key: str
    due: date
    status: str
    done_on: date | None = None

    @property
    def title(self) -> str:
        return str(TITLES[self.key])


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _months_on(start: date, months: int) -> tuple[int, int]:
    total = start.month - 1 + months
    return start.year + total // 12, total % 12 + 1


def age_reached(date_of_birth: date, years: int, months: int = 0) -> date:
    """The day someone reaches this age. Born on a day the month lacks (29 February, or the
    31st for "15 years 5 months"), they reach it the day after that month's last day: the
    common practice in England is that a person born on 29 February comes of age on
    1 March in a year without one (the Family Law Reform Act 1969 s9 settles only the time
    of day). dateutil's relativedelta would say 28 February, a day early, so it is not used."""
    year, month = _months_on(date_of_birth, 12 * years + months)
    if date_of_birth.day > _last_day(year, month):
        return date(year, month, _last_day(year, month)) + timedelta(days=1)
    return date(year, month, date_of_birth.day)


def months_after(start: date, months: int) -> date:
    """A date some months on, for "a review every 6 months": where that month is shorter,
    its last day (31 August -> 28 February), so a review is never called in time a day late."""
    year, month = _months_on(start, months)
    return date(year, month, min(start.day, _last_day(year, month)))


def _status(due: date, today: date, warn_days: int) -> str:
    if today > due:
        return OVERDUE
    return DUE if (due - today).days <= warn_days else UPCOMING


def milestones(
    date_of_birth: date,
    today: date,
    settings: Mapping,
    *,
    allocated_on: date | None = None,
    assessment_started_on: date | None = None,
    plan_signed_on: date | None = None,
    last_review_on: date | None = None,
    next_review_on: date | None = None,
    last_agreed_on: date | None = None,
) -> list[Milestone]:
    """Every milestone with its due date and whether it is done (in time or late), overdue,
    due soon (within WARN_DAYS) or upcoming. The review appears once the plan is signed; its
    date is the earlier of 6 months after the last review (or the signing) and any date set
    since (a move, a review brought forward); a plan signed again (last_agreed_on) starts the
    interval again too. It is never done, since another always follows: done_on is the last
    review held."""
    warn = int(settings["WARN_DAYS"])

    def at(key: str) -> date:
        years, months = settings[key]
        return age_reached(date_of_birth, years, months)

    def step(
        key: str, due: date, done_on: date | None, late_after: date | None = None
    ) -> Milestone:
        if done_on is None:
            return Milestone(key, due, _status(due, today, warn))
        return Milestone(key, due, DONE_LATE if done_on > (late_after or due) else DONE, done_on)

    plan_due = at("plan_signed")
    # "From 15 years 5 months": due from that day, and late only once the plan itself is
    # late, since the assessment is how the plan gets written.
    assessment = step("assessment", at("assessment_from"), assessment_started_on, plan_due)
    if assessment.done_on is None:
        status = OVERDUE if today > plan_due else (DUE if today >= assessment.due else UPCOMING)
        assessment = Milestone("assessment", assessment.due, status)
    # "Before 16": the 16th birthday itself is a day late.
    allocated_due = at("adviser_allocated") - timedelta(days=1)
    found = [
        step("adviser_allocated", allocated_due, allocated_on),
        assessment,
        step("plan_signed", plan_due, plan_signed_on),
    ]
    if plan_signed_on is not None:
        last = max(d for d in (plan_signed_on, last_agreed_on, last_review_on) if d is not None)
        due = months_after(last, int(settings["REVIEW_MONTHS"]))
        if next_review_on is not None:
            due = min(due, next_review_on)
        # The next review is ahead (or late), never "done": done_on is the last one held.
        found.append(Milestone("review", due, _status(due, today, warn), last_review_on))
    ends = at("support_until")
    found.append(
        Milestone("support_until", ends, DONE if today >= ends else _status(ends, today, warn))
    )
    return found


def needs_attention(found: list[Milestone]) -> list[Milestone]:
    """What the adviser's list shows: the overdue, then what is due soon."""
    return sorted(
        (m for m in found if m.status in (OVERDUE, DUE)),
        key=lambda m: (m.status != OVERDUE, m.due),
    )
