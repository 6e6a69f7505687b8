from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.exceptions import NotFound

from participation.audit.services import record, record_now
from participation.auth.models import Role, Worker
from participation.extensions import db
from participation.inputs import whole_number
from participation.people import current_worker
from participation.responses import private_stored_file
from participation.translation import bp
from participation.translation.detect import language_hint
from participation.translation.services import (
    complete,
    get_for_interpreter_or_404,
    get_interpreter_or_404,
    machine_translate,
    object_id_of,
    queue_for_interpreter,
    recording_of,
    take,
    to_translate,
    was_offered,
)
from participation.translation.services import request as request_translation


def _taken() -> str:
    return _("Another interpreter took this one just now. It is off your list.")


def _interpreter() -> Worker:
    worker = current_worker()
    if worker.role != Role.INTERPRETER:
        abort(404)
    return worker


@bp.post("/journal/<object_id>", defaults={"kind": "journal_entry"})
@bp.post("/send/<kind>/<object_id>")
@login_required
def send(kind: str, object_id: str):
    worker = current_worker()
    thing, source, target, child, back = to_translate(kind, object_id, worker)
    if source == target:
        abort(404)
    if request.form.get("how") == "machine":
        made = machine_translate(kind, thing, source, worker, target)
    else:
        interpreter_id = whole_number(request.form.get("interpreter"))
        interpreter = get_interpreter_or_404(interpreter_id, worker)
        made = request_translation(kind, thing, source, worker, interpreter, target)
    if not made:
        # Never a button that does nothing: say why nothing went.
        flash(_("Nothing new to send: it has been sent already, or there are no words yet."))
    else:
        # Filed under the thing itself (a family's plan, not "<family>.<language>"), so the
        # request is on the trail of everyone the words are about.
        record("request_translation", child, kind, object_id_of(kind, thing))
        db.session.commit()
    return redirect(back + "#translations")


@bp.get("")
@login_required
def queue():
    return render_template("translation/queue.html", items=queue_for_interpreter(_interpreter()))


@bp.post("/<item_id>/take")
@login_required
def take_item(item_id: str):
    """ "I'll do this one": of two interpreters at once, one gets it, the other is told."""
    interpreter = _interpreter()
    if was_offered(item_id, interpreter) and not _still_yours(item_id, interpreter):
        flash(_taken())
        return redirect(url_for(".queue"))
    item = get_for_interpreter_or_404(item_id, interpreter)
    if not take(item, interpreter):
        db.session.rollback()
        flash(_taken())
        return redirect(url_for(".queue"))
    record("take_translation", None, item.object_kind, item.object_id, detail=item.field)
    db.session.commit()
    return redirect(url_for(".translate", item_id=item.public_id))


@bp.get("/<item_id>/recording")
@login_required
def recording(item_id: str):
    """The voice memo, only for the interpreter it is sent or offered to; every listen is on
    the trail, and the file is never cached (private, no-store)."""
    interpreter = _interpreter()
    item = get_for_interpreter_or_404(item_id, interpreter)
    voice = recording_of(item)
    if voice is None:
        abort(404)
    record_now("interpreter_listen", None, item.object_kind, item.object_id, detail=item.field)
    return private_stored_file(voice.storage_key, voice.media_type)


def _still_yours(item_id: str, interpreter: Worker) -> bool:
    try:
        get_for_interpreter_or_404(item_id, interpreter)
    except NotFound:
        return False
    return True


@bp.route("/<item_id>", methods=["GET", "POST"])
@login_required
def translate(item_id: str):
    interpreter = _interpreter()
    if was_offered(item_id, interpreter) and not _still_yours(item_id, interpreter):
        # Two interpreters at once: the one who lost is told, not shown "not found".
        return render_template("translation/item.html", item=None, taken=True), 409
    item = get_for_interpreter_or_404(item_id, interpreter)
    if request.method == "POST":
        text = request.form.get("text", "")
        transcript = request.form.get("transcript", "") if item.audio_id else ""
        if not text.strip() or (item.audio_id and not transcript.strip()):
            return render_template(
                "translation/item.html", item=item, error=True, text=text, transcript=transcript
            ), 422
        if not take(item, interpreter):
            db.session.rollback()
            return render_template("translation/item.html", item=item, taken=True), 409
        complete(item, interpreter, text, transcript)
        record("translate", None, item.object_kind, item.object_id, detail=item.field)
        db.session.commit()
        return redirect(url_for(".queue"))
    # An interpreter reading a family's words is on that person's trail like anyone else.
    record_now("interpreter_view", None, item.object_kind, item.object_id, detail=item.field)
    return render_template("translation/item.html", item=item)


# The language hint beside someone's words, on any worker page that shows them.
bp.add_app_template_global(language_hint, "language_hint")
