"""The record entry for a submission: one structure behind the document, PDF and JSON."""

import base64
import functools
from collections import OrderedDict
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from flask import abort, current_app, g, render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from participation import uploads
from participation.activities.models import Activity, Drawing
from participation.activities.services import area_drawings, area_words
from participation.activities.tools import tool_for
from participation.audit.models import AuditEvent
from participation.auth.models import Worker
from participation.caserecord.kinds import kind, kind_or_404
from participation.db_types import utcnow
from participation.extensions import db
from participation.images import print_copy
from participation.journal.models import JournalAttachment
from participation.links import external_url
from participation.network.services import children_of, labels
from participation.record.bidi import resolve_auto_direction
from participation.record.print_copies import stored_copy
from participation.review.services import existing_review
from participation.scales.services import activity_scales
from participation.translation.services import as_record, on_record, translations_for

SCHEMA = "participation.record-entry.v1"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _for_meeting(activity: Activity) -> dict | None:
    """Views asked for a meeting say which, and whether they came in by the date they were due."""
    from participation.meetings.record_kind import KIND_LABELS
    from participation.meetings.services import sent_late

    meeting = activity.meeting
    if meeting is None:
        return None
    due = activity.views_due or meeting.views_due
    return {
        "id": meeting.public_id,
        "kind": meeting.kind,
        "kind_name": KIND_LABELS.get(meeting.kind, meeting.kind),
        "held_on": meeting.held_on.isoformat(),
        "views_due": due.isoformat(),
        "sent_after_due_date": sent_late(activity),
    }


def record_entry(activity: Activity) -> dict:
    """Everything the case record must show, in English labels, with stable public IDs."""
    with force_locale("en"):
        tool = tool_for(activity.tool)
        words = area_words(activity)
        drawings = area_drawings(activity)
        review = existing_review(activity)
        scales = activity_scales(activity)
        areas = []
        for area in tool.areas:
            row = words.get(area.slug)
            drawing = drawings.get(area.slug)
            areas.append(
                {
                    "id": area.slug,
                    "title": str(area.title),
                    "prompt": str(area.prompt),
                    # Verbatim: exactly as stored, never trimmed or corrected.
                    "child_words": row.child_words if row else "",
                    "scribed_words": row.scribed_words if row else "",
                    "scribed_by": row.scribed_by.name if row and row.scribed_by else None,
                    # Only what the scribe ticked: read back to the child, who agreed.
                    "read_back_and_confirmed": bool(row and row.scribed_words and row.read_back),
                    "drawing": _drawing(drawing) if drawing else None,
                    "scale": _scale(scales.get(area.slug)),
                    # The child's own voice, kept as recorded; what was said is written
                    # down (by an interpreter) under "translations", field "voice_memo".
                    "voice": [_voice(v) for v in activity.voice_notes if v.area == area.slug],
                    # Pictures the child chose, verbatim: each one's picture and name as shown.
                    "symbols": list(row.symbols or []) if row else [],
                }
            )
        child = activity.child
        return {
            "schema": SCHEMA,
            "id": activity.public_id,
            "child": {
                "id": child.public_id,
                "name": child.name,
                "date_of_birth": child.date_of_birth.isoformat(),
                "case_reference": child.case_reference,
                # The language they think and speak in first, apart from the screens' one.
                "first_language": child.first_language,
                "screen_language": child.preferred_language,
                "communication_needs": child.communication_needs,
                # Optional; None is "not recorded", never a guess.
                **{name: getattr(child, name) or None for name in IDENTITY_FIELDS},
            },
            "tool": {"id": tool.slug, "name": str(tool.name)},
            "started_at": _iso(activity.created_at),
            "submitted_at": _iso(activity.submitted_at),
            "how": "on the worker's device, together"
            if activity.mode == "together"
            else "on the child's own device, with a sign-in code",
            "started_by": {"name": activity.started_by.name, "role": activity.started_by.role},
            # Safeguarding: says only what was confirmed at the end (code mode: by itself).
            # None: not confirmed, or nobody saw the child (their own device, code mode).
            "seen_alone": activity.seen_alone
            if activity.seen_confirmed_at and activity.worker_present
            else None,
            "seen": _seen(activity),
            "others_present": activity.present or None,
            "outcome": _outcome(activity),
            "shared_with": _shared_with(activity),
            "interpreter": activity.interpreter or None,
            "language": activity.language,
            # The meeting these views were asked for, and when they were due; None otherwise.
            "for_meeting": _for_meeting(activity),
            "areas": areas,
            # What the worker saw: neither the child's expression nor the worker's analysis.
            "worker_observation": {
                "text": activity.observation.text,
                "by": activity.observation.by.name if activity.observation.by else None,
                "at": _iso(activity.observation.updated_at),
            }
            if activity.observation and activity.observation.text.strip()
            else None,
            "worker_analysis": {
                "text": review.analysis,
                "by": review.analysis_by.name if review.analysis_by else None,
                "at": _iso(analysis_saved_at(activity)),
            }
            if review and review.analysis
            else None,
            "reply_to_child": {
                "text": review.reply,
                "by": review.replied_by.name if review.replied_by else None,
                "at": _iso(review.replied_at),
                "seen_by_child_at": _iso(review.reply_seen_at),
            }
            if review and review.reply
            else None,
            "reviewed": {
                "by": review.reviewed_by.name if review.reviewed_by else None,
                "at": _iso(review.reviewed_at),
            }
            if review and review.reviewed_at
            else None,
            # Beside the child's words (into English) and the reply (into the child's
            # language); the originals are never replaced.
            "translations": on_record("activity", activity.public_id)
            + on_record("reply", activity.public_id),
            "generated_at": _iso(utcnow()),
        }


IDENTITY_FIELDS = ("religion", "ethnicity", "nationality", "immigration_status", "disability")


def analysis_saved_at(activity: Activity) -> datetime | None:
    """When the analysis was last saved. The review keeps only who wrote it; the audit event
    of saving it is written in the same transaction as the words and outlives deletions, so
    its time is the analysis's own date (an analysis is read against what was known then)."""
    return db.session.scalar(
        select(func.max(AuditEvent.at)).where(
            # The child's own trail (indexed), then this submission's saves within it.
            AuditEvent.child_public_id == activity.child.public_id,
            AuditEvent.action == "save_analysis",
            AuditEvent.object_kind == "activity",
            AuditEvent.object_id == activity.public_id,
        )
    )


def _seen(activity: Activity) -> dict:
    """Who was there and where, exactly as confirmed; "not confirmed" otherwise."""
    if activity.seen_confirmed_at is None:
        return {"confirmed": False, "summary": "Not confirmed: nobody has said who was there."}
    if activity.worker_present is False:
        summary = "Done alone on the child's own device; worker not present."
    elif activity.seen_alone:
        summary = "Seen alone (confirmed at the end)."
    else:
        summary = f"Not seen alone. Present: {activity.present}. Why: {activity.not_alone_reason}"
    by = activity.seen_confirmed_by
    return {
        "confirmed": True,
        "summary": summary,
        "worker_present": activity.worker_present,
        "where": activity.seen_where or None,
        "why_not_alone": activity.not_alone_reason or None,
        "confirmed_by": by.name if by else None,
        "confirmed_at": _iso(activity.seen_confirmed_at),
    }


def _outcome(activity: Activity) -> dict:
    """How it ended, said as the child's choice when they chose not to go on."""
    name = activity.child.first_name
    said = {
        "declined": f"{name} chose not to do this.",
        "stopped": f"{name} stopped part way.",
    }.get(activity.outcome or "", "Finished and sent.")
    return {"id": activity.outcome or "finished", "text": said}


def _shared_with(activity: Activity) -> list[dict]:
    """Whom the worker chose to show this to (network members), and when."""
    from participation.network.models import NetworkMember, SharedItem

    stmt = (
        select(SharedItem, NetworkMember)
        .join(NetworkMember, NetworkMember.id == SharedItem.member_id)
        .where(SharedItem.activity_id == activity.id)
        .order_by(SharedItem.shared_at)
    )
    return [
        {
            "member": member.name,
            "relationship": member.relationship_to_child,
            "by": db.session.get(Worker, item.shared_by_id).name,  # type: ignore[union-attr]
            "at": _iso(item.shared_at),
        }
        for item, member in db.session.execute(stmt)
    ]


def record_document(kind_name: str, object_id: str, worker: Worker) -> tuple[Any, dict]:
    """A record kind's thing, fetched for this worker (404 if they may not see it), and its
    record document."""
    record_kind = kind_or_404(kind_name)
    if record_kind.get_or_404 is None or not record_kind.on_record:
        abort(404)
    obj = record_kind.get_or_404(object_id, worker)
    return obj, record_kind.build(obj)


def render_document(kind_name: str, entry: dict) -> str:
    """The record page of a document, in the kind's own template."""
    record_kind = kind(kind_name)
    return render_template(record_kind.template, entry=entry, image_src=record_kind.page_image_src)


def _scale(answer) -> dict | None:
    if answer is None or answer.value is None:
        return None
    return {
        "question": answer.question,
        "low": answer.low_label,
        "high": answer.high_label,
        "value": answer.value,
        # 10 for a 0-10 scale; 5 for the five faces a young child taps (value 1-5).
        "out_of": answer.out_of,
        "face": _face(answer),
        "why": answer.why,
        "one_number_higher": answer.one_higher,
    }


def _face(answer) -> str | None:
    """The face the child tapped, in words (the record says what they chose, not a guess)."""
    from participation.activities.tools import face_for

    face = face_for(answer.value) if answer.out_of == 5 else None
    return f"{face.icon} {face.label}" if face else None


def _voice(note) -> dict:
    return {
        "id": note.public_id,
        "kind": "voice",
        "media_type": note.media_type,
        "bytes": note.byte_size,
        "seconds": round(note.seconds, 1) if note.seconds else None,
        "sha256": note.sha256,
        "recorded_on": "the child's own device"
        if note.recorded_on_device_of is None
        else f"{note.recorded_on_device_of.name}'s device",
        "url": external_url("activities.voice_file", voice_id=note.public_id),
    }


def _drawing(drawing) -> dict:
    return {
        "id": drawing.public_id,
        "media_type": drawing.media_type,
        "width": drawing.width,
        "height": drawing.height,
        "sha256": drawing.sha256,
        "source": drawing.source,
        "url": external_url("activities.drawing_file", drawing_id=drawing.public_id),
    }


StoredFile = TypeVar("StoredFile", Drawing, JournalAttachment)


# A picture in a PDF is named by this scheme and handed over by render_pdf's own fetcher:
# as a data: URI, WeasyPrint's HTML parser spent longer on its base64 than on the picture.
PRINT_COPY = "print-copy:"
# Print copies of recent pictures, by the stored file's sha256: a record's next version (a
# reply, a review, a translation) is rendered again with the same drawings. Privacy: only
# in the process that renders PDFs, a few at most, and only ever handed out after the row
# is found again (a deleted drawing's copy is never used, and is soon pushed out).
PRINT_COPIES: OrderedDict[str, bytes] = OrderedDict()
PRINT_COPIES_KEPT = 24


def _embedded(model: type[StoredFile], public_id: str) -> str:
    """A stored file for the PDF renderer, which never fetches a URL: a picture as a
    print-sized copy for this render (the stored file stays as it is), else a data: URI."""
    row = db.session.scalar(select(model).where(model.public_id == public_id))
    if row is None:
        raise LookupError(f"{model.__name__} {public_id} is in a record document but not stored")
    if not row.media_type.startswith("image/"):
        raw = uploads.read(row.storage_key)
        return f"data:{row.media_type};base64,{base64.b64encode(raw).decode()}"
    copy = PRINT_COPIES.pop(row.sha256, None)
    if copy is None:
        # Made by the worker as the record arrived (print_copies.py); else made now.
        copy = stored_copy(row.sha256) or print_copy(uploads.read(row.storage_key))
    PRINT_COPIES[row.sha256] = copy
    while len(PRINT_COPIES) > PRINT_COPIES_KEPT:
        PRINT_COPIES.popitem(last=False)
    url = f"{PRINT_COPY}{row.sha256}"
    # Kept on this app context (the job's) for render_pdf, which runs next in it.
    g.setdefault("print_copies", {})[url] = copy
    return url


def data_uri(drawing: dict) -> str:
    return _embedded(Drawing, drawing["id"])


@functools.cache
def _stylesheet(path: str) -> Any:
    """Our own stylesheet, parsed once per process: parsing it was a tenth of every PDF."""
    from weasyprint import CSS

    return CSS(filename=path)


def render_pdf(html: str, stylesheet: str = "record.css") -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    copies: dict[str, bytes] = g.pop("print_copies", {})

    class Fetcher(URLFetcher):
        """Our own HTML, embedded data: URIs and this render's print copies only, so the
        renderer can never be steered into fetching a network address or a file."""

        def fetch(self, url, headers=None):
            if url.startswith(PRINT_COPY):
                return URLFetcherResponse(url, copies[url], {"Content-Type": "image/jpeg"})
            return super().fetch(url, headers)

    fetcher = Fetcher(allowed_protocols={"data"}, fail_on_errors=True)
    css = Path(current_app.static_folder or "") / "css" / stylesheet
    document = HTML(string=html, url_fetcher=fetcher)
    resolve_auto_direction(document.etree_element)
    return document.write_pdf(stylesheets=[_stylesheet(str(css))])


JOURNAL_SCHEMA = "participation.journal-entry.v1"


def journal_record_entry(entry) -> dict:
    """A safety journal entry for the case record: the member's words verbatim, with who,
    their relationship, when and in which language."""
    with force_locale("en"):
        family = entry.family
        statement_label, goal_label = labels(family.plan)
        return {
            "schema": JOURNAL_SCHEMA,
            "id": entry.public_id,
            "family": {
                "id": family.public_id,
                "name": family.name,
                "children": [
                    {
                        "id": c.public_id,
                        "name": c.name,
                        "case_reference": c.case_reference,
                        # On every page of the PDF, to match the entry to each child's file.
                        "date_of_birth": c.date_of_birth.isoformat(),
                    }
                    for c in children_of(family)
                ],
            },
            "tool": {"id": "safety_journal", "name": "Safety journal"},
            "written_by": {
                "id": entry.member.public_id,
                "name": entry.member.name,
                "relationship": entry.member.relationship_to_child,
                "boss_of_the_plan": entry.member.is_boss,
            },
            "occurred_at": _iso(entry.occurred_at),
            "written_at": _iso(entry.created_at),
            "language": entry.language,
            "rules": [{"id": r.public_id, "text": r.text, "who": r.who} for r in entry.rules],
            "plan_worked": entry.plan_worked,
            "what_happened": entry.what_happened,
            "red_flags": entry.red_flags,
            "safety_object_checked": entry.safety_object_checked,
            "attachments": [
                {
                    "id": a.public_id,
                    "kind": a.kind,
                    "media_type": a.media_type,
                    "bytes": a.byte_size,
                    "sha256": a.sha256,
                    "url": external_url(
                        "journal_worker.attachment_file", attachment_id=a.public_id
                    ),
                }
                for a in entry.attachments
            ],
            "reviewed": {"by": entry.reviewed_by.name, "at": _iso(entry.reviewed_at)}
            if entry.reviewed_at
            else None,
            # The worker's reply is recorded in English; its translation sits beside it.
            "reply_to_member": {
                "text": entry.reply,
                "by": entry.replied_by.name if entry.replied_by else None,
                "at": _iso(entry.replied_at),
            }
            if entry.reply
            else None,
            # Translations sit beside the original words; the original is never replaced.
            "translations": on_record("journal_entry", entry.public_id)
            + on_record("journal_reply", entry.public_id),
            "terminology": {"statement": statement_label, "goal": goal_label},
            "generated_at": _iso(utcnow()),
        }


def attachment_data_uri(attachment: dict) -> str:
    return _embedded(JournalAttachment, attachment["id"])


def pathway_record_entry(version) -> dict:
    """An agreed pathway plan version: the snapshot taken when both signed."""
    return {
        "schema": "participation.pathway-plan.v1",
        "id": version.public_id,
        "plan_id": version.plan.public_id,
        "version": version.number,
        "agreed_at": version.agreed_at.isoformat(),
        "tool": {"id": "pathway_plan", "name": "Pathway plan"},
        **version.snapshot,
        "translations": _translations_of_agreed_words(version),
    }


def _translations_of_agreed_words(version) -> list[dict]:
    """Only translations of the words exactly as agreed: a translation of an earlier or later
    draft is not a translation of this record."""
    agreed = {
        f"{s['id']}.{field}": s.get(field, "")
        for s in version.snapshot.get("sections", [])
        for field in ("in_my_words", "want_to_achieve")
    }
    items = translations_for("pathway_plan", version.plan.public_id, with_earlier=True)
    current = {
        field: [t for t in group if t.source_text == agreed.get(field)]
        for field, group in items.items()
    }
    return as_record({field: group for field, group in current.items() if group})
