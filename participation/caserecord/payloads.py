"""The JSON a case management system receives for each kind of record entry."""

from flask import abort
from sqlalchemy import select

from participation.activities.models import Activity, Drawing, WorryAlert
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.links import external_url
from participation.pathway.models import AgreedPlanVersion
from participation.record.services import journal_record_entry, pathway_record_entry, record_entry


def _one(model, object_id: str):
    row = db.session.scalar(select(model).where(model.public_id == object_id))
    if row is None:
        abort(404)
    return row


def payload(entry: RecordEntry) -> dict:
    if entry.kind == "child_activity":
        data = record_entry(_one(Activity, entry.object_id))
        for area in data["areas"]:
            if area["drawing"]:
                area["drawing"]["url"] = _file_url(entry, area["drawing"]["id"])
    elif entry.kind == "journal_entry":
        journal = _one(JournalEntry, entry.object_id)
        data = journal_record_entry(journal)
        for attachment in data["attachments"]:
            attachment["url"] = _file_url(entry, attachment["id"])
        # "The plan did not work" raised an alert: who was told, and who picked it up.
        plan_alert = db.session.scalar(
            select(WorryAlert).where(WorryAlert.journal_entry_id == journal.id).limit(1)
        )
        if plan_alert is not None:
            data["alert"] = {"id": plan_alert.public_id, **alert_outcome(plan_alert)}
    elif entry.kind == "pathway_plan":
        data = pathway_record_entry(_one(AgreedPlanVersion, entry.object_id))
    else:
        data = alert_payload(_one(WorryAlert, entry.object_id))
    data["record"] = {
        "cursor": entry.id,
        "kind": entry.kind,
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
        "raised_by": (
            {
                "kind": "child",
                "name": alert.child.name,
                "case_reference": alert.child.case_reference,
            }
            if alert.child
            else {
                "kind": "network member",
                "name": alert.member.name,
                "relationship": alert.member.relationship_to_child,
                "family": alert.family.name,
            }
        ),
        "journal_entry": alert.journal_entry.public_id if alert.journal_entry else None,
        **alert_outcome(alert),
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
    if entry.kind == "child_activity":
        activity = _one(Activity, entry.object_id)
        row = db.session.scalar(
            select(Drawing).where(Drawing.public_id == file_id, Drawing.activity_id == activity.id)
        )
    elif entry.kind == "journal_entry":
        journal = _one(JournalEntry, entry.object_id)
        row = db.session.scalar(
            select(JournalAttachment).where(
                JournalAttachment.public_id == file_id, JournalAttachment.entry_id == journal.id
            )
        )
    else:
        row = None
    if row is None:
        abort(404)
    return row.storage_key, row.media_type
