from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required

from participation.audit.services import record
from participation.auth.models import Role
from participation.extensions import db
from participation.journal.services import get_entry_for_worker_or_404
from participation.people import current_worker
from participation.translation import bp
from participation.translation.services import (
    complete,
    get_for_interpreter_or_404,
    machine_translate,
    queue_for_interpreter,
)
from participation.translation.services import request as request_translation


def _interpreter():
    worker = current_worker()
    if worker.role != Role.INTERPRETER:
        abort(404)
    return worker


@bp.post("/review/journal/<entry_id>/translations")
@login_required
def request_for_entry(entry_id: str):
    worker = current_worker()
    entry = get_entry_for_worker_or_404(entry_id, worker)
    if request.form.get("how") == "machine":
        machine_translate("journal_entry", entry, entry.language, worker)
    else:
        from participation.auth.models import Worker

        interpreter = db.session.get(Worker, int(request.form.get("interpreter", "0") or 0))
        if interpreter is None:
            abort(404)
        request_translation("journal_entry", entry, entry.language, worker, interpreter)
    record("request_translation", None, "journal_entry", entry_id)
    db.session.commit()
    return redirect(url_for("journal.review_entry", entry_id=entry_id) + "#translations")


@bp.get("/translations")
@login_required
def queue():
    return render_template("translation/queue.html", items=queue_for_interpreter(_interpreter()))


@bp.route("/translations/<item_id>", methods=["GET", "POST"])
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
    return render_template("translation/item.html", item=item)
