"""Whose record an audited thing belongs to: the child, young person or network member whose
words or files it holds, so the event shows on that person's "Who has looked" page."""

from sqlalchemy import select

from participation.caserecord.kinds import RecordKind, Subject, audited_as, find_kind
from participation.extensions import db

_KIND_OF_MODEL = {
    "Child": "child",
    "YoungPerson": "young_person",
    "NetworkMember": "network_member",
}


def subject(person) -> Subject:
    """A Child, YoungPerson or NetworkMember as an audit subject."""
    return _KIND_OF_MODEL[type(person).__name__], person.public_id


def subjects_of_family(family) -> list[Subject]:
    """A family's plan and network are about its children and any young person in it."""
    from participation.children.models import Child
    from participation.pathway.models import YoungPerson

    children = db.session.scalars(select(Child).where(Child.family_id == family.id))
    people = db.session.scalars(select(YoungPerson).where(YoungPerson.family_id == family.id))
    return [subject(p) for p in [*children, *people]]


def _one(model, public_id: str):
    return db.session.scalar(select(model).where(model.public_id == public_id))


def _of_drawing(public_id: str) -> list[Subject]:
    from participation.activities.models import Drawing

    drawing = _one(Drawing, public_id)
    return [subject(drawing.activity.child)] if drawing else []


def _of_attachment(public_id: str) -> list[Subject]:
    from participation.journal.models import JournalAttachment

    attachment = _one(JournalAttachment, public_id)
    return [subject(attachment.entry.member)] if attachment else []


def _of_family(public_id: str) -> list[Subject]:
    from participation.network.models import Family

    family = _one(Family, public_id)
    return subjects_of_family(family) if family else []


def _of_record_entry(public_id: str) -> list[Subject]:
    """A case record entry's object id is the id of the thing it holds."""
    from participation.caserecord.models import RecordEntry

    entry = db.session.scalar(select(RecordEntry).where(RecordEntry.object_id == public_id))
    return subjects_of_record_entry(entry) if entry else []


def subjects_of_record_entry(entry) -> list[Subject]:
    return subjects_of_record_entries([entry])


def subjects_of_record_entries(entries) -> list[Subject]:
    """Whom each of many record entries is about, in their order: one query per kind of
    entry, however many there are (the case system polls up to 200 at a time)."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        wanted.setdefault(entry.kind, set()).add(entry.object_id)
    found: dict[tuple[str, str], list[Subject]] = {}
    for name, ids in wanted.items():
        record_kind = find_kind(name)
        if record_kind is None:
            continue
        if record_kind.bulk_subjects is None:
            for object_id in ids:
                found[(name, object_id)] = _of(record_kind, object_id)
            continue
        query, subject_kinds = record_kind.bulk_subjects
        for object_id, *people in db.session.execute(query(ids)):
            found[(name, object_id)] = [
                (subject_kind, public_id)
                for subject_kind, public_id in zip(subject_kinds, people, strict=True)
                if public_id  # an outer join found nobody of this kind
            ]
    return [person for e in entries for person in found.get((e.kind, e.object_id), [])]


# Things that are not record kinds; the kinds say whom they are about in their registration.
_RESOLVERS = {
    "young_person": lambda public_id: [("young_person", public_id)],
    "drawing": _of_drawing,
    "journal_attachment": _of_attachment,
    "family": _of_family,
    "record_entry": _of_record_entry,
    "network_member": lambda public_id: [("network_member", public_id)],
    "child": lambda public_id: [("child", public_id)],
}


def subjects_of(object_kind: str, object_id: str) -> list[Subject]:
    """Whose record this object is part of; [] for things that hold nobody's words."""
    if not object_id:
        return []
    record_kind = audited_as(object_kind)
    if record_kind is not None:
        return _of(record_kind, object_id)
    resolve = _RESOLVERS.get(object_kind)
    return resolve(object_id) if resolve else []


def _of(record_kind: RecordKind, public_id: str) -> list[Subject]:
    if record_kind.subjects is None or record_kind.model is None:
        return []
    obj = _one(record_kind.model, public_id)
    return record_kind.subjects(obj) if obj is not None else []
