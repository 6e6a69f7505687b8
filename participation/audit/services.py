"""Write and read the audit trail of access to children's records."""

from flask import has_request_context, request
from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.children.models import Child
from participation.extensions import db
from participation.people import current_worker


def record(
    action: str,
    child: Child | None,
    object_kind: str = "",
    object_id: str = "",
    detail: str = "",
    actor_kind: str | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
    """Add an event to the current transaction, so it is kept if and only if the action is."""
    from participation.network.services import current_member

    # Outside a request (command line, retention jobs) the actor is the system.
    worker = current_worker() if has_request_context() else None
    member = None if worker or not has_request_context() else current_member()
    actor = worker or member
    event = AuditEvent(
        actor_kind=actor_kind or ("worker" if worker else "network" if member else "child"),
        actor_id=actor.public_id if member else str(worker.id) if worker else "",
        actor_name=actor_name or (actor.name if actor else ""),
        action=action,
        child_public_id=child.public_id if child else "",
        object_kind=object_kind,
        object_id=object_id,
        ip_address=(request.remote_addr or "") if has_request_context() else "",
        detail=detail,
    )
    db.session.add(event)
    return event


def record_now(action: str, child: Child | None, **kwargs) -> None:
    """Audit a read (view, export) that changes nothing else, committing straight away."""
    record(action, child, **kwargs)
    db.session.commit()


def events_for_child(child: Child, limit: int = 200) -> list[AuditEvent]:
    """The caller must already have checked the person may see this child."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.child_public_id == child.public_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
