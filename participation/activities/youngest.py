"""A child's recordings sent to an interpreter to be written down, in any language."""

from participation.activities.models import Activity
from participation.auth.models import Worker
from participation.translation.models import Translation


def ask_for_transcription(activity: Activity, worker: Worker) -> list[Translation]:
    """Each recording not yet asked for goes to the queue of the child's language, to be
    written down and put into English (English words are written down as they were said).
    A recording is never sent twice; the interpreter hears it only through the queue."""
    from participation.translation.services import _voice_asked_for, _voice_request

    made = []
    for note in activity.voice_notes:
        if _voice_asked_for("activity", activity.public_id, note.public_id):
            continue
        made.append(
            _voice_request("activity", activity, note, activity.language, "en", worker, None)
        )
    return made
