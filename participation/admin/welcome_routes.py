"""A new member of staff choosing their own first password from the link the admin gave."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from participation.admin import welcome
from participation.admin.forms import SetPasswordForm
from participation.admin.services import open_set_password_link, use_set_password_link
from participation.extensions import db


@welcome.route("/<token>", methods=["GET", "POST"])
def set_password(token: str):
    link = open_set_password_link(token)
    if link is None:
        # Used, out of date, or never made: the same answer, so guesses learn nothing.
        abort(404)
    form = SetPasswordForm()
    if form.validate_on_submit():
        if not use_set_password_link(link, form.password.data):
            abort(404)  # the same link used a moment ago in another tab
        db.session.commit()
        flash(_("Your password is set. Sign in with your email and your new password."))
        return redirect(url_for("auth.sign_in"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/set_password.html", form=form, worker=link.worker), status
