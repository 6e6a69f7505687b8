"""A network member's safety journal on their phone: writing an entry, reading, sharing."""

import uuid

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from participation.audit.services import record_now
from participation.children.forms import CHILD_LANGUAGES
from participation.extensions import db
from participation.i18n import language_name
from participation.journal import member_bp as bp
from participation.journal.forms import JournalEntryForm
from participation.journal.services import (
    create_entry,
    existing_entry,
    get_entry_for_member_or_404,
    share_with_network,
)
from participation.network.services import plan_reading, require_member
from participation.problems import Refused


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


@bp.route("/new", methods=["GET", "POST"])
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
    # The rules in the member's language; the choices stay the rules' ids, as stored.
    reading = plan_reading(member.family, member.language)
    return render_template(
        "journal/new.html", form=form, member=member, error=error, reading=reading
    ), status


@bp.get("/<entry_id>")
def member_entry(entry_id: str):
    member = require_member()
    entry = get_entry_for_member_or_404(entry_id, member)
    if entry.member_id != member.id:
        # The boss (or anyone the boss shared it with) reading someone else's words is on
        # the writer's trail; a member rereading their own entry is not a look at another.
        record_now("network_view_journal_entry", None, "journal_entry", entry.public_id)
    # Its rules in the reader's language, labelled, as on the plan and the new-entry form.
    reading = plan_reading(member.family, member.language)
    return render_template("journal/member_entry.html", entry=entry, member=member, reading=reading)


@bp.post("/<entry_id>/share")
def share_entry(entry_id: str):
    member = require_member()
    entry = get_entry_for_member_or_404(entry_id, member)
    share_with_network(entry, member, request.form.get("share") == "yes")
    db.session.commit()
    return redirect(url_for(".member_entry", entry_id=entry_id))
