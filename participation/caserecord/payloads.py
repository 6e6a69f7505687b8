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
        data = journal_record_entry(_one(JournalEntry, entry.object_id))
        for attachment in data["attachments"]:
            attachment["url"] = _file_url(entry, attachment["id"])
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
    """A critical event: who raised the alarm, about whom, and when it was picked up."""
    return {
        "schema": "participation.worry-alert.v1",
        "id": alert.public_id,
        "tool": {"id": "worry_alert", "name": "Worry alert"},
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
        "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None,
        "acknowledged_by": alert.acknowledged_by.name if alert.acknowledged_by else None,
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
