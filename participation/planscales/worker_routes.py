"""The worker's scaling rounds and charts for a family, and the family's practice runs."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.audit.services import record_now
from participation.extensions import db
from participation.htmx import render
from participation.network.services import get_family_or_404
from participation.people import current_worker
from participation.planscales import practice_worker_bp
from participation.planscales import worker_bp as bp
from participation.planscales.forms import OpenRoundForm
from participation.planscales.services import (
    ANSWER_KIND,
    PRACTICE_KIND,
    charts_for,
    close_round,
    get_round_for_worker_or_404,
    open_round,
    open_round_of,
    practice_runs_for,
    rounds_of,
    scaling_question,
)
from participation.problems import Refused
from participation.translation.services import translations_for_many


def _answerers(answers) -> list:
    return list({a.member_id: a.member for a in answers}.values())


def _scaling_context(family, form=None) -> dict:
    charts = charts_for(family)
    answers = [a for chart in charts for a in chart.answers]
    return {
        "family": family,
        "charts": charts,
        "rounds": rounds_of(family),
        "open_round": open_round_of(family.id),
        "question": scaling_question(),
        "form": form or OpenRoundForm(),
        # The English beside each person's words, from the translation machinery.
        "translations": translations_for_many(ANSWER_KIND, [a.public_id for a in answers]),
        "answers": answers,
    }


@bp.get("")
@login_required
def family_scaling(family_ref: str):
    """The network's numbers per statement over time: a read of their words, so audited on
    the children's trail and on each answering member's."""
    family = get_family_or_404(family_ref, current_worker())
    context = _scaling_context(family)
    record_now(
        "view_plan_scaling", None, "family", family.public_id,
        about=_answerers(context["answers"]),
    )  # fmt: skip
    return render("planscales/family_scaling.html", "planscales/_charts.html", **context)


@bp.get("/summary")
@login_required
def scaling_summary(family_ref: str):
    """The family page's short summary (its fragment, for htmx): the latest medians only,
    nobody's words, so it is not audited as a read of their answers."""
    family = get_family_or_404(family_ref, current_worker())
    return render(
        "planscales/family_scaling.html",
        "planscales/_family_summary.html",
        **_scaling_context(family),
    )


@bp.post("/rounds")
@login_required
def open_scaling_round(family_ref: str):
    worker = current_worker()
    family = get_family_or_404(family_ref, worker)
    form = OpenRoundForm()
    if form.validate_on_submit():
        try:
            open_round(family, worker, form.meeting_on.data)
            db.session.commit()
            flash(_("The scaling round is open. The network can answer on their phones now."))
            return redirect(url_for(".family_scaling", family_ref=family.public_id))
        except Refused as refused:
            db.session.rollback()
            form.meeting_on.errors = [refused.message]
            status = refused.status
    else:
        status = 422
    return render(
        "planscales/family_scaling.html",
        "planscales/_charts.html",
        status,
        **_scaling_context(family, form),
    )


@bp.post("/rounds/<round_id>/close")
@login_required
def close_scaling_round(family_ref: str, round_id: str):
    """Closing puts the round's answers on the record; closing twice files it once."""
    worker = current_worker()
    family = get_family_or_404(family_ref, worker)
    scaling = get_round_for_worker_or_404(round_id, worker)
    if scaling.family_id != family.id:
        return redirect(url_for(".family_scaling", family_ref=family.public_id))
    close_round(scaling)
    db.session.commit()
    flash(_("The scaling round is closed and its answers are on the record."))
    return redirect(url_for(".family_scaling", family_ref=family.public_id))


@practice_worker_bp.get("")
@login_required
def practice_runs(family_ref: str):
    """The network's practice runs, as the journal view shows them (its fragment for htmx)."""
    family = get_family_or_404(family_ref, current_worker())
    runs = practice_runs_for(family, 100)
    record_now(
        "view_practice_runs", None, "family", family.public_id,
        about=list({r.member_id: r.member for r in runs}.values()),
    )  # fmt: skip
    return render(
        "planscales/family_practice.html",
        "planscales/_practice_runs.html",
        family=family,
        runs=runs,
        translations=translations_for_many(PRACTICE_KIND, [r.public_id for r in runs]),
    )
