"""The worker's pages of a family's plan versions: who changed what and when, one version
with what changed since the one before, and "Agree this plan"."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required

from participation.audit.services import record_now
from participation.extensions import db
from participation.network import families_bp as bp
from participation.network.services import (
    get_family_or_404,
    labels,
    members_of,
    mostly_empty,
    plan_for,
)
from participation.network.versions import (
    agree,
    changes,
    latest_version,
    previous_of,
    version_of,
    versions_of,
)
from participation.people import current_worker


@bp.get("/<family_id>/plan/versions")
@login_required
def plan_versions(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    versions = versions_of(family)
    # Each version holds the words of the plan and who wrote them: an audited read.
    by_number = {v.number: v for v in versions}
    listed = [(v, changes(by_number[v.number - 1].content if v.number - 1 in by_number
                          else None, v.content)) for v in versions]  # fmt: skip
    page = render_template(
        "network/plan_versions.html",
        family=family,
        listed=listed,
        current=versions[0] if versions else None,
        labels=labels(family.plan),
    )
    record_now("view_safety_plan_versions", None, "family", family.public_id,
               about=members_of(family))  # fmt: skip
    return page


@bp.get("/<family_id>/plan/versions/<int:number>")
@login_required
def plan_version(family_id: str, number: int):
    family = get_family_or_404(family_id, current_worker())
    version = version_of(family, number)
    if version is None:
        abort(404)
    previous = previous_of(version)
    latest = latest_version(family.id)
    page = render_template(
        "network/plan_version.html",
        family=family,
        version=version,
        previous=previous,
        changed=changes(previous.content if previous else None, version.content),
        is_current=latest is not None and latest.id == version.id,
        labels=labels(family.plan),
    )
    record_now("view_safety_plan_version", None, "family", family.public_id,
               detail=str(version.number), about=members_of(family))  # fmt: skip
    return page


@bp.post("/<family_id>/plan/versions/agree")
@login_required
def agree_plan(family_id: str):
    """The plan as it stands is agreed: it goes on the record and to every member's phone."""
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    empty = mostly_empty(plan_for(family))
    if empty and request.form.get("confirm") != "1":
        # Most of the plan is blank: say so plainly and ask again (a page of its own, so it
        # works without JavaScript); nothing is agreed until the worker confirms.
        db.session.commit()  # the plan made on first opening, if it was
        return render_template(
            "network/agree_confirm.html", family=family, empty=empty, labels=labels(family.plan)
        )
    version = agree(family, worker) or latest_version(family.id)
    if version is not None:
        record_now("agree_safety_plan", None, "family", family.public_id,
                   detail=str(version.number))  # fmt: skip
    db.session.commit()
    if version is None:
        return redirect(url_for(".plan_versions", family_id=family_id))
    return redirect(url_for(".plan_version", family_id=family_id, number=version.number))
