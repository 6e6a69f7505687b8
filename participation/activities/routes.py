from flask import (
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from participation.activities import bp
from participation.activities.addressed import address
from participation.activities.forms import ConfirmSeenForm, StartActivityForm
from participation.activities.models import Mode, Outcome
from participation.activities.services import (
    Access,
    NotThisDevice,
    area_drawings,
    area_voices,
    area_words,
    confirm_seen,
    end_early,
    get_access_or_404,
    get_drawing_or_404,
    save_answers,
    save_drawing,
    save_voice,
    start_activity,
    submit,
)
from participation.activities.symbols import symbols
from participation.activities.tools import TOOLS
from participation.alerts.raising import raise_child_worry
from participation.alerts.services import latest_alert, told_status
from participation.atomic import commit_keeping_loaded
from participation.audit.services import record, record_now
from participation.children.forms import CHILD_LANGUAGES
from participation.children.services import get_child_or_404
from participation.codes.services import issue_code, remember_shown_code
from participation.extensions import db
from participation.htmx import render, render_fragment
from participation.i18n import language_name
from participation.identity.services import current_child_session, end_session
from participation.people import current_worker, worker_or_none
from participation.problems import Refused
from participation.responses import private_stored_file
from participation.review.services import replies_for_child
from participation.scales.services import activity_scales

FINISHED_KEY = "finished_activity"
THANKS_NAME_KEY = "thanks_worker_name"


def _start_form(child) -> StartActivityForm:
    form = StartActivityForm()
    form.tool.choices = [SelectChoice(t.slug, str(t.name)) for t in TOOLS.values()]
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    if not form.is_submitted():
        form.language.data = child.preferred_language
    return form


@bp.route("/new/<child_id>", methods=["GET", "POST"])
@login_required
def start(child_id: str):
    worker = current_worker()
    child = get_child_or_404(child_id, worker)
    form = _start_form(child)
    if form.validate_on_submit():
        activity = start_activity(
            child,
            worker,
            tool=form.tool.data,
            mode=Mode(form.mode.data),
            seen_alone=form.seen_alone.data == "yes",
            present=form.present.data or "",
            interpreter=form.interpreter.data or "",
            language=form.language.data,
        )
        db.session.flush()
        record("start_activity", child, object_kind="activity", object_id=activity.public_id)
        if activity.mode == Mode.CODE:
            code, plain = issue_code(activity, worker)
            db.session.commit()
            remember_shown_code(code, plain)
            return redirect(url_for("codes.show_code", code_id=code.id))
        db.session.commit()
        return redirect(url_for("activities.overview", activity_id=activity.public_id))
    status = 422 if form.is_submitted() else 200
    return render_template("activities/start.html", form=form, child=child), status


def _activity_context(access) -> dict:
    address(access.activity.child)
    return {
        "access": access,
        "activity": access.activity,
        "tool": access.tool,
        "words": area_words(access.activity),
        "drawings": area_drawings(access.activity),
        "scales": activity_scales(access.activity),
        # The child's own worker by first name ("Sam will read..."): a child knows their
        # worker's name; the surname is not shown on the child's screens.
        "worker_name": access.activity.child.allocated_worker.first_name,
    }


def _area_context(access, area_slug: str) -> dict:
    address(access.activity.child)
    tool = access.tool
    area = tool.area(area_slug)
    words = area_words(access.activity)
    drawings = area_drawings(access.activity)
    row = words.get(area.slug)
    return {
        "access": access,
        "activity": access.activity,
        "tool": tool,
        "area": area,
        "words": words.get(area.slug),
        "drawing": drawings.get(area.slug),
        "voices": area_voices(access.activity).get(area.slug, []),
        "symbol_set": symbols(),
        "chosen_symbols": [s["id"] for s in (row.symbols or [])] if row else [],
        "scale_answer": activity_scales(access.activity).get(area.slug),
        "nav_words": words,
        "nav_drawings": drawings,
        "next_area": tool.next_area(area.slug),
        "previous_area": tool.previous_area(area.slug),
        "worker_name": access.activity.child.allocated_worker.first_name,
    }


@bp.get("/<activity_id>")
def overview(activity_id: str):
    access = get_access_or_404(activity_id)
    replies = []
    if access.is_child:
        # "You said, we did": the child sees their worker's replies to earlier activities.
        replies = replies_for_child(access.activity.child, mark_seen=True)
        # Kept loaded: the page shows what was just read (a plain commit made it read each
        # message and its activity again, one statement apiece).
        commit_keeping_loaded()
    else:
        # Staff opening the child's words is on the child's trail; the child is not.
        record_now("view_activity", access.activity.child, "activity", activity_id)
    return render_template("activities/overview.html", replies=replies, **_activity_context(access))


@bp.get("/<activity_id>/areas/<area>")
def area_page(activity_id: str, area: str):
    access = get_access_or_404(activity_id)
    context = _area_context(access, area)
    if not access.is_child:
        record_now("view_activity_area", access.activity.child, "activity", activity_id)
    return render_template("activities/area.html", **context)


@bp.url_value_preprocessor
def _read_big_area_forms(endpoint: str | None, _values: dict | None) -> None:
    """Runs before the CSRF check reads the form: a too-big photo must not cost the words."""
    if endpoint == "activities.save_area":
        request.max_content_length = current_app.config["PHOTO_FORM_MAX_CONTENT_LENGTH"]


@bp.post("/<activity_id>/areas/<area>")
def save_area(activity_id: str, area: str):
    """The no-JavaScript path: words and an optional photo of a drawing, then move on."""
    access = get_access_or_404(activity_id)
    context = _area_context(access, area)
    try:
        save_answers(access, area, request.form)
        # The words are kept even if the photo sent with them is refused.
        db.session.commit()
        upload = request.files.get("drawing")
        if upload and upload.filename:
            save_drawing(access, area, upload.read(), source="photo")
            db.session.commit()
        # The child's voice, recorded here (voice.js) or with the tablet's own recorder.
        voice = request.files.get("voice")
        if voice and voice.filename:
            save_voice(access, area, voice.read())
            db.session.commit()
    except Refused as refused:
        db.session.rollback()
        context = _area_context(access, area)
        context["error"] = refused.message
        return render_template("activities/area.html", **context), refused.status
    go = request.form.get("go", "stay")
    if go == "next" and context["next_area"]:
        return redirect(
            url_for(".area_page", activity_id=activity_id, area=context["next_area"].slug)
        )
    if go == "previous" and context["previous_area"]:
        target = context["previous_area"].slug
        return redirect(url_for(".area_page", activity_id=activity_id, area=target))
    if go == "overview":
        return redirect(url_for(".overview", activity_id=activity_id))
    if go == "finish":
        return redirect(url_for(".finish", activity_id=activity_id))
    return redirect(url_for(".area_page", activity_id=activity_id, area=area, saved=1))


@bp.post("/<activity_id>/areas/<area>/words")
def autosave_words(activity_id: str, area: str):
    access = get_access_or_404(activity_id)
    try:
        row = save_answers(access, area, request.form)
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        # 409 (words this device may not write) tells the outbox to keep its copy.
        status = 409 if isinstance(refused, NotThisDevice) else 422
        return render_fragment("activities/_save_status.html", error=refused.message), status
    return render_fragment("activities/_save_status.html", saved_at=row.updated_at)


@bp.post("/<activity_id>/areas/<area>/drawing")
def upload_drawing(activity_id: str, area: str):
    """The canvas posts its PNG here; answers JSON (errors too, via the Refused handler)."""
    access = get_access_or_404(activity_id)
    upload = request.files.get("drawing")
    if upload is None:
        raise Refused(_("No drawing was sent. Please try again."), 400)
    drawing = save_drawing(access, area, upload.read(), source=request.form.get("source", "canvas"))
    return jsonify(
        id=drawing.public_id,
        url=url_for(".drawing_file", drawing_id=drawing.public_id, v=drawing.sha256[:12]),
        saved_at=drawing.updated_at.isoformat(),
    )


@bp.get("/drawings/<drawing_id>")
def drawing_file(drawing_id: str):
    drawing = get_drawing_or_404(drawing_id)
    if worker_or_none() is not None:
        # A child's device showing the child their own drawing is not someone looking at
        # their record (and would fill the trail with every redraw); staff looking is.
        record_now("view_drawing", drawing.activity.child, "drawing", drawing.public_id)
    # Only the child's own tablet may keep its drawing between visits (responses.py).
    reusable = worker_or_none() is None
    return private_stored_file(drawing.storage_key, drawing.media_type, reusable=reusable)


@bp.route("/<activity_id>/finish", methods=["GET", "POST"])
def finish(activity_id: str):
    if session.get(FINISHED_KEY) == activity_id:
        # A retry from the child's device after it was signed out: it was sent, say thanks.
        return redirect(url_for(".thanks"))
    access = get_access_or_404(activity_id)
    if not access.activity.is_draft:
        # A double tap or a retry after a lost response changes nothing.
        if access.worker is not None:
            return redirect(url_for("review.submission", activity_id=activity_id))
        return redirect(url_for(".thanks"))
    if request.method == "GET":
        context = _activity_context(access)
        # Every way to send passes this page: an empty one asks "send anyway?" (no JS needed).
        return render_template("activities/finish.html", empty=_nothing_added(context), **context)
    submit(access)
    return _after_sending(access, activity_id)


def _nothing_added(context: dict) -> bool:
    """Nothing drawn, written, chosen, said or scaled in any area yet."""
    words = context["words"].values()
    scales = context["scales"].values()
    if context["drawings"] or any(v.value is not None or v.why or v.one_higher for v in scales):
        return False
    if any(w.child_words or w.scribed_words or w.symbols for w in words):
        return False
    return not any(area_voices(context["activity"]).values())


def _after_sending(access: Access, activity_id: str):
    """The child's device signs out and says thanks; the worker says who was there."""
    child_session = current_child_session()
    if access.is_child and child_session is not None:
        # Finished: the tablet no longer opens the child's words for whoever picks it up,
        # but the thank-you page still speaks the language the child was using.
        session["lang"] = str(get_locale())
        # ...and names who will read it. Only the worker's first name is kept, never the
        # child's: whoever picks the tablet up next learns nothing about the child.
        session[THANKS_NAME_KEY] = access.activity.child.allocated_worker.first_name
        end_session(child_session)
        session[FINISHED_KEY] = activity_id
    db.session.commit()
    if access.worker is not None:
        if access.activity.seen_confirmed_at is None:
            return redirect(url_for(".seen", activity_id=activity_id))
        return redirect(url_for("review.submission", activity_id=activity_id))
    response = redirect(url_for(".thanks"))
    # Privacy: the child's own tablet kept their drawings to save downloading them again;
    # once they have finished, the browser's copies go (the outbox's storage stays).
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.post("/<activity_id>/stop")
def stop(activity_id: str):
    """ "I don't want to do this" or "Stop": the child's choice (or the worker's, for them),
    filed on the record as how it ended."""
    access = get_access_or_404(activity_id)
    if not access.activity.is_draft:
        return _after_sending_again(access)
    try:
        outcome = Outcome(request.form.get("outcome", ""))
    except ValueError:
        raise Refused(_("Please choose again."), 422) from None
    end_early(access, outcome)
    return _after_sending(access, activity_id)


def _after_sending_again(access: Access):
    if access.worker is not None:
        return redirect(url_for("review.submission", activity_id=access.activity.public_id))
    return redirect(url_for(".thanks"))


@bp.route("/<activity_id>/seen", methods=["GET", "POST"])
@login_required
def seen(activity_id: str):
    """At the end, the worker who was there says who was there and where: the record
    shows "seen alone" only once this is said (code mode says it itself)."""
    access = get_access_or_404(activity_id)
    activity = access.activity
    done = url_for("review.submission", activity_id=activity_id)
    if activity.mode == Mode.CODE or activity.seen_confirmed_at is not None:
        return redirect(
            done if not activity.is_draft else url_for(".overview", activity_id=activity_id)
        )
    form = ConfirmSeenForm()
    if form.validate_on_submit():
        confirm_seen(
            activity,
            current_worker(),
            seen_alone=form.seen_alone.data == "yes",
            present=form.present.data or "",
            where=form.where.data or "",
            reason=form.reason.data or "",
        )
        db.session.commit()
        return redirect(
            done if not activity.is_draft else url_for(".overview", activity_id=activity_id)
        )
    status = 422 if form.is_submitted() else 200
    address(activity.child)
    return render_template("activities/seen.html", form=form, activity=activity), status


@bp.get("/thanks")
def thanks():
    return render_template("activities/thanks.html", worker_name=session.get(THANKS_NAME_KEY, ""))


@bp.post("/<activity_id>/worry")
def worry(activity_id: str):
    """ "I'm worried right now": alert the worker, and show Childline and 999 at once."""
    access = get_access_or_404(activity_id)
    alert = raise_child_worry(access.activity)
    return render(
        "activities/worry.html",
        "activities/_worry_help.html",
        **_worry_status(access.activity, alert),
    )


def _worry_status(activity, alert) -> dict:
    address(activity.child)
    return {
        "activity": activity,
        "told": told_status(alert) if alert is not None else None,
        "status_url": url_for("activities.worry_status", activity_id=activity.public_id),
    }


@bp.get("/<activity_id>/worry")
def worry_status(activity_id: str):
    """Where the worry has got to, asked again (htmx every 10 s, or "Check again")."""
    access = get_access_or_404(activity_id)
    alert = latest_alert(activity=access.activity)
    return render(
        "activities/worry.html",
        "alerts/_alert_status.html",
        **_worry_status(access.activity, alert),
    )


@bp.get("/help")
def help_now():
    return render_template("activities/worry.html", activity=None)
