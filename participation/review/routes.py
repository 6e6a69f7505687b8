from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.activities.services import area_drawings, area_words
from participation.activities.tools import tool_for
from participation.db_types import utcnow
from participation.extensions import db
from participation.htmx import render
from participation.network.services import shared_members
from participation.people import current_worker
from participation.review import bp
from participation.review.forms import AnalysisForm, ReplyForm
from participation.review.services import (
    commit_read,
    existing_review,
    family_members_of,
    get_submission_or_404,
    mark_reviewed,
    open_submission,
    queue_alerts_for,
    queue_for,
    save_analysis,
    save_reply,
    unread_count_once,
)
from participation.scales.services import activity_scales
from participation.translation.services import awaiting, panels, translations_for

# The pages a child, member or young person reads ask whether a worker's words are still
# being translated for them, so they are told so rather than handed bare English.
bp.add_app_template_global(awaiting, "awaiting")


@bp.get("")
@login_required
def queue():
    worker = current_worker()
    page = queue_for(
        worker, before=request.args.get("before", ""), after=request.args.get("after", "")
    )
    paged = page.older is not None or page.newer is not None
    return render_template(
        "review/queue.html",
        items=page,
        # The whole queue's unread count once it runs to more than one page.
        unread=unread_count_once(worker) if paged else sum(1 for i in page.items if i.unread),
        # Every open alert, on every page: paging never pushes an urgent one out of sight.
        alerts=queue_alerts_for(worker),
    )


def _submission_context(activity, analysis_form=None, reply_form=None) -> dict:
    review = existing_review(activity)
    worker = current_worker()
    return {
        "activity": activity,
        "tool": tool_for(activity.tool),
        "words": area_words(activity),
        "drawings": area_drawings(activity),
        "scales": activity_scales(activity),
        "family_members": family_members_of(activity),
        "shared_with": shared_members(activity),
        "review": review,
        "analysis_form": analysis_form or AnalysisForm(analysis=review.analysis if review else ""),
        "reply_form": reply_form or ReplyForm(reply=review.reply if review else ""),
        "now": utcnow(),
        "translations": translations_for("activity", activity.public_id),
        "reply_translations": translations_for("reply", activity.public_id),
        **panels(
            worker,
            {
                "words_panel": ("activity", activity.public_id),
                "reply_panel": ("reply", activity.public_id),
            },
        ),
    }


@bp.get("/<activity_id>")
@login_required
def submission(activity_id: str):
    worker = current_worker()
    activity = get_submission_or_404(activity_id, worker)
    open_submission(activity, worker)
    commit_read()
    return render_template("review/submission.html", **_submission_context(activity))


def _save_worker_text(activity_id: str, form, part: str, save):
    """Analysis and reply share one flow: validate, save (which audits), return the fragment."""
    worker = current_worker()
    activity = get_submission_or_404(activity_id, worker)
    fragment = f"review/_{part}.html"
    if not form.validate_on_submit():
        ctx = _submission_context(activity, **{f"{part}_form": form})
        return render("review/submission.html", fragment, 422, **ctx)
    save(activity, worker, getattr(form, part).data or "")
    db.session.commit()
    ctx = _submission_context(activity, **{f"{part}_form": form})
    ctx[f"{part}_saved"] = True
    return render("review/submission.html", fragment, **ctx)


@bp.post("/<activity_id>/analysis")
@login_required
def analysis(activity_id: str):
    return _save_worker_text(activity_id, AnalysisForm(), "analysis", save_analysis)


@bp.post("/<activity_id>/reply")
@login_required
def reply(activity_id: str):
    return _save_worker_text(activity_id, ReplyForm(), "reply", save_reply)


@bp.post("/<activity_id>/reviewed")
@login_required
def reviewed(activity_id: str):
    worker = current_worker()
    activity = get_submission_or_404(activity_id, worker)
    mark_reviewed(activity, worker)
    db.session.commit()
    flash(_("Marked as reviewed."))
    return redirect(url_for(".submission", activity_id=activity_id))
