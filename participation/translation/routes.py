from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from participation.audit.services import record, record_now
from participation.auth.models import Role, Worker
from participation.extensions import db
from participation.inputs import whole_number
from participation.journal.services import get_entry_for_worker_or_404
from participation.pathway.models import Suggestion
from participation.pathway.services import get_young_person_or_404, plan_for
from participation.people import current_worker
from participation.review.services import existing_review, get_submission_or_404
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


def _what_to_translate(kind: str, object_id: str, worker: Worker):
    """(thing, from, into, child, page to go back to), fetched only if this worker may see it."""
    if kind == "journal_entry":
        entry = get_entry_for_worker_or_404(object_id, worker)
        back = url_for("journal.review_entry", entry_id=object_id)
        return entry, entry.language, "en", None, back
    if kind == "journal_reply":
        entry = get_entry_for_worker_or_404(object_id, worker)
        back = url_for("journal.review_entry", entry_id=object_id)
        return entry, "en", entry.member.language, None, back
    if kind == "activity":
        activity = get_submission_or_404(object_id, worker)
        back = url_for("review.submission", activity_id=object_id)
        return activity, activity.language, "en", activity.child, back
    if kind == "reply":
        activity = get_submission_or_404(object_id, worker)
        review = existing_review(activity)
        if review is None or not review.reply.strip():
            abort(404)
        back = url_for("review.submission", activity_id=object_id)
        return review, "en", activity.child.preferred_language, activity.child, back
    if kind == "pathway_plan":
        person = get_young_person_or_404(object_id, worker)
        back = url_for("pathway.adviser_view", person_id=object_id)
        return plan_for(person), person.preferred_language, "en", None, back
    if kind == "suggestion":
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.public_id == object_id))
        if suggestion is None:
            abort(404)
        person = get_young_person_or_404(suggestion.section.plan.young_person.public_id, worker)
        back = url_for("pathway.adviser_view", person_id=person.public_id)
        return suggestion, "en", person.preferred_language, None, back
    abort(404)


@bp.post("/review/journal/<object_id>/translations", defaults={"kind": "journal_entry"})
@bp.post("/translations/send/<kind>/<object_id>")
@login_required
def send(kind: str, object_id: str):
    worker = current_worker()
    thing, source, target, child, back = _what_to_translate(kind, object_id, worker)
    if source == target:
        abort(404)
    if request.form.get("how") == "machine":
        machine_translate(kind, thing, source, worker, target)
    else:
        interpreter_id = whole_number(request.form.get("interpreter"))
        interpreter = db.session.get(Worker, interpreter_id) if interpreter_id else None
        if interpreter is None:
            abort(404)
        request_translation(kind, thing, source, worker, interpreter, target)
    record("request_translation", child, kind, object_id)
    db.session.commit()
    return redirect(back + "#translations")


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
    # An interpreter reading a family's words is on that person's trail like anyone else.
    record_now("interpreter_view", None, item.object_kind, item.object_id, detail=item.field)
    return render_template("translation/item.html", item=item)
