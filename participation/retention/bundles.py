"""Pieces every subject access bundle shares: readable JSON and the access log."""

import json

from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.extensions import db


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def access_log(object_ids: list[str]) -> list[dict]:
    """Who looked at or did what to these records, for a subject access bundle."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_id.in_(object_ids)).order_by(AuditEvent.at)
    )
    return [{"at": e.at, "who": e.actor_name or e.actor_kind, "action": e.action} for e in events]
