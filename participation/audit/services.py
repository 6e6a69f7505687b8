"""Write and read the audit trail of access to children's, young people's and network
members' records."""

from flask import has_request_context, request
from sqlalchemy import func, insert, select

from participation.atomic import commit_keeping_loaded
from participation.audit.models import AuditEvent
from participation.audit.subjects import Subject, subject, subjects_of
from participation.children.models import Child
from participation.db_types import utcnow
from participation.extensions import db
from participation.paging import Page, keyset_page


def record(
    action: str,
    child: Child | None,
    object_kind: str = "",
    object_id: str = "",
    detail: str = "",
    actor_kind: str | None = None,
    actor_name: str | None = None,
    about: list | None = None,
) -> AuditEvent:
    """Add an event to the current transaction, so it is kept if and only if the action is.
    It is about `child`, the people in `about` (people or Subjects) and whoever the object
    belongs to; one row is added for each of them."""
    from participation.identity.services import who_is_asking

    # Outside a request (command line, retention jobs) nobody is asking: the system acts.
    asking = who_is_asking()
    subjects = _subjects(child, about, object_kind, object_id) or [("", "")]
    event = AuditEvent(
        at=utcnow(),
        actor_kind=actor_kind or _actor_kind(asking),
        actor_id=asking.actor_id if asking else "",
        actor_name=actor_name or (asking.actor_name if asking else ""),
        action=action,
        **_about(subjects[0]),
        object_kind=object_kind,
        object_id=object_id,
        ip_address=(request.remote_addr or "") if has_request_context() else "",
        detail=detail,
    )
    db.session.add(event)
    if subjects[1:]:
        # One statement for all the copies (a listing of 200 entries is about 200 people).
        db.session.execute(insert(AuditEvent), [_copy(event, other) for other in subjects[1:]])
    return event


def _actor_kind(asking) -> str:
    """Who acted when the caller does not say: the person signed in; a child who has no
    session of their own yet (signing in with a code); or, with no request at all (a
    command, a scheduled job), the system: never pin a staff command on a child."""
    if asking is not None:
        return asking.actor_kind
    return "child" if has_request_context() else "system"


def _subjects(child: Child | None, about, object_kind: str, object_id: str) -> list[Subject]:
    """Every person the event is about, each once, in order."""
    found = [subject(child)] if child else []
    found += [p if isinstance(p, tuple) else subject(p) for p in about or []]
    found += subjects_of(object_kind, object_id)
    return list(dict.fromkeys(found))


def _about(person: Subject) -> dict:
    kind, public_id = person
    return {
        "subject_kind": kind,
        "subject_id": public_id,
        "child_public_id": public_id if kind == "child" else "",
    }


def _copy(event: AuditEvent, person: Subject) -> dict:
    """The same event, about one more person."""
    columns = ("at", "actor_kind", "actor_id", "actor_name", "action", "object_kind",
               "object_id", "ip_address", "detail")  # fmt: skip
    return {**{c: getattr(event, c) for c in columns}, **_about(person)}


def record_now(action: str, child: Child | None = None, *args, **kwargs) -> None:
    """Audit a read (view, export) that changes nothing else, committing straight away."""
    record(action, child, *args, **kwargs)
    commit_keeping_loaded()


def events_page(person) -> Page:
    """One newest-first page of the person's trail, and its whole length (counted on the
    subject index, so cheap). The caller must already have checked the asker may see them."""
    kind, public_id = subject(person)
    about = (AuditEvent.subject_kind == kind, AuditEvent.subject_id == public_id)
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(*about))
    return keyset_page(select(AuditEvent).where(*about), AuditEvent.at, AuditEvent.id, total)


def events_about(person, limit: int = 200) -> list[AuditEvent]:
    """Newest first. The caller must already have checked the asker may see this person."""
    kind, public_id = subject(person)
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.subject_kind == kind, AuditEvent.subject_id == public_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
