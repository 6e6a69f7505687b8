"""Changing a child's languages and optional identity fields after they were added."""

from flask import redirect, render_template, url_for
from flask_login import login_required

from participation.audit.services import record, record_now
from participation.children import bp
from participation.children.forms import ChildDetailsForm, set_language_choices
from participation.children.services import get_child_or_404, update_child_details
from participation.extensions import db
from participation.people import current_worker


@bp.route("/<child_id>/edit", methods=["GET", "POST"])
@login_required
def edit_child(child_id: str):
    child = get_child_or_404(child_id, current_worker())
    form = ChildDetailsForm(obj=child)
    set_language_choices(form)
    if not form.is_submitted():
        form.first_language.data = child.first_language or ""
    if form.validate_on_submit():
        update_child_details(child, form)
        # Privacy: changing who the child is (identity fields) is on their trail.
        record("edit_child", child, object_kind="child", object_id=child.public_id)
        db.session.commit()
        return redirect(url_for("children.view_child", child_id=child.public_id))
    if not form.is_submitted():
        # The form shows what is held about the child: reading it is audited like the page.
        record_now("view_child", child, object_kind="child", object_id=child.public_id)
    status = 422 if form.is_submitted() else 200
    return render_template("children/edit.html", form=form, child=child), status
