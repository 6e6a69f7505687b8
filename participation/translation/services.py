"""Requesting, doing and showing translations of what people wrote."""

from datetime import timedelta
from importlib import import_module

from flask import abort, current_app
from sqlalchemy import and_, false, func, or_, select, true, update
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from participation.auth.models import Role, Team, Worker
from participation.caserecord.kinds import ToTranslate, find_kind, kind, kind_or_404
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs import RetryStrategy, enqueue, job, on_start
from participation.network.models import NetworkMember
from participation.paging import page_size
from participation.pathway.models import YoungPerson
from participation.translation.models import Translation

# The people whose words are translated, by the subject kind their record kind names.
_PEOPLE: dict[str, type[Child] | type[NetworkMember] | type[YoungPerson]] = {
    "child": Child,
    "network_member": NetworkMember,
    "young_person": YoungPerson,
}
VOICE_FIELD = "voice_memo"
# A request for words that changed before anyone translated them: off every queue.
WITHDRAWN = "withdrawn"
NOT_BACK_YET = ("requested", "pending")  # with people, or with the engine
ASKED_OR_DONE = (*NOT_BACK_YET, "done")

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


def voices_of(kind_name: str, obj) -> list:
    """The voice memos of a thing whose files are its own (a journal entry's, not the reply
    filed under it), so a recording can go to an interpreter like written words."""
    if find_kind(kind_name) is None or kind(kind_name).file is None:
        return []
    return [a for a in getattr(obj, "attachments", []) if a.kind == "voice"]


def preference_for(kind_name: str, obj, known: dict | None = None) -> str | None:
    """The interpreter gender the person these words are by (or for) asked for, or None.
    Safeguarding: a woman telling of violence may need a woman to hear it (Barnet's standards
    choose interpreters "considering gender"). Only a thing about one person carries one: a
    family's plan, read by several, has no single person's preference."""
    record_kind = find_kind(kind_name)
    if record_kind is None or getattr(record_kind.model, "__tablename__", "") == "family":
        return None  # a family's plan is read by the whole network: nobody's own words
    subjects = record_kind.subjects(obj) if record_kind.subjects else []
    if len(subjects) != 1 or subjects[0][0] not in _PEOPLE:
        return None
    model = _PEOPLE[subjects[0][0]]
    key = (subjects[0][0], subjects[0][1])
    if known is not None and key in known:  # `known`: the person's answer, asked once a page
        return known[key]
    preference = db.session.scalar(
        select(model.interpreter_gender).where(model.public_id == subjects[0][1])
    )
    if known is not None:
        known[key] = preference
    return preference


def interpreters_for(worker: Worker) -> list[Worker]:
    """Interpreters in the worker's team or serving it: a council's interpreters work for
    several teams."""
    if worker.team_id is None:
        return []
    stmt = select(Worker).where(
        Worker.role == Role.INTERPRETER,
        Worker.active.is_(True),
        or_(Worker.team_id == worker.team_id, Worker.serves.any(Team.id == worker.team_id)),
    )
    return list(db.session.scalars(stmt.order_by(Worker.name)))


def _may_receive(interpreter: Worker, worker: Worker) -> bool:
    # Interpreters who don't serve the worker's team must never be handed a family's words.
    return (
        interpreter.role == Role.INTERPRETER
        and interpreter.active
        and worker.team_id is not None
        and worker.team_id in interpreter.served_team_ids
    )


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
    preference = preference_for(kind, obj)
    for field, text in texts_of(kind, obj):
        queued = _queued(kind, object_id_of(kind, obj), field, text, target)
        if queued is not None:
            # Already waiting in the language's queue (asked for on arrival): handed to this
            # interpreter, not asked for twice.
            queued.assigned_to = interpreter
            made.append(queued)
            continue
        item = Translation(
            object_kind=kind, object_id=object_id_of(kind, obj), field=field, source_text=text,
            source_language=source, target_language=target, requested_by=worker,
            assigned_to=interpreter, gender_preference=preference,
        )  # fmt: skip
        db.session.add(item)
        made.append(item)
    for voice in voices_of(kind, obj):
        queued = _queued(kind, object_id_of(kind, obj), VOICE_FIELD, "", target, voice.public_id)
        if queued is not None:
            queued.assigned_to = interpreter
            made.append(queued)
        elif not _voice_asked_for(kind, object_id_of(kind, obj), voice.public_id):
            made.append(_voice_request(kind, obj, voice, source, target, worker, interpreter))
    return made


def these_words(
    kind: str, object_id: str, field: str, text: str, target: str
) -> tuple[ColumnElement[bool], ...]:
    """Rows about exactly these words of this field, into this language: a translation of
    words that have since changed never counts as theirs."""
    return (
        Translation.object_kind == kind,
        Translation.object_id == object_id,
        Translation.field == field,
        Translation.source_text == text,
        Translation.target_language == target,
    )


def _queued(
    kind: str, object_id: str, field: str, text: str, target: str, audio_id: str | None = None
) -> Translation | None:
    """Exactly these words (or this recording), waiting unassigned in a language's queue."""
    return db.session.scalar(
        select(Translation)
        .where(
            *these_words(kind, object_id, field, text, target),
            Translation.audio_id.is_(None)
            if audio_id is None
            else Translation.audio_id == audio_id,
            Translation.assigned_to_id.is_(None),
            Translation.status == "requested",
        )
        .limit(1)
    )


def _voice_request(
    kind: str, obj, voice, source: str, target: str, worker: Worker, interpreter: Worker | None
) -> Translation:
    """A recording for an interpreter, who writes down what was said and its translation."""
    item = Translation(
        object_kind=kind, object_id=object_id_of(kind, obj), field=VOICE_FIELD, source_text="",
        source_language=source, target_language=target, requested_by=worker,
        assigned_to=interpreter, audio_id=voice.public_id,
        gender_preference=preference_for(kind, obj),
    )  # fmt: skip
    db.session.add(item)
    return item


def _voice_asked_for(kind: str, object_id: str, audio_id: str) -> bool:
    """This recording is with an interpreter already, or done: never sent twice."""
    return (
        db.session.scalar(
            select(Translation.id)
            .where(
                Translation.object_kind == kind,
                Translation.object_id == object_id,
                Translation.audio_id == audio_id,
                Translation.status.in_(("requested", "done")),
            )
            .limit(1)
        )
        is not None
    )


def machine_covers(source: str, target: str) -> bool:
    """The council's engine is trusted only with the languages it is set up for
    (MACHINE_TRANSLATION_LANGUAGES, default the interface languages); other words go to a
    person."""
    covered = current_app.config.get("MACHINE_TRANSLATION_LANGUAGES") or current_app.config.get(
        "LANGUAGES", []
    )
    if isinstance(covered, str):  # from the environment: "en,pl,ro"
        covered = [c.strip() for c in covered.split(",")]
    return source in covered and target in covered


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
            *these_words(kind, object_id, field, text, target),
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
        if utcnow() - item.requested_at >= MACHINE_GIVE_UP and item.status != "failed":
            item.status = "failed"
            _to_people(item)
            db.session.commit()
        raise  # the queue tries again later
    item.text, item.engine, item.status, item.translated_at = translated, engine, "done", utcnow()
    _withdraw_queued_copy(item)
    db.session.commit()


def _to_people(item: Translation) -> None:
    """The engine gave up: the same words wait in the interpreters' queue for their language,
    so the person still reads "being translated" and it is true (someone will)."""
    if _queued(item.object_kind, item.object_id, item.field, item.source_text,
               item.target_language) is not None:  # fmt: skip
        return
    db.session.add(
        Translation(
            object_kind=item.object_kind,
            object_id=item.object_id,
            field=item.field,
            source_text=item.source_text,
            source_language=item.source_language,
            target_language=item.target_language,
            requested_by_id=item.requested_by_id,
            assigned_to=None,
            gender_preference=item.gender_preference,
        )  # fmt: skip
    )


def _withdraw_queued_copy(item: Translation) -> None:
    """The engine answered after all: the copy waiting for an interpreter (since it gave up)
    leaves the queue, unless an interpreter has already taken it."""
    db.session.execute(
        update(Translation)
        .where(
            *these_words(
                item.object_kind, item.object_id, item.field, item.source_text, item.target_language
            ),  # fmt: skip
            Translation.translator_kind == "",
            Translation.status == "requested",
            Translation.assigned_to_id.is_(None),
        )
        .values(status=WITHDRAWN)
        .execution_options(synchronize_session=False)
    )


@on_start
def requeue_pending_machine_translations() -> None:
    """An in-memory queue lost its jobs when the app restarted: ask the engine again."""
    pending = select(Translation.id).where(
        Translation.translator_kind == "machine", Translation.status == "pending"
    )
    for item_id in db.session.scalars(pending):
        enqueue(machine_translate_job, translation_id=item_id, queueing_lock=f"translate:{item_id}")
    db.session.commit()


def auto_request(
    kind_name: str, obj, source: str, worker: Worker, target: str = "en"
) -> list[Translation]:
    """Asked for on arrival, so nobody has to remember: the council's engine where one is
    configured, else the interpreters' queue for the language. Asking twice for the same
    words is a no-op, so a double tap or a re-save never queues them again."""
    if not source or source == target:
        return []
    made = []
    object_id = object_id_of(kind_name, obj)
    # A recording always goes to a person: no engine listens.
    for voice in voices_of(kind_name, obj):
        if not _voice_asked_for(kind_name, object_id, voice.public_id):
            made.append(_voice_request(kind_name, obj, voice, source, target, worker, None))
    if machine_available() and machine_covers(source, target):
        return made + machine_translate(kind_name, obj, source, worker, target)
    preference = preference_for(kind_name, obj)
    for field, text in texts_of(kind_name, obj):
        if _asked_for(kind_name, object_id, field, text, target):
            continue
        _withdraw_earlier(kind_name, object_id, field, text, target)
        item = Translation(
            object_kind=kind_name, object_id=object_id, field=field, source_text=text,
            source_language=source, target_language=target, requested_by=worker,
            assigned_to=None,  # the language's queue: any interpreter serving the team
            gender_preference=preference,
        )  # fmt: skip
        db.session.add(item)
        made.append(item)
    return made


def _withdraw_earlier(kind_name: str, object_id: str, field: str, text: str, target: str) -> None:
    """Words changed before anyone translated them: the earlier words leave the interpreters'
    queue, so nobody spends an hour on a sentence that no longer stands (the new words are
    asked for instead). Finished translations stay, for the record."""
    db.session.execute(
        update(Translation)
        .where(
            Translation.object_kind == kind_name,
            Translation.object_id == object_id,
            Translation.field == field,
            Translation.target_language == target,
            Translation.source_text != text,
            Translation.status == "requested",
        )
        .values(status=WITHDRAWN)
        .execution_options(synchronize_session=False)
    )


def _asked_for(kind_name: str, object_id: str, field: str, text: str, target: str) -> bool:
    """These exact words have been asked for (or translated) into this language already."""
    return _any(these_words(kind_name, object_id, field, text, target), ASKED_OR_DONE)


def awaiting(kind_name: str, object_id: str, field: str, text: str, target: str) -> bool:
    """Asked for and not back yet: the person reads "being translated", not bare English."""
    return _any(these_words(kind_name, object_id, field, text, target), NOT_BACK_YET)


def _any(where: tuple[ColumnElement[bool], ...], statuses: tuple[str, ...]) -> bool:
    stmt = select(Translation.id).where(*where, Translation.status.in_(statuses)).limit(1)
    return db.session.scalar(stmt) is not None


def _offered_to(interpreter: Worker, waiting: bool = True) -> ColumnElement[bool]:
    """Unassigned words in the interpreter's queue: in a language they work in (the source,
    or the target of a reply into a family's language), asked for by a worker of a team they
    serve, and, where the person asked for a woman or a man, only if the interpreter is one.
    Words from a team they don't serve are never offered (a family's words stay in the
    council teams that hold them)."""
    languages = [c for c in interpreter.language_codes if c != "en"]
    teams = interpreter.served_team_ids
    if not languages or not teams:
        return false()
    gender = (
        or_(
            Translation.gender_preference.is_(None),
            Translation.gender_preference == interpreter.gender,
        )
        if interpreter.gender
        else Translation.gender_preference.is_(None)
    )
    still_waiting = and_(Translation.assigned_to_id.is_(None), Translation.status == "requested")
    return and_(
        still_waiting if waiting else true(),
        or_(Translation.source_language.in_(languages), Translation.target_language.in_(languages)),
        Translation.requested_by_id.in_(select(Worker.id).where(Worker.team_id.in_(teams))),
        gender,
    )


def queue_for_interpreter(interpreter: Worker) -> list[Translation]:
    """Words sent to this interpreter and the unassigned words of their languages, then the
    last page of those they have done, newest first: every one they ever did made the queue
    grow with the council (15,000 rows, 3 s, at a large council's size)."""
    # "sent by" on every row: the senders fetched for the whole queue at once.
    senders = selectinload(Translation.requested_by)
    to_do = (
        select(Translation)
        .where(
            Translation.status == "requested",
            or_(Translation.assigned_to_id == interpreter.id, _offered_to(interpreter)),
        )
        .order_by(Translation.requested_at)
        .options(senders)
    )
    done = (
        select(Translation)
        .where(
            Translation.assigned_to_id == interpreter.id,
            Translation.status.not_in(("requested", "superseded", WITHDRAWN)),
        )
        # Read backwards along ix_translation_assigned_to_id_translated_at: one page's rows.
        .order_by(Translation.translated_at.desc(), Translation.id.desc())
        .limit(page_size())
        .options(senders)
    )
    return list(db.session.scalars(to_do)) + list(db.session.scalars(done))


def get_for_interpreter_or_404(public_id: str, interpreter: Worker) -> Translation:
    """Words sent to this interpreter or offered to them; 404 for anything else."""
    item = db.session.scalar(
        select(Translation).where(
            Translation.public_id == public_id,
            Translation.status.not_in(("superseded", WITHDRAWN)),
            or_(Translation.assigned_to_id == interpreter.id, _offered_to(interpreter)),
        )
    )
    if item is None:
        abort(404)
    return item


def was_offered(public_id: str, interpreter: Worker) -> bool:
    """Words that were in this interpreter's queue until another interpreter took them, so
    they are told so plainly instead of "not found"."""
    return (
        db.session.scalar(
            select(Translation.id).where(
                Translation.public_id == public_id, _offered_to(interpreter, waiting=False)
            )
        )
        is not None
    )


def take(item: Translation, interpreter: Worker) -> bool:
    """ "I'll do this one": one conditional UPDATE, so of two interpreters taking the same
    words at once exactly one gets them (the other's update finds it assigned, and is told)."""
    if item.assigned_to_id == interpreter.id:
        return True
    taken = db.session.execute(
        update(Translation)
        .where(
            Translation.id == item.id,
            Translation.assigned_to_id.is_(None),
            Translation.status == "requested",
        )
        .values(assigned_to_id=interpreter.id)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(item)
    return taken.rowcount == 1  # type: ignore[attr-defined]


def complete(item: Translation, interpreter: Worker, text: str, transcript: str = "") -> None:
    """`transcript` is what was said on a voice memo, in the original language."""
    if item.status == "done" and (item.text != text or item.transcript != transcript):
        # Already on the record: the earlier text stays, marked as replaced, so the record
        # shows what it said until now.
        _keep_earlier(item)
    item.transcript = transcript
    item.text = text
    item.status = "done"
    item.translator_kind = "interpreter"
    item.translator_name = interpreter.name
    item.translated_at = utcnow()


def _keep_earlier(item: Translation) -> None:
    columns = ("object_kind", "object_id", "field", "source_text", "source_language",
               "target_language", "text", "requested_by_id", "requested_at", "assigned_to_id",
               "translator_kind", "translator_name", "engine", "translated_at",
               "gender_preference", "audio_id", "transcript")  # fmt: skip
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
    return translations_for_many(kind, [object_id], with_earlier).get(object_id, {})


def translations_for_many(
    kind: str, object_ids: list[str], with_earlier: bool = False
) -> dict[str, dict[str, list[Translation]]]:
    """`translations_for` of many objects of one kind (a page of them), in one query."""
    if not object_ids:
        return {}
    statuses = ("done", "superseded") if with_earlier else ("done",)
    stmt = (
        select(Translation)
        .where(
            Translation.object_kind == kind,
            Translation.object_id.in_(object_ids),
            Translation.status.in_(statuses),
        )
        .order_by(Translation.translated_at, Translation.id)
    )
    result: dict[str, dict[str, list[Translation]]] = {}
    for item in db.session.scalars(stmt):
        result.setdefault(item.object_id, {}).setdefault(item.field, []).append(item)
    return result


def translations_for_kinds(kinds: tuple[str, ...], object_id: str) -> dict[str, dict]:
    """`translations_for` of one id under several kinds (a submission and the reply filed
    under the same id), by kind, in one query."""
    stmt = (
        select(Translation)
        .where(
            Translation.object_kind.in_(kinds),
            Translation.object_id == object_id,
            Translation.status == "done",
        )
        .order_by(Translation.translated_at, Translation.id)
    )
    result: dict[str, dict[str, list[Translation]]] = {k: {} for k in kinds}
    for item in db.session.scalars(stmt):
        result[item.object_kind].setdefault(item.field, []).append(item)
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
    pairs = list(dict.fromkeys(objects.values()))  # a plan's forms, one per language: once
    states = _states_of(pairs)
    preferences: dict = {}  # several forms about one child ask for the child's preference once
    contents = {pair: _contents(*pair, preferences) for pair in pairs}
    return {name: {**shared, **states[pair], **contents[pair]} for name, pair in objects.items()}


def _states_of(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """pending_count and machine_states of each (kind, object id), all in one statement."""
    result: dict[tuple[str, str], dict] = {
        pair: {"pending": 0, "machine_states": {}} for pair in pairs
    }
    if not pairs:
        return result
    these = (and_(Translation.object_kind == k, Translation.object_id == i) for k, i in pairs)
    stmt = (
        select(
            Translation.object_kind,
            Translation.object_id,
            Translation.translator_kind,
            Translation.status,
            func.count(Translation.id),
        )
        .where(
            or_(*these),
            or_(
                Translation.status == "requested",
                and_(
                    Translation.translator_kind == "machine",
                    Translation.status.in_(("pending", "failed")),
                ),
            ),
        )
        .group_by(
            Translation.object_kind,
            Translation.object_id,
            Translation.translator_kind,
            Translation.status,
        )
    )
    for kind_name, object_id, _translator, status, count in db.session.execute(stmt):
        state = result[(kind_name, object_id)]
        if status == "requested":
            state["pending"] += count
        else:
            machine = state["machine_states"]
            machine[status] = machine.get(status, 0) + count
    return result


def _contents(kind_name: str, object_id: str, preferences: dict | None = None) -> dict:
    """What a send would send (words, recordings) and whose preference it carries, so the form
    says what will happen and never offers a button that does nothing."""
    record_kind = find_kind(kind_name)
    obj = record_kind.find(object_id) if record_kind and record_kind.model else None
    if obj is None:
        return {"has_text": True, "voices": 0, "preference": None}
    try:
        has_text = bool(texts_of(kind_name, obj))
    except ValueError:
        has_text = True
    return {
        "has_text": has_text,
        "voices": len(voices_of(kind_name, obj)),
        "preference": preference_for(kind_name, obj, preferences),
    }


def translation_of(kind: str, object_id: str, field: str, text: str, language: str):
    """The newest finished translation of exactly this text into this language, or None.
    A translation of words that have since changed is never shown as if it were current."""
    if not text or language == "en":
        return None
    stmt = (
        select(Translation)
        .where(*these_words(kind, object_id, field, text, language), Translation.status == "done")
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
            # A voice memo: the recording it is of, and what was said, in its own language.
            "recording": t.audio_id,
            "transcript": t.transcript or None,
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


def recording_of(item: Translation):
    """The voice memo a translation is of, through its record kind (None if gone)."""
    record_kind = find_kind(item.object_kind)
    if not item.audio_id or record_kind is None or record_kind.file is None:
        return None
    obj = record_kind.find(item.object_id)
    return record_kind.file(obj, item.audio_id) if obj is not None else None
