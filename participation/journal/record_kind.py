"""A network member's safety journal entry, and the worker's reply, as kinds the record knows."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participation.alerts.models import WorryAlert
from participation.caserecord.kinds import ReadActions, RecordKind, ToTranslate, register
from participation.caserecord.payloads import alert_outcome
from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.journal.services import get_entry_for_worker_or_404
from participation.network.models import NetworkMember
from participation.record.services import attachment_data_uri, journal_record_entry


def _member(entry: JournalEntry) -> list[tuple[str, str]]:
    return [("network_member", entry.member.public_id)]


def _bulk(ids: set[str]):
    return (
        select(JournalEntry.public_id, NetworkMember.public_id)
        .join(NetworkMember, NetworkMember.id == JournalEntry.member_id)
        .where(JournalEntry.public_id.in_(ids))
    )


def _attachment_path(attachment: dict) -> str:
    return url_for("journal_worker.attachment_file", attachment_id=attachment["id"])


def _attachment(entry: JournalEntry, file_id: str) -> JournalAttachment | None:
    return db.session.scalar(
        select(JournalAttachment).where(
            JournalAttachment.public_id == file_id, JournalAttachment.entry_id == entry.id
        )
    )


def _plan_alert(entry: JournalEntry, data: dict) -> None:
    """ "The plan did not work" raised an alert: who was told, and who picked it up."""
    plan_alert = db.session.scalar(
        select(WorryAlert).where(WorryAlert.journal_entry_id == entry.id).limit(1)
    )
    if plan_alert is not None:
        data["alert"] = {"id": plan_alert.public_id, **alert_outcome(plan_alert)}


def _back(public_id: str) -> str:
    return url_for("review.journal_entry", entry_id=public_id)


def _translate_entry(public_id: str, worker) -> ToTranslate:
    entry = get_entry_for_worker_or_404(public_id, worker)
    return ToTranslate(entry, entry.language, "en", None, _back(public_id))


def _translate_reply(public_id: str, worker) -> ToTranslate:
    entry = get_entry_for_worker_or_404(public_id, worker)
    return ToTranslate(entry, "en", entry.member.language, None, _back(public_id))


JOURNAL_ENTRY = register(
    RecordKind(
        name="journal_entry",
        model=JournalEntry,
        get_or_404=get_entry_for_worker_or_404,
        subjects=_member,
        bulk_subjects=(_bulk, ("network_member",)),
        api_name="journal_entry",
        document=journal_record_entry,
        template="record/journal_document.html",
        slug="journal",
        read_actions=ReadActions(
            "view_journal_record", "export_journal_pdf", "export_journal_json"
        ),
        pdf_filename=lambda entry, _data: f"journal-{entry.public_id[:8]}.pdf",
        pdf_title=lambda entry, _data: " · ".join((entry.family.name, _("Safety journal"))),
        image_src=attachment_data_uri,
        page_image_src=_attachment_path,
        file_items=lambda data: data["attachments"],
        file=_attachment,
        api_extra=_plan_alert,
        text_fields=("what_happened", "red_flags"),
        translate=_translate_entry,
    )
)

# The worker's reply to a member is filed under the entry it answers.
register(
    RecordKind(
        name="journal_reply",
        model=JournalEntry,
        subjects=_member,
        text_fields=("reply",),
        translate=_translate_reply,
    )
)
