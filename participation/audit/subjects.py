"""Whose record an audited thing belongs to: the child, young person or network member whose
words or files it holds, so the event shows on that person's "Who has looked" page."""

from sqlalchemy import case, select

from participation.extensions import db

Subject = tuple[str, str]  # (kind, public id): child, young_person or network_member

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


def _of_activity(public_id: str) -> list[Subject]:
    from participation.activities.models import Activity

    activity = _one(Activity, public_id)
    return [subject(activity.child)] if activity else []


def _of_entry(public_id: str) -> list[Subject]:
    from participation.journal.models import JournalEntry

    entry = _one(JournalEntry, public_id)
    return [subject(entry.member)] if entry else []


def _of_young_person(public_id: str) -> list[Subject]:
    return [("young_person", public_id)]


def _of_plan(public_id: str) -> list[Subject]:
    from participation.pathway.models import PathwayPlan

    plan = _one(PathwayPlan, public_id)
    return [subject(plan.young_person)] if plan else []


def _of_version(public_id: str) -> list[Subject]:
    from participation.pathway.models import AgreedPlanVersion

    version = _one(AgreedPlanVersion, public_id)
    return [subject(version.plan.young_person)] if version else []


def _of_suggestion(public_id: str) -> list[Subject]:
    from participation.pathway.models import Suggestion

    suggestion = _one(Suggestion, public_id)
    return [subject(suggestion.section.plan.young_person)] if suggestion else []


def _of_alert(public_id: str) -> list[Subject]:
    from participation.activities.models import WorryAlert

    alert = _one(WorryAlert, public_id)
    if alert is None:
        return []
    return [subject(alert.child)] if alert.child else [subject(alert.member)]


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
    for kind, ids in wanted.items():
        if kind not in _BULK:
            continue
        query, subject_kinds = _BULK[kind]
        for object_id, *people in db.session.execute(query(ids)):
            found[(kind, object_id)] = [
                (subject_kind, public_id)
                for subject_kind, public_id in zip(subject_kinds, people, strict=True)
                if public_id  # an outer join found nobody of this kind
            ]
    return [person for e in entries for person in found.get((e.kind, e.object_id), [])]


def _bulk_activities(ids: set[str]):
    from participation.activities.models import Activity
    from participation.children.models import Child

    return (
        select(Activity.public_id, Child.public_id)
        .join(Child, Child.id == Activity.child_id)
        .where(Activity.public_id.in_(ids))
    )


def _bulk_entries(ids: set[str]):
    from participation.journal.models import JournalEntry
    from participation.network.models import NetworkMember

    return (
        select(JournalEntry.public_id, NetworkMember.public_id)
        .join(NetworkMember, NetworkMember.id == JournalEntry.member_id)
        .where(JournalEntry.public_id.in_(ids))
    )


def _bulk_versions(ids: set[str]):
    from participation.pathway.models import AgreedPlanVersion, PathwayPlan, YoungPerson

    return (
        select(AgreedPlanVersion.public_id, YoungPerson.public_id)
        .join(PathwayPlan, PathwayPlan.id == AgreedPlanVersion.plan_id)
        .join(YoungPerson, YoungPerson.id == PathwayPlan.young_person_id)
        .where(AgreedPlanVersion.public_id.in_(ids))
    )


def _bulk_alerts(ids: set[str]):
    from participation.activities.models import WorryAlert
    from participation.children.models import Child
    from participation.network.models import NetworkMember

    # A child's alert is the child's; a member's (no child) is the member's.
    return (
        select(
            WorryAlert.public_id,
            Child.public_id,
            case((Child.id.is_(None), NetworkMember.public_id)),
        )
        .outerjoin(Child, Child.id == WorryAlert.child_id)
        .outerjoin(NetworkMember, NetworkMember.id == WorryAlert.member_id)
        .where(WorryAlert.public_id.in_(ids))
    )


# Each query gives an object id, then the public id of each kind of person it may be about.
_BULK = {
    "child_activity": (_bulk_activities, ("child",)),
    "journal_entry": (_bulk_entries, ("network_member",)),
    "pathway_plan": (_bulk_versions, ("young_person",)),
    "worry_alert": (_bulk_alerts, ("child", "network_member")),
}


_RESOLVERS = {
    "activity": _of_activity,
    "reply": _of_activity,  # a reply to a child is filed under the activity it answers
    "journal_entry": _of_entry,
    "journal_reply": _of_entry,
    "young_person": _of_young_person,
    "pathway_plan": _of_plan,
    "pathway_version": _of_version,
    "suggestion": _of_suggestion,
    "alert": _of_alert,
    "drawing": _of_drawing,
    "journal_attachment": _of_attachment,
    "family": _of_family,
    "record_entry": _of_record_entry,
    "network_member": lambda public_id: [("network_member", public_id)],
    "child": lambda public_id: [("child", public_id)],
}


def subjects_of(object_kind: str, object_id: str) -> list[Subject]:
    """Whose record this object is part of; [] for things that hold nobody's words."""
    resolve = _RESOLVERS.get(object_kind)
    return resolve(object_id) if resolve and object_id else []
