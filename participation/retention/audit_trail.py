"""The audit log outlives deletion, but not the deleted people's names or devices: when a
child, young person or network member is deleted, the events they did keep their id and
what was done, and lose the name and IP address that would say who and where they were."""

from sqlalchemy import or_, update

from participation.audit.models import AuditEvent
from participation.extensions import db

_FORGOTTEN = {"actor_name": "", "ip_address": ""}


def forget_child_as_actor(child_public_id: str) -> None:
    """A child acts without an id of their own on the event: it is their own record's."""
    db.session.execute(
        update(AuditEvent)
        .where(
            AuditEvent.actor_kind == "child",
            or_(
                AuditEvent.child_public_id == child_public_id,
                (AuditEvent.subject_kind == "child") & (AuditEvent.subject_id == child_public_id),
            ),
        )
        .values(_FORGOTTEN)
    )


def forget_actors(actor_kind: str, public_ids: list[str]) -> None:
    """Network members ("network") and young people act under their public id."""
    if not public_ids:
        return
    db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.actor_kind == actor_kind, AuditEvent.actor_id.in_(public_ids))
        .values(_FORGOTTEN)
    )


def forget_contributors(contributor_public_ids: list[str]) -> None:
    """Someone asked for their views before a review acts by link, with no id of their own:
    their events are the ones about their own contributor row."""
    if not contributor_public_ids:
        return
    db.session.execute(
        update(AuditEvent)
        .where(
            AuditEvent.actor_kind == "contributor",
            AuditEvent.object_kind == "review_contributor",
            AuditEvent.object_id.in_(contributor_public_ids),
        )
        .values(_FORGOTTEN)
    )
