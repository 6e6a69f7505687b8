"""Requesting, doing and showing translations of what people wrote."""

from importlib import import_module

from flask import abort, current_app
from sqlalchemy import select

from participation.auth.models import Role, Worker
from participation.db_types import utcnow
from participation.extensions import db
from participation.translation.models import Translation

# The free-text fields people write, per kind of record, in the order they are shown.
FIELDS = {
    "journal_entry": ("what_happened", "red_flags"),
    "activity": ("child_words", "scribed_words"),
}


def texts_of(kind: str, obj) -> list[tuple[str, str]]:
    """(field, text) pairs with something in them; for an activity, one per area."""
    if kind == "journal_entry":
        return [(f, getattr(obj, f)) for f in FIELDS[kind] if getattr(obj, f).strip()]
    return [
        (f"{area.area}.{f}", getattr(area, f))
        for area in obj.areas
        for f in FIELDS[kind]
        if getattr(area, f).strip()
    ]


def interpreters_for(worker: Worker) -> list[Worker]:
    stmt = select(Worker).where(
        Worker.role == Role.INTERPRETER, Worker.active.is_(True), Worker.team_id == worker.team_id
    )
    return list(db.session.scalars(stmt.order_by(Worker.name)))


def request(
    kind: str, obj, language: str, worker: Worker, interpreter: Worker
) -> list[Translation]:
    """Send each piece of text, as it stands now, to one interpreter."""
    if interpreter.role != Role.INTERPRETER or interpreter.team_id != worker.team_id:
        abort(404)
    made = []
    for field, text in texts_of(kind, obj):
        item = Translation(
            object_kind=kind, object_id=obj.public_id, field=field, source_text=text,
            source_language=language, requested_by=worker, assigned_to=interpreter,
        )  # fmt: skip
        db.session.add(item)
        made.append(item)
    return made


def machine_available() -> bool:
    return bool(current_app.config.get("MACHINE_TRANSLATION_PROVIDER"))


def machine_translate(kind: str, obj, language: str, worker: Worker) -> list[Translation]:
    """Only when the council has configured its own engine: nothing leaves otherwise."""
    provider = current_app.config.get("MACHINE_TRANSLATION_PROVIDER")
    if not provider:
        abort(404)
    module, _, name = provider.rpartition(".")
    translate = getattr(import_module(module), name)
    made = []
    for field, text in texts_of(kind, obj):
        translated, engine = translate(text, language, "en")
        item = Translation(
            object_kind=kind, object_id=obj.public_id, field=field, source_text=text,
            source_language=language, requested_by=worker, text=translated, status="done",
            translator_kind="machine", translator_name="Machine translation", engine=engine,
            translated_at=utcnow(),
        )  # fmt: skip
        db.session.add(item)
        made.append(item)
    return made


def queue_for_interpreter(interpreter: Worker) -> list[Translation]:
    stmt = (
        select(Translation)
        .where(Translation.assigned_to_id == interpreter.id)
        .order_by(Translation.status.desc(), Translation.requested_at)
    )
    return list(db.session.scalars(stmt))


def get_for_interpreter_or_404(public_id: str, interpreter: Worker) -> Translation:
    item = db.session.scalar(
        select(Translation).where(
            Translation.public_id == public_id, Translation.assigned_to_id == interpreter.id
        )
    )
    if item is None:
        abort(404)
    return item


def complete(item: Translation, interpreter: Worker, text: str) -> None:
    item.text = text
    item.status = "done"
    item.translator_kind = "interpreter"
    item.translator_name = interpreter.name
    item.translated_at = utcnow()


def translations_for(kind: str, object_id: str) -> dict[str, list[Translation]]:
    """Finished translations by field, to show beside the original."""
    stmt = (
        select(Translation)
        .where(
            Translation.object_kind == kind,
            Translation.object_id == object_id,
            Translation.status == "done",
        )
        .order_by(Translation.translated_at)
    )
    result: dict[str, list[Translation]] = {}
    for item in db.session.scalars(stmt):
        result.setdefault(item.field, []).append(item)
    return result


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
        }
        for field, group in items.items()
        for t in group
    ]
