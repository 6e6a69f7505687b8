"""The JSON a case management system receives for each kind of record entry."""

from flask import abort

from participation.alerts.models import WorryAlert
from participation.caserecord.kinds import entry_kind
from participation.caserecord.models import RecordEntry
from participation.links import external_url


def payload(entry: RecordEntry) -> dict:
    """The entry's record document, its files as API URLs, and where it stands."""
    record_kind = entry_kind(entry.kind)
    obj = record_kind.find_or_404(entry.object_id)
    data = record_kind.build(obj)
    for item in record_kind.file_items(data) if record_kind.file_items else []:
        item["url"] = _file_url(entry, item["id"])
    if record_kind.api_extra is not None:
        record_kind.api_extra(obj, data)
    data["record"] = {
        "cursor": entry.id,
        "kind": record_kind.api_name,
        "ready_at": entry.ready_at.isoformat(),
        "due_by": entry.due_by.isoformat(),
        "urgent": entry.urgent,
        "filed_at": entry.filed_at.isoformat() if entry.filed_at else None,
    }
    return data


def alert_payload(alert: WorryAlert) -> dict:
    """A critical event: who raised the alarm, about whom, who was told how and when, and
    who picked it up and what they did."""
    return {
        "schema": "participation.worry-alert.v1",
        "id": alert.public_id,
        "tool": {"id": "worry_alert", "name": "Worry alert"},
        "kind": alert.kind,
        "raised_at": alert.raised_at.isoformat(),
        "raised_by": _raised_by(alert),
        "journal_entry": alert.journal_entry.public_id if alert.journal_entry else None,
        **alert_outcome(alert),
    }


def _raised_by(alert: WorryAlert) -> dict:
    """A child raises their own alarm; anyone else who raises one is a member of a family."""
    if alert.child is not None:
        return {
            "kind": "child",
            "name": alert.child.name,
            "case_reference": alert.child.case_reference,
        }
    member, family = alert.member, alert.family
    if member is None or family is None:
        raise LookupError(f"worry alert {alert.public_id} was raised by no child or member")
    return {
        "kind": "network member",
        "name": member.name,
        "relationship": member.relationship_to_child,
        "family": family.name,
    }


def alert_outcome(alert: WorryAlert) -> dict:
    """Proof of who was told: every message, the provider's delivery word, the pick-up."""
    from participation.alerts.services import notices_for

    def at(value):
        return value.isoformat() if value else None

    return {
        "notices": [
            {
                "step": ("worker", "manager", "duty")[n.step],
                "to": n.recipient_name,
                "channel": n.channel,
                "address": n.address,
                "provider": n.provider,
                "status": n.status,
                "error": n.error or None,
                "created_at": at(n.created_at),
                "sent_at": at(n.sent_at),
                "delivered_at": at(n.delivered_at),
            }
            for n in notices_for(alert)
        ],
        "acknowledged_at": at(alert.acknowledged_at),
        "acknowledged_by": alert.acknowledged_by.name if alert.acknowledged_by else None,
        "acknowledged_action": alert.acknowledged_action or None,
    }


def _file_url(entry: RecordEntry, file_id: str) -> str:
    return external_url("caserecord.entry_file", object_id=entry.object_id, file_id=file_id)


def file_of(entry: RecordEntry, file_id: str) -> tuple[str, str]:
    """(storage key, media type) of a file that belongs to this entry, or 404."""
    record_kind = entry_kind(entry.kind)
    obj = record_kind.find_or_404(entry.object_id)
    row = record_kind.file(obj, file_id) if record_kind.file else None
    if row is None:
        abort(404)
    return row.storage_key, row.media_type
