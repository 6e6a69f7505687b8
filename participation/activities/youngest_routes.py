"""The child's voice notes (played, sent to be written down) and the worker's observation."""

from flask import abort, flash, make_response, redirect, url_for
from flask import request as http_request
from flask_babel import gettext as _
from flask_login import login_required

from participation.activities import bp
from participation.activities.services import MAX_WORDS, get_voice_or_404, save_observation
from participation.activities.symbols import symbols
from participation.activities.youngest import ask_for_transcription
from participation.audit.services import record, record_now
from participation.extensions import db
from participation.htmx import render
from participation.people import current_worker, worker_or_none
from participation.responses import private_stored_file
from participation.review.services import get_submission_or_404


@bp.get("/symbols/<symbol_id>")
def symbol_file(symbol_id: str):
    """A picture from the symbol set: nobody's personal data, so it may be cached."""
    found = symbols().get(symbol_id)
    if found is None:
        abort(404)
    response = make_response(found.data)
    response.mimetype = found.media_type
    response.headers["Cache-Control"] = "public, max-age=86400"
    # A council's SVG is only ever a picture: nothing in it may run or load anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/voices/<voice_id>")
def voice_file(voice_id: str):
    """A child's recording, for a worker who may see the child or the child's own session."""
    note = get_voice_or_404(voice_id)
    if worker_or_none() is not None:
        # Staff listening to a child's voice is a read of their words: on the child's trail.
        record_now("listen_voice", note.activity.child, "activity_voice", note.public_id)
    return private_stored_file(note.storage_key, note.media_type)


@bp.post("/<activity_id>/voices/transcribe")
@login_required
def transcribe_voices(activity_id: str):
    """Send the child's recordings to an interpreter to write down (and translate)."""
    worker = current_worker()
    activity = get_submission_or_404(activity_id, worker)
    made = ask_for_transcription(activity, worker)
    if made:
        record("request_transcription", activity.child, "activity", activity.public_id)
        db.session.commit()
        flash(_("Sent to be written down. It will appear beside the recording."))
    else:
        flash(_("Nothing new to send: the recordings have been sent already."))
    return redirect(url_for("review.submission", activity_id=activity_id) + "#voices")


@bp.post("/<activity_id>/observation")
@login_required
def observation(activity_id: str):
    """The worker's observation: validated, saved and audited; the fragment or the page."""
    from participation.review.routes import _submission_context

    worker = current_worker()
    activity = get_submission_or_404(activity_id, worker)
    text = http_request.form.get("observation", "")
    if len(text) > MAX_WORDS:
        ctx = _submission_context(activity)
        ctx.update(observation_error=True, observation_text=text)
        return render("review/submission.html", "review/_observation.html", 422, **ctx)
    save_observation(activity, worker, text)
    record("record_observation", activity.child, "activity", activity.public_id)
    db.session.commit()
    ctx = _submission_context(activity)
    ctx["observation_saved"] = True
    return render("review/submission.html", "review/_observation.html", **ctx)
