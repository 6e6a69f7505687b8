"""The worker's plans due for review, and the review itself: what went well in the journal
(by rule), then the plan, then "agree the reviewed plan"."""

from datetime import date, timedelta

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.audit.services import record_now
from participation.extensions import db
from participation.htmx import go_to, render
from participation.network import families_bp as bp
from participation.network.plan_review import (
    agree_reviewed,
    count_due,
    interval,
    next_review_on,
    reviews_due,
    today,
    went_well,
)
from participation.network.services import get_family_or_404, labels, mostly_empty, plan_for
from participation.network.versions import latest_agreed, snapshot
from participation.people import current_worker, worker_or_none


@bp.app_template_global()
def plan_review_counts() -> tuple[int, int]:
    """(overdue, due soon) for templates/network/_plan_reviews_due.html on the worker's
    families list: only a signed-in worker's own families; nothing for anyone else."""
    worker = worker_or_none()
    return count_due(worker) if worker is not None else (0, 0)


@bp.get("/plan-reviews")
@login_required
def plan_reviews():
    """Plans overdue or due within 7 days, soonest first, for the worker's families only;
    for htmx (the families list), the counts alone."""
    worker = current_worker()
    overdue, soon = count_due(worker)
    body, _status = render(
        "network/plan_reviews.html",
        "network/_plan_reviews_due.html",
        due=reviews_due(worker),
        overdue=overdue,
        soon=soon,
    )
    return body


def _review_page(
    family, error: str = "", review_on: str = "", status: int = 200, empty: list[str] | None = None
):
    plan = plan_for(family)
    groups, since = went_well(family)
    writers = {e.member.public_id: e.member for g in groups for e in g.entries}
    body, status = render(
        "network/plan_review.html",
        "network/_plan_review_agree.html",
        status,
        family=family,
        plan=snapshot(plan),
        labels=labels(plan),
        groups=groups,
        since=since,
        review_on=review_on or (today() + interval()).isoformat(),
        latest=next_review_on(plan).isoformat(),
        last_agreed=latest_agreed(family.id),
        error=error,
        empty=empty or [],
        max_on=(today() + interval()).isoformat(),
        min_on=(today() + timedelta(days=1)).isoformat(),
    )
    # The members' journal words are on the page: audited with whose words they are.
    record_now("view_plan_review", None, "family", family.public_id, about=[*writers.values()])
    return body, status


@bp.get("/<family_id>/plan/review")
@login_required
def plan_review(family_id: str):
    return _review_page(get_family_or_404(family_id, current_worker()))


@bp.post("/<family_id>/plan/review")
@login_required
def agree_review(family_id: str):
    """Agree the reviewed plan: a new agreed version, and the next review (at most one
    interval away, so the plan is reviewed at least that often)."""
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    raw = (request.form.get("next_review_on") or "").strip()
    try:
        review_on = date.fromisoformat(raw) if raw else today() + interval()
    except ValueError:
        review_on = None
    if review_on is None or not today() < review_on <= today() + interval():
        error = _("Choose a date for the next review within %(days)s days.",
                  days=interval().days)  # fmt: skip
        # A warning already given stays given: the worker is not asked twice.
        warned = mostly_empty(plan_for(family)) if request.form.get("confirm") == "1" else None
        return _review_page(family, error=error, review_on=raw, status=422, empty=warned)
    empty = mostly_empty(plan_for(family))
    if empty and request.form.get("confirm") != "1":
        # Most of the plan is blank: as for "Agree this plan", the worker is told which parts
        # before it goes on the record and to every phone, and asked again; nothing is agreed.
        return _review_page(family, review_on=review_on.isoformat(), empty=empty)
    version = agree_reviewed(family, worker, review_on)
    if version is not None:
        record_now("review_safety_plan", None, "family", family.public_id,
                   detail=str(version.number))  # fmt: skip
    db.session.commit()
    return go_to(url_for(".plan_version", family_id=family_id,
                         number=version.number) if version else url_for(".plan_review",
                         family_id=family_id))  # fmt: skip
