"""The worker's side: a child's meetings, asking for the child's views, writing the outcome."""

from flask import abort, redirect, render_template, url_for
from flask_login import login_required
from wtforms import SelectChoice

from participation.activities.models import Mode
from participation.activities.tools import tool_name
from participation.audit.services import record_now
from participation.children.services import get_child_or_404
from participation.codes.services import issue_code, remember_shown_code
from participation.extensions import db
from participation.htmx import go_to, render
from participation.meetings import bp
from participation.meetings import services as svc
from participation.meetings.forms import AskViewsForm, MeetingForm, outcome_form
from participation.meetings.models import Meeting, MeetingKind
from participation.people import current_worker


def _meeting_form() -> MeetingForm:
    form = MeetingForm()
    form.kind.choices = [SelectChoice(k.value, svc.kind_name(k)) for k in MeetingKind]
    form.chair.choices = [SelectChoice(str(w.id), w.name) for w in svc.chair_choices()]
    return form


def _ask_form(meeting: Meeting) -> AskViewsForm:
    form = AskViewsForm(views_due=meeting.views_due)
    form.meeting_on = meeting.held_on
    form.tool.choices = [SelectChoice(t, tool_name(t)) for t in svc.VIEWS_TOOLS]
    return form


@bp.route("/child/<child_id>", methods=["GET", "POST"])
@login_required
def child_meetings(child_id: str):
    """The child's meetings, and (for the child's own workers) a form to add one."""
    worker = current_worker()
    child = get_child_or_404(child_id, worker)
    form = _meeting_form()
    arrange = svc.may_arrange(worker)
    status = 200
    if form.is_submitted():
        if not arrange:
            abort(403)
        if form.validate():
            chair = next(w for w in svc.chair_choices() if str(w.id) == form.chair.data)
            meeting = svc.add_meeting(child, worker, form.kind.data, form.held_on.data, chair)
            db.session.commit()
            # htmx would swap the whole meeting page into the form after a bare 302.
            return go_to(url_for(".view_meeting", meeting_id=meeting.public_id))
        status = 422
    context = {"child": child, "form": form, "arrange": arrange,
               "meetings": svc.meetings_of(child, worker)}  # fmt: skip
    return render("meetings/child_meetings.html", "meetings/_meeting_form.html", status, **context)


def _meeting_context(meeting: Meeting, **extra) -> dict:
    share = svc.outcome_share(meeting)
    return {
        "meeting": meeting,
        "child": meeting.child,
        "views": svc.views_for(meeting),
        "ask_form": extra.pop("ask_form", None) or _ask_form(meeting),
        "outcome_form": extra.pop("outcome_form", None) or outcome_form(),
        "share": share,
        **extra,
    }


@bp.get("/<meeting_id>")
@login_required
def view_meeting(meeting_id: str):
    """The meeting, the views asked for it, the outcome, its read receipt and the child's
    answer: a read of the child's words, so on their trail."""
    meeting = svc.get_meeting_or_404(meeting_id, current_worker())
    record_now("view_meeting", meeting.child, svc.MEETING_KIND, meeting.public_id)
    return render_template("meetings/meeting.html", **_meeting_context(meeting))


@bp.post("/<meeting_id>/views")
@login_required
def ask_for_views(meeting_id: str):
    """An activity for the child's views for this meeting, in their language and due by the
    date on the form: on a code for their own device, or together now."""
    worker = current_worker()
    meeting = svc.get_meeting_or_404(meeting_id, worker)
    form = _ask_form(meeting)
    if not form.validate_on_submit():
        context = _meeting_context(meeting, ask_form=form)
        return render("meetings/meeting.html", "meetings/_ask_form.html", 422, **context)
    due = form.views_due.data or meeting.views_due
    activity = svc.ask_for_views(meeting, worker, form.tool.data, Mode(form.mode.data), due)
    if activity.mode == Mode.CODE:
        code, plain = issue_code(activity, worker)
        db.session.commit()
        remember_shown_code(code, plain)
        return redirect(url_for("codes.show_code", code_id=code.id))
    db.session.commit()
    return redirect(url_for("activities.overview", activity_id=activity.public_id))


@bp.post("/<meeting_id>/outcome")
@login_required
def write_outcome(meeting_id: str):
    """What was decided, in plain words, to the child: translated, and in their space."""
    worker = current_worker()
    meeting = svc.get_meeting_or_404(meeting_id, worker)
    form = outcome_form()
    if not form.validate_on_submit():
        context = _meeting_context(meeting, outcome_form=form)
        return render("meetings/meeting.html", "meetings/_outcome_form.html", 422, **context)
    svc.write_outcome(meeting, worker, form.outcome.data or "", form.language.data or "en")
    return redirect(url_for(".view_meeting", meeting_id=meeting.public_id))
