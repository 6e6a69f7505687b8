"""The child's side: answering what their meeting decided, from their own space, on their own
device (their code) or together on their worker's."""

from contextlib import nullcontext

from flask import abort, redirect, request, url_for
from flask_babel import force_locale

from participation.children.services import can_see_child
from participation.childspace.routes import space_page
from participation.childspace.services import SpaceVisit, code_visit
from participation.extensions import db
from participation.meetings import child_bp
from participation.meetings import services as svc
from participation.meetings.models import Meeting
from participation.people import worker_or_none
from participation.problems import Refused


def _meeting_and_mode(meeting_id: str) -> tuple[Meeting, str]:
    """The child whose space is open on this device, or a worker who may see the child (the
    child answering together, on the worker's device); 404 for anyone else's meeting."""
    visit = code_visit()
    if visit is not None:
        meeting = svc.child_meeting(meeting_id, visit.child)
        if meeting is not None:
            return meeting, "code"
    worker = worker_or_none()
    if worker is not None:
        meeting = db.session.scalar(
            svc.visible_meetings_stmt(worker).where(
                Meeting.public_id == meeting_id, Meeting.outcome_at.is_not(None)
            )
        )
        if meeting is not None and can_see_child(worker, meeting.child_id):
            return meeting, "together"
    abort(404)


@child_bp.post("/<meeting_id>/answer")
def answer(meeting_id: str):
    """The child's answer, back to their space. Nothing written, or an answer already sent:
    their space again (422) with the card's form and a plain reason, or their answer as sent,
    never an error page (a child on their own has nobody to ask what one means)."""
    meeting, mode = _meeting_and_mode(meeting_id)
    child, words = meeting.child, request.form.get("answer", "")
    # Together mode is on the worker's device: the child's reason is in the child's language.
    language = force_locale(child.preferred_language or "en") if mode == "together" else None
    with language or nullcontext():
        try:
            svc.answer(meeting, words, mode)
        except Refused as problem:
            db.session.rollback()
            visit = code_visit() if mode == "code" else SpaceVisit(child, mode, None)
            if visit is None:
                abort(404)
            form = {"meeting": meeting.public_id, "words": words, "error": problem.message}
            return space_page(visit, 422, answer_form=form)
    if mode == "together":
        return redirect(url_for("childspace_worker.together_space", child_id=child.public_id))
    return redirect(url_for("childspace.space"))
