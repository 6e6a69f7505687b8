from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required

from participation.audit.services import record, record_now
from participation.auth.models import Role, Worker
from participation.extensions import db
from participation.inputs import whole_number
from participation.people import current_worker
from participation.translation import bp
from participation.translation.services import (
    complete,
    get_for_interpreter_or_404,
    get_interpreter_or_404,
    machine_translate,
    queue_for_interpreter,
    to_translate,
)
from participation.translation.services import request as request_translation


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
        machine_translate(kind, thing, source, worker, target)
    else:
        interpreter_id = whole_number(request.form.get("interpreter"))
        interpreter = get_interpreter_or_404(interpreter_id, worker)
        request_translation(kind, thing, source, worker, interpreter, target)
    record("request_translation", child, kind, object_id)
    db.session.commit()
    return redirect(back + "#translations")


@bp.get("")
@login_required
def queue():
    return render_template("translation/queue.html", items=queue_for_interpreter(_interpreter()))


@bp.route("/<item_id>", methods=["GET", "POST"])
@login_required
def translate(item_id: str):
    interpreter = _interpreter()
    item = get_for_interpreter_or_404(item_id, interpreter)
    if request.method == "POST":
        text = request.form.get("text", "")
        if not text.strip():
            return render_template("translation/item.html", item=item, error=True), 422
        complete(item, interpreter, text)
        record("translate", None, item.object_kind, item.object_id, detail=item.field)
        db.session.commit()
        return redirect(url_for(".queue"))
    # An interpreter reading a family's words is on that person's trail like anyone else.
    record_now("interpreter_view", None, item.object_kind, item.object_id, detail=item.field)
    return render_template("translation/item.html", item=item)
