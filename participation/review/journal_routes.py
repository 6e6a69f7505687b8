"""The worker reviewing a network member's journal entry: reading it, replying, marking it done."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.atomic import commit_keeping_loaded
from participation.extensions import db
from participation.journal.forms import JournalReplyForm
from participation.journal.services import get_entry_for_worker_or_404
from participation.people import current_worker
from participation.review import bp
from participation.review.services import (
    mark_journal_entry_reviewed,
    open_journal_entry,
    reply_to_journal_entry,
)
from participation.translation.services import panels, translations_for


def _entry_page(entry, worker, reply_form=None, status=200):
    return render_template(
        "review/journal_entry.html",
        entry=entry,
        translations=translations_for("journal_entry", entry.public_id),
        reply_translations=translations_for("journal_reply", entry.public_id),
        **panels(
            worker,
            {
                "words_panel": ("journal_entry", entry.public_id),
                "reply_panel": ("journal_reply", entry.public_id),
            },
        ),
        reply_form=reply_form or JournalReplyForm(reply=entry.reply),
    ), status


@bp.get("/journal/<entry_id>")
@login_required
def journal_entry(entry_id: str):
    worker = current_worker()
    entry = get_entry_for_worker_or_404(entry_id, worker)
    open_journal_entry(entry, worker)
    commit_keeping_loaded()
    return _entry_page(entry, worker)


@bp.post("/journal/<entry_id>/reply")
@login_required
def journal_reply(entry_id: str):
    worker = current_worker()
    entry = get_entry_for_worker_or_404(entry_id, worker)
    form = JournalReplyForm()
    if not form.validate_on_submit():
        return _entry_page(entry, worker, form, 422)
    reply_to_journal_entry(entry, worker, form.reply.data)
    db.session.commit()
    flash(_("Reply saved. %(name)s will see it with their entry.", name=entry.member.name))
    return redirect(url_for(".journal_entry", entry_id=entry_id) + "#reply")


@bp.post("/journal/<entry_id>/reviewed")
@login_required
def journal_reviewed(entry_id: str):
    worker = current_worker()
    entry = get_entry_for_worker_or_404(entry_id, worker)
    mark_journal_entry_reviewed(entry, worker)
    db.session.commit()
    return redirect(url_for(".journal_entry", entry_id=entry_id))
