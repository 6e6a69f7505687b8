import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from participation.audit.services import record, record_now
from participation.caserecord.services import register, team_of_family
from participation.children.forms import CHILD_LANGUAGES
from participation.db_types import utcnow
from participation.extensions import db
from participation.i18n import language_name
from participation.journal import bp
from participation.journal.forms import JournalEntryForm, JournalReplyForm
from participation.journal.services import (
    create_entry,
    existing_entry,
    get_attachment_or_404,
    get_entry_for_member_or_404,
    get_entry_for_worker_or_404,
    journal_by_rule,
    mark_entry_read,
    plan_failed,
    raise_plan_did_not_work,
)
from participation.network.services import (
    current_member,
    get_family_or_404,
    labels,
    require_member,
)
from participation.people import current_worker
from participation.problems import Refused
from participation.responses import private_stored_file
from participation.translation.services import panels, translations_for


def _entry_form(member) -> JournalEntryForm:
    # A phone that leaves the language out still writes in the member's own language.
    form = JournalEntryForm(language=member.language, client_key=str(uuid.uuid4()))
    plan = member.family.plan
    form.rules.choices = [SelectChoice(r.public_id, r.text) for r in (plan.rules if plan else [])]
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    return form


def _file_bytes(name: str) -> bytes | None:
    upload = request.files.get(name)
    if upload is None or not upload.filename:
        return None
    return upload.read()


@bp.url_value_preprocessor
def _read_big_journal_forms(endpoint: str | None, _values: dict | None) -> None:
    """Runs before the CSRF check reads the form: a too-big photo must not cost the words."""
    if endpoint == "journal.new_entry":
        request.max_content_length = current_app.config["PHOTO_FORM_MAX_CONTENT_LENGTH"]


@bp.route("/network/journal/new", methods=["GET", "POST"])
def new_entry():
    member = require_member()
    form = _entry_form(member)
    error = None
    if form.validate_on_submit():
        already = existing_entry(member, form.client_key.data)
        if already is not None:  # the same entry sent again: nothing new is made
            return redirect(url_for(".member_entry", entry_id=already.public_id, saved=1))
        try:
            entry = create_entry(member, form, _file_bytes("photo"), _file_bytes("voice"))
            db.session.flush()
            record("journal_entry", None, "journal_entry", entry.public_id, actor_kind="network")
            register(
                "journal_entry", entry.public_id, team_of_family(member.family_id),
                f"{member.family.name}: safety journal by {member.name}",
                urgent=plan_failed(entry),
            )  # fmt: skip
            raise_plan_did_not_work(entry)  # same transaction: its messages exist if it does
            db.session.commit()
            return redirect(url_for(".member_entry", entry_id=entry.public_id, saved=1))
        except Refused as refused:
            # The form is shown again with the words as written, and what to do in plain words.
            db.session.rollback()
            error, status = refused.message, refused.status
            if status == 413:
                error = f"{error} {_('Your words are kept below.')}"
        except IntegrityError:
            # Two copies raced each other; the first one won, so show that one.
            db.session.rollback()
            already = existing_entry(member, form.client_key.data)
            return redirect(url_for(".member_entry", entry_id=already.public_id, saved=1))
    else:
        status = 422 if form.is_submitted() else 200
    return render_template("journal/new.html", form=form, member=member, error=error), status


@bp.get("/network/journal/<entry_id>")
def member_entry(entry_id: str):
    member = require_member()
    entry = get_entry_for_member_or_404(entry_id, member)
    if entry.member_id != member.id:
        # The boss (or anyone the boss shared it with) reading someone else's words is on
        # the writer's trail; a member rereading their own entry is not a look at another.
        record_now("network_view_journal_entry", None, "journal_entry", entry.public_id)
    return render_template("journal/member_entry.html", entry=entry, member=member)


@bp.post("/network/journal/<entry_id>/share")
def share_entry(entry_id: str):
    member = require_member()
    entry = get_entry_for_member_or_404(entry_id, member)
    if not member.is_boss:
        # Only the boss of the plan decides what the rest of the network sees.
        abort(404)
    entry.shared_with_network = request.form.get("share") == "yes"
    db.session.commit()
    return redirect(url_for(".member_entry", entry_id=entry_id))


@bp.get("/attachments/<attachment_id>")
def attachment_file(attachment_id: str):
    attachment = get_attachment_or_404(attachment_id)
    # Only the member who took the photo or made the recording opens it unrecorded.
    if current_worker() is not None or current_member().id != attachment.entry.member_id:
        record_now(f"view_{attachment.kind}", None, "journal_attachment", attachment.public_id)
    return private_stored_file(attachment.storage_key, attachment.media_type)


@bp.get("/families/<family_id>/journal")
@login_required
def family_journal(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    summaries = journal_by_rule(family)
    writers = {e.member.public_id: e.member for s in summaries for e in s.entries}
    record_now("view_family_journal", None, "family", family.public_id, about=[*writers.values()])
    return render_template(
        "journal/family_journal.html",
        family=family,
        summaries=summaries,
        labels=labels(family.plan),
    )


def _review_page(entry, worker, reply_form=None, status=200):
    return render_template(
        "journal/review_entry.html",
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


@bp.get("/review/journal/<entry_id>")
@login_required
def review_entry(entry_id: str):
    worker = current_worker()
    entry = get_entry_for_worker_or_404(entry_id, worker)
    mark_entry_read(entry, worker)
    record("view_journal_entry", None, "journal_entry", entry.public_id)
    db.session.commit()
    return _review_page(entry, worker)


@bp.post("/review/journal/<entry_id>/reply")
@login_required
def reply_to_entry(entry_id: str):
    worker = current_worker()
    entry = get_entry_for_worker_or_404(entry_id, worker)
    form = JournalReplyForm()
    if not form.validate_on_submit():
        return _review_page(entry, worker, form, 422)
    entry.reply, entry.replied_at, entry.replied_by = form.reply.data, utcnow(), worker
    record("reply_to_member", None, "journal_entry", entry.public_id)
    db.session.commit()
    flash(_("Reply saved. %(name)s will see it with their entry.", name=entry.member.name))
    return redirect(url_for(".review_entry", entry_id=entry_id) + "#reply")


@bp.post("/review/journal/<entry_id>/reviewed")
@login_required
def entry_reviewed(entry_id: str):
    worker = current_worker()
    entry = get_entry_for_worker_or_404(entry_id, worker)
    if entry.reviewed_at is None:
        entry.reviewed_at, entry.reviewed_by = utcnow(), worker
    record("mark_reviewed", None, "journal_entry", entry.public_id)
    db.session.commit()
    return redirect(url_for(".review_entry", entry_id=entry_id))
