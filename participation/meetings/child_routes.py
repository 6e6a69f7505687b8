"""The child's side: answering what their meeting decided, from their own space, on their own
device (their code) or together on their worker's."""

from flask import abort, redirect, request, url_for

from participation.children.services import can_see_child
from participation.childspace.services import code_visit
from participation.extensions import db
from participation.meetings import child_bp
from participation.meetings import services as svc
from participation.meetings.models import Meeting
from participation.people import worker_or_none


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
    meeting, mode = _meeting_and_mode(meeting_id)
    svc.answer(meeting, request.form.get("answer", ""), mode)
    if mode == "together":
        return redirect(
            url_for("childspace_worker.together_space", child_id=meeting.child.public_id)
        )
    return redirect(url_for("childspace.space"))
