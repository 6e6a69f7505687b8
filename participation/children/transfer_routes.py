"""Transfer of cases: one child, or some or all of a worker's children, to another worker."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length

from participation.audit.services import record_now
from participation.auth.models import Role
from participation.children import bp
from participation.children.services import get_child_or_404
from participation.children.transfer import (
    caseload,
    get_holder_or_404,
    receivers,
    require_transferrer,
    transfer,
)
from participation.extensions import db
from participation.forms import Form
from participation.people import current_worker


class TransferForm(Form):
    to_worker = SelectField(_l("New allocated worker"), coerce=int)
    reason = TextAreaField(
        _l("Why (optional)"),
        description=_l("For example: Sam has left the team. This goes on the record."),
        validators=[Length(max=2000)],
    )


def _form(by, leaving_id: int) -> TransferForm:
    form = TransferForm()
    form.to_worker.choices = [
        SelectChoice(w.id, f"{w.name} ({w.team.name})" if w.team else w.name)
        for w in receivers(by)
        if w.id != leaving_id
    ]
    return form


def _receiver(form: TransferForm, by):
    return next(w for w in receivers(by) if w.id == form.to_worker.data)


def _told(count: int, name: str) -> str:
    return ngettext(
        "%(num)d child is now allocated to %(name)s. They see their new worker's name from "
        "their next visit.",
        "%(num)d children are now allocated to %(name)s. They see their new worker's name "
        "from their next visit.",
        count,
        name=name,
    )


@bp.route("/transfer/from/<int:worker_id>", methods=["GET", "POST"])
@login_required
def transfer_caseload(worker_id: int):
    """A worker's caseload, to move some or all of it (a worker leaving, or a new team)."""
    by = require_transferrer(current_worker())
    holder = get_holder_or_404(worker_id, by)
    children = caseload(holder)
    form = _form(by, holder.id)
    chosen = set(request.form.getlist("child")) if form.is_submitted() else set()
    picked = [c for c in children if c.public_id in chosen]
    if form.validate_on_submit() and picked:
        to = _receiver(form, by)
        moved = transfer(picked, to, by, form.reason.data or "")
        db.session.commit()
        flash(_told(len(moved), to.name))
        return redirect(url_for(".transfer_caseload", worker_id=holder.id), 303)
    if form.is_submitted() and not picked:
        form.form_errors.append(_("Choose at least one child to move."))
    # Privacy: an admin sees case references only (they manage accounts, not casework); a
    # manager sees their team's children by name. Either way each child's log shows it.
    if children and not form.is_submitted():
        record_now("view_caseload_for_transfer", None, "worker", str(holder.id), about=children)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "children/transfer.html",
        form=form,
        holder=holder,
        children=children,
        chosen=chosen,
        is_admin=by.role == Role.ADMIN,
    ), status


@bp.route("/<child_id>/transfer", methods=["GET", "POST"])
@login_required
def transfer_child(child_id: str):
    """A team manager moves one of their team's children (an admin moves whole caseloads,
    by case reference, from the staff accounts page)."""
    by = require_transferrer(current_worker())
    if by.role != Role.TEAM_MANAGER:
        abort(403)
    child = get_child_or_404(child_id, by)  # their team's children only
    form = _form(by, child.allocated_worker_id)
    if form.validate_on_submit():
        to = _receiver(form, by)
        transfer([child], to, by, form.reason.data or "")
        db.session.commit()
        flash(_told(1, to.name))
        return redirect(url_for(".view_child", child_id=child.public_id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("children/transfer_child.html", form=form, child=child), status
