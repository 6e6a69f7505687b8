"""Activities, their words and drawings: every read is scoped to who is asking."""

from dataclasses import dataclass

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from participation.activities.models import (
    Activity,
    ActivityArea,
    Drawing,
    Mode,
    Observation,
    Outcome,
    Status,
    VoiceNote,
)
from participation.activities.tools import Tool, tool_for
from participation.atomic import insert_once, lock
from participation.audio import check_voice_memo
from participation.auth.models import Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.services import current_child_session
from participation.images import normalise_image
from participation.people import worker_or_none
from participation.problems import Refused
from participation.scales.services import KEEP, parse_value, save_activity_scale
from participation.uploads import discard_after_commit, store

MAX_WORDS = 20_000


@dataclass(frozen=True)
class Access:
    """Who opened an activity: a worker (who may scribe) or the child on their device."""

    activity: Activity
    worker: Worker | None

    @property
    def tool(self) -> Tool:
        return tool_for(self.activity.tool)

    @property
    def is_child(self) -> bool:
        return self.worker is None

    @property
    def child_may_type(self) -> bool:
        # The child's own words box belongs to the child: a worker may fill it only when
        # the child is at the worker's device ("together"); otherwise the worker scribes.
        return self.is_child or self.activity.mode == Mode.TOGETHER


def visible_activities_stmt(worker: Worker) -> Select[tuple[Activity]]:
    child_ids = visible_children_stmt(worker).with_only_columns(Child.id).scalar_subquery()
    return select(Activity).where(Activity.child_id.in_(child_ids))


def get_access_or_404(public_id: str) -> Access:
    """A worker who may see the child, or the child session this activity was opened for."""
    worker = worker_or_none()
    if worker is not None:
        activity = db.session.scalar(
            visible_activities_stmt(worker).where(Activity.public_id == public_id)
        )
        if activity is None:
            abort(404)
        return Access(activity, worker)
    child_session = current_child_session()
    activity = child_session.activity if child_session is not None else None
    if activity is None or activity.public_id != public_id:
        abort(404)
    return Access(activity, None)


def activities_for_child(child: Child) -> list[Activity]:
    stmt = (
        select(Activity).where(Activity.child_id == child.id).order_by(Activity.created_at.desc())
    )
    return list(db.session.scalars(stmt))


def start_activity(
    child: Child,
    worker: Worker,
    *,
    tool: str,
    mode: Mode,
    seen_alone: bool,
    present: str,
    interpreter: str,
    language: str,
) -> Activity:
    tool_for(tool)
    activity = Activity(
        child=child,
        tool=tool,
        mode=mode,
        started_by=worker,
        seen_alone=seen_alone,
        present="" if seen_alone else present,
        interpreter=interpreter,
        language=language or child.preferred_language,
    )
    db.session.add(activity)
    return activity


def area_words(activity: Activity) -> dict[str, ActivityArea]:
    return {a.area: a for a in activity.areas}


def area_drawings(activity: Activity) -> dict[str, Drawing]:
    return {d.area: d for d in activity.drawings}


def _area_row(activity: Activity, area: str) -> ActivityArea:
    row = area_words(activity).get(area)
    if row is None:
        row = ActivityArea(activity=activity, area=area)
        db.session.add(row)
    return row


def require_draft(activity: Activity) -> None:
    if not activity.is_draft:
        # Once sent, the child's words are the record: nobody edits them afterwards.
        raise Refused(
            _("This has already been sent to the worker, so it can't be changed now."), 409
        )


class NotThisDevice(Refused):
    """Words this sender may not write: refused (409) so a device's outbox keeps its copy."""


def _refuse_fields_not_for(access: Access, form) -> None:
    """Saving nothing beats silently dropping one box: a 302 would tell the outbox to delete
    words that were never stored (a child's words queued on a tablet, then sent from the
    worker's device, or a worker's scribed words sent later under the child's session)."""
    child_only = ("child_words", "scale_value", "scale_why", "scale_higher", "symbols_shown")
    # Safeguarding: the child's own box belongs to the child; only the worker scribes.
    if not access.child_may_type and any(f in form for f in child_only):
        raise NotThisDevice(_not_this_device(), 409)
    if access.worker is None and "scribed_words" in form:
        raise NotThisDevice(_not_this_device(), 409)


def _not_this_device() -> str:
    return _("These words can't be saved from here, so nothing was saved. Ask your worker to help.")


def save_answers(access: Access, area: str, form) -> ActivityArea:
    """Words, and the area's 0-10 scale if it has one, from a submitted form or autosave."""
    _refuse_fields_not_for(access, form)
    row = save_words(access, area, form.get("child_words"), form.get("scribed_words"))
    if "symbols_shown" in form and access.child_may_type:
        # The pictures on screen were sent (none ticked sends none): what is ticked now.
        save_symbols(row, form.getlist("symbols"))
    if "read_back_shown" in form and access.worker is not None:
        # The worker's own tick: the scribed words were read back and the child agreed.
        row.read_back = bool(row.scribed_words) and form.get("read_back") == "yes"
    scale = access.tool.area(area).scale
    fields = ("scale_value", "scale_why", "scale_higher")
    if scale is not None and access.child_may_type and any(f in form for f in fields):
        # No number chosen yet sends no scale_value at all: keep what was there.
        value = parse_value(form["scale_value"], scale) if "scale_value" in form else KEEP
        why, higher = form.get("scale_why"), form.get("scale_higher")
        for text in (why, higher):
            _check_length(text)
        save_activity_scale(access.activity, area, scale, value, why, higher)
    return row


def save_symbols(row: ActivityArea, chosen: list[str]) -> None:
    """Each chosen symbol stored verbatim (picture and name); one not in the set is refused."""
    from participation.activities.symbols import snapshot, symbols

    available = symbols()
    if any(symbol_id not in available for symbol_id in chosen):
        raise Refused(_("That picture isn't one we have. Please choose again."), 422)
    kept = {s["id"]: s for s in row.symbols or []}
    # A symbol chosen before keeps the picture it had then, even if the set changed since.
    row.symbols = [
        kept.get(symbol_id) or snapshot(available[symbol_id]) for symbol_id in dict.fromkeys(chosen)
    ]


def _check_length(text: str | None) -> None:
    if text is not None and len(text) > MAX_WORDS:
        raise Refused(
            _("That is too long to save in one go (over %(max)d letters).", max=MAX_WORDS), 422
        )


def save_words(
    access: Access, area: str, child_words: str | None, scribed_words: str | None
) -> ActivityArea:
    """Store words exactly as written; None means "this box was not on the person's screen"."""
    activity = access.activity
    require_draft(activity)  # a cheap early answer; checked again under the lock below
    access.tool.area(area)
    for text in (child_words, scribed_words):
        _check_length(text)
    # One save at a time: the autosave as the child leaves the box and the form's own submit
    # arrive together, and both would make the area's row; nor may a save land after "I'm
    # finished" (the child's words are the record once sent).
    lock(activity)
    require_draft(activity)
    row = _area_row(activity, area)
    if child_words is not None and access.child_may_type:
        row.child_words = child_words
    if scribed_words is not None and access.worker is not None:
        if scribed_words != row.scribed_words:
            # Words changed after they were read back have not been read back.
            row.read_back = False
        row.scribed_words = scribed_words
        row.scribed_by = access.worker if scribed_words else None
    activity.updated_at = utcnow()
    return row


def save_drawing(access: Access, area: str, data: bytes, source: str) -> Drawing:
    """Re-encode with Pillow, store outside static/, and replace this area's draft drawing."""
    activity = access.activity
    require_draft(activity)  # a cheap early answer; checked again under the lock below
    access.tool.area(area)
    cfg = current_app.config
    # Decoded and written before the lock, so a slow photo never keeps other savers waiting
    # (on SQLite a waiter past the busy timeout would be told "try again").
    clean = normalise_image(
        data,
        max_bytes=cfg["UPLOAD_MAX_BYTES"],
        max_pixels=cfg["UPLOAD_MAX_PIXELS"],
        max_side=cfg["UPLOAD_MAX_SIDE"],
    )
    key = store(clean.data, clean.extension)  # removed again unless this commits
    # Held until commit: a submit landing meanwhile waits, so a submitted drawing (and its
    # file) is never replaced.
    lock(activity)
    require_draft(activity)
    values = dict(
        storage_key=key, media_type=clean.media_type, width=clean.width, height=clean.height,
        byte_size=len(clean.data), sha256=clean.sha256, source=source, updated_at=utcnow(),
    )  # fmt: skip
    # A double tap, or several tabs, send the first drawing at once: one row is made, the
    # others replace it one at a time (the row is held), and each replaced file goes.
    insert_once(Drawing, activity_id=activity.id, area=area, **values)
    # Made by this call or by another just now: the row is there.
    drawing = db.session.scalars(
        select(Drawing)
        .where(Drawing.activity_id == activity.id, Drawing.area == area)
        .execution_options(populate_existing=True)
    ).one()
    if drawing.storage_key != key:  # the row was there already: this replaces it
        lock(drawing)
        # Only drafts are replaced; a submitted drawing is never touched.
        discard_after_commit(drawing.storage_key)
        for name, value in values.items():
            setattr(drawing, name, value)
    activity.updated_at = utcnow()
    db.session.commit()
    return drawing


def save_voice(access: Access, area: str, data: bytes) -> VoiceNote:
    """The child's voice in an area, with the journal's checks and storage: read as real
    audio, kept exactly as recorded (it is their voice), outside static/."""
    activity = access.activity
    require_draft(activity)
    access.tool.area(area)
    # Safeguarding: the child's voice is the child's; on a code activity it comes only from
    # the child's own device, as their typed words do.
    if not access.child_may_type:
        raise NotThisDevice(_not_this_device(), 409)
    audio = check_voice_memo(data, max_bytes=current_app.config["VOICE_MAX_BYTES"])
    key = store(audio.data, audio.extension)  # removed again unless this commits
    lock(activity)
    require_draft(activity)
    note = VoiceNote(
        activity=activity, area=area, storage_key=key, media_type=audio.media_type,
        byte_size=len(audio.data), sha256=audio.sha256, seconds=audio.seconds,
        recorded_on_device_of=access.worker,
    )  # fmt: skip
    db.session.add(note)
    activity.updated_at = utcnow()
    return note


def area_voices(activity: Activity) -> dict[str, list[VoiceNote]]:
    voices: dict[str, list[VoiceNote]] = {}
    for note in activity.voice_notes:
        voices.setdefault(note.area, []).append(note)
    return voices


def get_voice_or_404(public_id: str) -> VoiceNote:
    """Served only to a worker who may see the child, or that child's own session."""
    note = db.session.scalar(select(VoiceNote).where(VoiceNote.public_id == public_id))
    if note is None:
        abort(404)
    get_access_or_404(note.activity.public_id)
    return note


def save_observation(activity: Activity, worker: Worker, text: str) -> Observation:
    """The worker's own account of what they saw; never mixed into the child's words."""
    _check_length(text)
    observation = activity.observation
    if observation is None:
        observation = Observation(activity=activity)
        db.session.add(observation)
    observation.text = text
    observation.by = worker if text.strip() else None
    return observation


def get_drawing_or_404(public_id: str) -> Drawing:
    """Drawings are served only to a worker who may see the child, or that child's session."""
    drawing = db.session.scalar(select(Drawing).where(Drawing.public_id == public_id))
    if drawing is None:
        abort(404)
    get_access_or_404(drawing.activity.public_id)
    return drawing


def confirm_seen(
    activity: Activity,
    worker: Worker,
    *,
    seen_alone: bool,
    present: str,
    where: str,
    reason: str,
) -> None:
    """Safeguarding: who was actually there, said by the worker at the end; once only, so
    the record never changes what it said about how the child was seen."""
    from participation.audit.services import record

    if activity.mode == Mode.CODE or activity.seen_confirmed_at is not None:
        raise Refused(_("This has already been recorded."), 409)
    activity.seen_alone = seen_alone
    activity.worker_present = True
    activity.present = "" if seen_alone else present
    activity.not_alone_reason = "" if seen_alone else reason
    activity.seen_where = where
    activity.seen_confirmed_at = utcnow()
    activity.seen_confirmed_by = worker
    record("confirm_seen_alone", activity.child, "activity", activity.public_id)


def _confirm_own_device(activity: Activity) -> None:
    """Code mode: the child did it on their own device; nobody can say they were seen alone,
    so the record says exactly that: done alone, worker not present."""
    activity.seen_alone = False
    activity.worker_present = False
    activity.present = ""
    activity.seen_where = ""
    activity.seen_confirmed_at = utcnow()
    activity.seen_confirmed_by = None


def end_early(access: Access, outcome: Outcome) -> None:
    """The child chose not to do it, or stopped: their choice, filed on the record as such
    (whatever they did before stopping is kept), never a draft left "not finished yet"."""
    submit(access, outcome=outcome)


def submit(access: Access, outcome: Outcome | None = None) -> None:
    """Sent to the worker: audited, and on the case record's list with its deadline."""
    from participation.audit.services import record
    from participation.caserecord.services import register, team_of_worker_id

    activity = access.activity
    lock(activity)  # waits for a drawing being saved, which then sees it is submitted
    require_draft(activity)
    activity.status = Status.SUBMITTED
    activity.submitted_at = utcnow()
    activity.outcome = outcome
    if activity.mode == Mode.CODE:
        _confirm_own_device(activity)
    child = activity.child
    action = {None: "submit_activity", Outcome.DECLINED: "activity_declined"}.get(
        outcome, "activity_stopped"
    )
    record(action, child, "activity", activity.public_id)
    register(
        "activity",
        activity.public_id,
        team_of_worker_id(child.allocated_worker_id),
        f"{child.name}: {access.tool.name}{_for_meeting(activity)}",
    )
    _ask_for_english(activity)
    if db.session.scalar(select(Drawing.id).where(Drawing.activity_id == activity.id).limit(1)):
        from participation.record.print_copies import ask_for_print_copies

        ask_for_print_copies("activity", activity.public_id)  # its PDF never waits on them


def _for_meeting(activity: Activity) -> str:
    """The record entry of views asked for a meeting is tagged with it and their due date."""
    meeting = activity.meeting
    if meeting is None:
        return ""
    due = (activity.views_due or meeting.views_due).isoformat()
    return f", views for the {meeting.kind} on {meeting.held_on.isoformat()}, due {due}"


def _ask_for_english(activity: Activity) -> None:
    """A child's words (and their safety path's why and one number higher) in another
    language go to translation as the activity arrives, in the same transaction, so the
    worker never has to remember; the same words are never asked for twice."""
    from participation.scales.services import activity_scales, ask_for_english
    from participation.translation.services import auto_request

    worker = activity.child.allocated_worker
    auto_request("activity", activity, activity.language, worker)
    for answer in activity_scales(activity).values():
        ask_for_english(answer, activity.language, worker)
