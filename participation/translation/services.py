"""Requesting, doing and showing translations of what people wrote."""

from datetime import timedelta
from importlib import import_module

from flask import abort, current_app
from sqlalchemy import func, select

from participation.auth.models import Role, Worker
from participation.caserecord.kinds import ToTranslate, find_kind, kind, kind_or_404
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs import RetryStrategy, enqueue, job, on_start
from participation.translation.models import Translation

# People's words go into English for the worker; a worker's reply or suggestion goes into
# the language of the person it is for. Each kind's registration names its free-text
# fields, in the order shown.


def texts_of(kind_name: str, obj) -> list[tuple[str, str]]:
    """(field, text) pairs with something in them, as they stand now."""
    record_kind = find_kind(kind_name)
    if record_kind is None or not (record_kind.text_fields or record_kind.texts):
        raise ValueError(kind_name)
    return [(field, text) for field, text in record_kind.texts_of(obj) if text and text.strip()]


def object_id_of(kind_name: str, obj) -> str:
    """Where the translations are filed (a child's reply under the activity it answers)."""
    return kind(kind_name).filed_under(obj)


def to_translate(kind_name: str, object_id: str, worker: Worker) -> ToTranslate:
    """The thing to translate, fetched only if this worker may see it; 404 otherwise."""
    record_kind = kind_or_404(kind_name)
    if record_kind.translate is None:
        abort(404)
    return record_kind.translate(object_id, worker)


def interpreters_for(worker: Worker) -> list[Worker]:
    stmt = select(Worker).where(
        Worker.role == Role.INTERPRETER, Worker.active.is_(True), Worker.team_id == worker.team_id
    )
    return list(db.session.scalars(stmt.order_by(Worker.name)))


def _may_receive(interpreter: Worker, worker: Worker) -> bool:
    # Interpreters outside the worker's team must never be handed a family's words.
    return interpreter.role == Role.INTERPRETER and interpreter.team_id == worker.team_id


def get_interpreter_or_404(interpreter_id: int | None, worker: Worker) -> Worker:
    """One of this worker's team's interpreters, the only people words may be sent to."""
    interpreter = db.session.get(Worker, interpreter_id) if interpreter_id is not None else None
    if interpreter is None or not _may_receive(interpreter, worker):
        abort(404)
    return interpreter


def request(
    kind: str, obj, source: str, worker: Worker, interpreter: Worker, target: str = "en"
) -> list[Translation]:
    """Send each piece of text, as it stands now, to one interpreter."""
    if not _may_receive(interpreter, worker):
        abort(404)
    made = []
    for field, text in texts_of(kind, obj):
        item = Translation(
            object_kind=kind, object_id=object_id_of(kind, obj), field=field, source_text=text,
            source_language=source, target_language=target, requested_by=worker,
            assigned_to=interpreter,
        )  # fmt: skip
        db.session.add(item)
        made.append(item)
    return made


def machine_available() -> bool:
    return bool(current_app.config.get("MACHINE_TRANSLATION_PROVIDER"))


def machine_translate(
    kind: str, obj, source: str, worker: Worker, target: str = "en"
) -> list[Translation]:
    """Only when the council has configured its own engine: nothing leaves otherwise. The
    engine is asked by the job queue, so an engine that is slow or down never fails the save."""
    if not machine_available():
        abort(404)
    made = []
    for field, text in texts_of(kind, obj):
        item = _earlier_machine_request(kind, object_id_of(kind, obj), field, text, target)
        if item is not None and item.status != "failed":
            continue  # already asked (a double tap) or already translated: not twice
        if item is None:
            item = Translation(
                object_kind=kind, object_id=object_id_of(kind, obj), field=field,
                source_text=text, source_language=source, target_language=target,
                translator_kind="machine", translator_name="Machine translation",
            )  # fmt: skip
            db.session.add(item)
        # Asking again after the engine gave up tries the same request again.
        item.status, item.requested_by, item.requested_at = "pending", worker, utcnow()
        db.session.flush()
        enqueue(machine_translate_job, translation_id=item.id, queueing_lock=f"translate:{item.id}")
        made.append(item)
    return made


def _earlier_machine_request(
    kind: str, object_id: str, field: str, text: str, target: str
) -> Translation | None:
    """The newest machine request for exactly these words into this language, if any."""
    return db.session.scalar(
        select(Translation)
        .where(
            Translation.object_kind == kind,
            Translation.object_id == object_id,
            Translation.field == field,
            Translation.source_text == text,
            Translation.target_language == target,
            Translation.translator_kind == "machine",
            Translation.status.in_(("pending", "done", "failed")),
        )
        .order_by(Translation.requested_at.desc(), Translation.id.desc())
        .limit(1)
    )


# Tried again with growing gaps, 3 s up to about 16 hours (about a day in all). A request
# still unanswered after MACHINE_GIVE_UP is shown as failed so the worker asks an
# interpreter instead; later retries (or an admin's) can still bring the translation.
MACHINE_RETRY = RetryStrategy(max_attempts=10, exponential_wait=3)
MACHINE_GIVE_UP = timedelta(hours=20)


@job(queue="outward", retry=MACHINE_RETRY)
def machine_translate_job(translation_id: int) -> None:
    """Ask the council's engine for one piece of text; a retried job never translates twice."""
    item = db.session.get(Translation, translation_id)
    if item is None or item.status not in ("pending", "failed"):
        return  # done already (a retry, a restarted worker) or replaced since
    provider = current_app.config.get("MACHINE_TRANSLATION_PROVIDER")
    if not provider:
        return  # switched off since it was asked: nothing leaves
    module, _, name = provider.rpartition(".")
    translate = getattr(import_module(module), name)
    try:
        translated, engine = translate(item.source_text, item.source_language, item.target_language)
    except Exception:
        if utcnow() - item.requested_at >= MACHINE_GIVE_UP:
            item.status = "failed"
            db.session.commit()
        raise  # the queue tries again later
    item.text, item.engine, item.status, item.translated_at = translated, engine, "done", utcnow()
    db.session.commit()


@on_start
def requeue_pending_machine_translations() -> None:
    """An in-memory queue lost its jobs when the app restarted: ask the engine again."""
    pending = select(Translation.id).where(
        Translation.translator_kind == "machine", Translation.status == "pending"
    )
    for item_id in db.session.scalars(pending):
        enqueue(machine_translate_job, translation_id=item_id, queueing_lock=f"translate:{item_id}")
    db.session.commit()


def queue_for_interpreter(interpreter: Worker) -> list[Translation]:
    stmt = (
        select(Translation)
        .where(Translation.assigned_to_id == interpreter.id, Translation.status != "superseded")
        .order_by(Translation.status.desc(), Translation.requested_at)
    )
    return list(db.session.scalars(stmt))


def get_for_interpreter_or_404(public_id: str, interpreter: Worker) -> Translation:
    item = db.session.scalar(
        select(Translation).where(
            Translation.public_id == public_id,
            Translation.assigned_to_id == interpreter.id,
            Translation.status != "superseded",
        )
    )
    if item is None:
        abort(404)
    return item


def complete(item: Translation, interpreter: Worker, text: str) -> None:
    if item.status == "done" and item.text != text:
        # Already on the record: the earlier text stays, marked as replaced, so the record
        # shows what it said until now.
        _keep_earlier(item)
    item.text = text
    item.status = "done"
    item.translator_kind = "interpreter"
    item.translator_name = interpreter.name
    item.translated_at = utcnow()


def _keep_earlier(item: Translation) -> None:
    columns = ("object_kind", "object_id", "field", "source_text", "source_language",
               "target_language", "text", "requested_by_id", "requested_at", "assigned_to_id",
               "translator_kind", "translator_name", "engine", "translated_at")  # fmt: skip
    earlier = Translation(**{c: getattr(item, c) for c in columns})
    earlier.status, earlier.replaced_at = "superseded", utcnow()
    db.session.add(earlier)


def pending_count(kind: str, object_id: str) -> int:
    """Sent to an interpreter and not back yet, so the worker knows not to send it twice."""
    stmt = select(func.count(Translation.id)).where(
        Translation.object_kind == kind,
        Translation.object_id == object_id,
        Translation.status == "requested",
    )
    return db.session.scalar(stmt) or 0


def translations_for(
    kind: str, object_id: str, with_earlier: bool = False
) -> dict[str, list[Translation]]:
    """Finished translations by field, to show beside the original; `with_earlier` adds the
    texts interpreters later changed, for the record."""
    statuses = ("done", "superseded") if with_earlier else ("done",)
    stmt = (
        select(Translation)
        .where(
            Translation.object_kind == kind,
            Translation.object_id == object_id,
            Translation.status.in_(statuses),
        )
        .order_by(Translation.translated_at, Translation.id)
    )
    result: dict[str, list[Translation]] = {}
    for item in db.session.scalars(stmt):
        result.setdefault(item.field, []).append(item)
    return result


def machine_states(kind: str, object_id: str) -> dict[str, int]:
    """How many machine requests are waiting for the engine, and how many it never answered."""
    stmt = (
        select(Translation.status, func.count(Translation.id))
        .where(
            Translation.object_kind == kind,
            Translation.object_id == object_id,
            Translation.translator_kind == "machine",
            Translation.status.in_(("pending", "failed")),
        )
        .group_by(Translation.status)
    )
    return {status: count for status, count in db.session.execute(stmt)}


def panels(worker: Worker, objects: dict[str, tuple[str, str]]) -> dict[str, dict]:
    """What each send-for-translation form on a page needs, by name, from (kind, object id).
    The team's interpreters are looked up once, however many forms the page has."""
    shared = {"interpreters": interpreters_for(worker), "machine": machine_available()}
    return {
        name: {
            **shared,
            "pending": pending_count(kind, object_id),
            "machine_states": machine_states(kind, object_id),
        }
        for name, (kind, object_id) in objects.items()
    }


def translation_of(kind: str, object_id: str, field: str, text: str, language: str):
    """The newest finished translation of exactly this text into this language, or None.
    A translation of words that have since changed is never shown as if it were current."""
    if not text or language == "en":
        return None
    stmt = (
        select(Translation)
        .where(
            Translation.object_kind == kind,
            Translation.object_id == object_id,
            Translation.field == field,
            Translation.status == "done",
            Translation.target_language == language,
            Translation.source_text == text,
        )
        .order_by(Translation.translated_at.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def as_record(items: dict[str, list[Translation]]) -> list[dict]:
    return [
        {
            "field": field,
            "source_language": t.source_language,
            "target_language": t.target_language,
            "text": t.text,
            "translated_by": {
                "kind": t.translator_kind,
                "name": t.translator_name,
                "engine": t.engine or None,
            },  # fmt: skip
            "translated_at": t.translated_at.isoformat() if t.translated_at else None,
            # Set on an earlier text an interpreter changed: when it stopped being current.
            "replaced_at": t.replaced_at.isoformat() if t.replaced_at else None,
        }
        for field, group in items.items()
        for t in group
    ]


def on_record(kind: str, object_id: str) -> list[dict]:
    """Every translation of the object for the record, earlier texts included."""
    return as_record(translations_for(kind, object_id, with_earlier=True))
