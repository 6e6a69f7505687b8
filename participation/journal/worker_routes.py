"""The worker's journal by rule, and the journal's photos and voice memos."""

from flask import render_template
from flask_login import login_required

from participation.audit.services import record_now
from participation.journal import worker_bp as bp
from participation.journal.services import get_attachment_or_404, journal_by_rule
from participation.network.services import current_member, get_family_or_404, labels
from participation.people import current_worker
from participation.planscales.services import PRACTICE_KIND, practice_runs_for
from participation.responses import private_stored_file
from participation.translation.services import translations_for_many


@bp.get("/attachments/<attachment_id>")
def attachment_file(attachment_id: str):
    """Opened by a worker who may see the family, or a member who may see the entry."""
    attachment = get_attachment_or_404(attachment_id)
    member = current_member()  # None for a worker: a session is one person's
    # Only the member who took the photo or made the recording opens it unrecorded.
    if member is None or member.id != attachment.entry.member_id:
        record_now(f"view_{attachment.kind}", None, "journal_attachment", attachment.public_id)
    return private_stored_file(attachment.storage_key, attachment.media_type)


@bp.get("/family/<family_id>")
@login_required
def family_journal(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    summaries = journal_by_rule(family)
    # The audit trail names the members whose words this page showed (this page's only).
    writers = {e.member.public_id: e.member for s in summaries.items for e in s.entries}
    # The network's practice runs of the plan ("fire drills") sit beside the journal, as the
    # practice standards read them together; their writers are on the same audit event.
    runs = practice_runs_for(family, 20)
    writers.update({r.member.public_id: r.member for r in runs})
    page = render_template(
        "journal/family_journal.html",
        family=family,
        summaries=summaries,
        labels=labels(family.plan),
        runs=runs,
        run_translations=translations_for_many(PRACTICE_KIND, [r.public_id for r in runs]),
    )
    # Rendered before the audit commits (a commit expires every loaded entry, and the page
    # would re-select each one); it is still handed over only once the read is on the trail.
    record_now("view_family_journal", None, "family", family.public_id, about=[*writers.values()])
    return page
