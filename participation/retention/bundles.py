"""Pieces every subject access bundle shares: readable JSON and the access log."""

import json

from sqlalchemy import ColumnElement, and_, or_, select

from participation.audit.models import AuditEvent
from participation.extensions import db


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def access_log(object_ids: list[str], person=None) -> list[dict]:
    """Who looked at or did what to these records, or to anything else about this person
    (a drawing, a page that showed their words), for a subject access bundle."""
    from participation.audit.subjects import subject

    about: ColumnElement[bool] = AuditEvent.object_id.in_(object_ids)
    if person is not None:
        kind, public_id = subject(person)
        theirs = and_(AuditEvent.subject_kind == kind, AuditEvent.subject_id == public_id)
        # Older events name only the object; newer ones have a row for each person.
        about = or_(theirs, and_(about, AuditEvent.subject_kind == ""))
    events = db.session.scalars(select(AuditEvent).where(about).order_by(AuditEvent.at))
    return [{"at": e.at, "who": e.actor_name or e.actor_kind, "action": e.action} for e in events]
