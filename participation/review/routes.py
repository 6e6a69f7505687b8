from babel import UnknownLocaleError
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.activities.services import area_drawings, area_words, get_drawing_or_404
from participation.activities.tools import tool_for
from participation.atomic import commit_keeping_loaded
from participation.audit.services import record_now
from participation.db_types import utcnow
from participation.extensions import db
from participation.htmx import is_htmx, render
from participation.i18n import language_label
from participation.languages import COMMUNITY, label
from participation.network.services import shared_members
from participation.people import current_worker
from participation.review import bp
from participation.review.forms import AnalysisForm, QueueFilterForm, ReplyForm
from participation.review.services import (
    ACTIVITY_KIND,
    JOURNAL_KIND,
    existing_review,
    family_members_of,
    filter_children,
    get_submission_or_404,
    mark_reviewed,
    open_submission,
    queue_alerts_for,
    queue_filters,
    queue_for,
    save_analysis,
    save_reply,
    unread_count_once,
)
from participation.review.thumbnails import thumbnail
from participation.scales.services import activity_scales
from participation.translation.services import awaiting, panels, translations_for_kinds

# The pages a child, member or young person reads ask whether a worker's words are still
# being translated for them, so they are told so rather than handed bare English.
bp.add_app_template_global(awaiting, "awaiting")


@bp.app_template_global("queue_language")
def queue_language(code: str) -> str:
    """A language named in the reader's language, or by our own list where Babel has no
    locale for it (Dari, Tigre): a row in Dari must not break the worker's whole queue."""
    try:
        return language_label(code)
    except UnknownLocaleError:
        return label(code)


@bp.get("")
@login_required
def queue():
    worker = current_worker()
    form = QueueFilterForm(formdata=request.args)
    form.kind.choices = [
        ("", _("Anything")),
        (ACTIVITY_KIND, _("Children's activities")),
        (JOURNAL_KIND, _("Safety journal entries")),
    ]
    form.language.choices = [("", _("Any language"))] + [
        (code, queue_language(code)) for code in COMMUNITY
    ]
    children = filter_children(worker, chosen=request.args.get("child", ""))
    form.child.choices = [("", _("Every child")), *children]
    filters = queue_filters(form)
    form.child.data = filters.child  # the list shows the filter applied: "Every child" if none
    page = queue_for(
        worker,
        before=request.args.get("before", ""),
        after=request.args.get("after", ""),
        filters=filters,
    )
    paged = page.older is not None or page.newer is not None or filters.active
    return render(
        "review/queue.html",
        "review/_queue.html",
        items=page,
        form=form,
        filters=filters,
        # The caseload, as suggestions for the search box (names in attributes only).
        children=children,
        # The whole queue's unread count once it runs to more than one page.
        unread=unread_count_once(worker) if paged else sum(1 for i in page.items if i.unread),
        # Every open alert, on every page: paging never pushes an urgent one out of sight.
        alerts=[] if is_htmx() else queue_alerts_for(worker),
    )


@bp.get("/drawings/<drawing_id>/thumbnail")
@login_required
def drawing_thumbnail(drawing_id: str):
    """A small copy of a drawing for the queue's rows, behind the same permission check as
    the drawing itself (another worker's child's drawing is a 404) and on the audit trail."""
    current_worker()  # staff only: a child's session never reaches the queue's thumbnails
    drawing = get_drawing_or_404(drawing_id)
    # A look at the child's drawing, however small, is a look at their record.
    record_now("view_drawing", drawing.activity.child, "drawing", drawing.public_id)
    response = Response(thumbnail(drawing), mimetype="image/jpeg")
    # Privacy: as for the drawing itself, nothing of the child's stays on a staff device.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = "inline"
    return response


def _submission_context(activity, analysis_form=None, reply_form=None) -> dict:
    review = existing_review(activity)
    worker = current_worker()
    translated = translations_for_kinds(("activity", "reply"), activity.public_id)
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
        "translations": translated["activity"],
        "reply_translations": translated["reply"],
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
    commit_keeping_loaded()
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
