from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.admin import bp
from participation.admin.services import (
    api_clients,
    get_client_or_404,
    get_worker_or_404,
    require_admin,
    revoke_client,
    staff_accounts,
    switch_off,
    switch_on,
)
from participation.extensions import db
from participation.people import current_worker
from participation.problems import Refused


@bp.before_request
@login_required
def _admins_only() -> None:
    """Every page here manages accounts: only admins, everyone else a plain 403."""
    require_admin(current_worker())


def _done(message: str):
    """Each change is saved, said, and shown on the accounts page."""
    db.session.commit()
    flash(message)
    return redirect(url_for(".accounts"))


# The admin page shows accounts and tokens only: names, emails and roles, never casework.
@bp.get("/accounts")
def accounts():
    return render_template("admin/accounts.html", staff=staff_accounts(), clients=api_clients())


@bp.post("/staff/<int:worker_id>/switch-off")
def switch_off_worker(worker_id: int):
    worker = get_worker_or_404(worker_id)
    if worker.id == current_worker().id:
        # The last admin switching themselves off would leave nobody able to switch them on.
        raise Refused(_("You can't switch off your own account."), 409)
    switch_off(worker)
    return _done(
        _("%(name)s's account is switched off. They have been signed out.", name=worker.name)
    )


@bp.post("/staff/<int:worker_id>/switch-on")
def switch_on_worker(worker_id: int):
    worker = get_worker_or_404(worker_id)
    switch_on(worker)
    return _done(_("%(name)s's account is switched on again.", name=worker.name))


@bp.post("/api-clients/<int:client_id>/revoke")
def revoke_api_client(client_id: int):
    client = get_client_or_404(client_id)
    revoke_client(client)
    return _done(_("The token for %(name)s no longer works.", name=client.name))


@bp.route("/entitlements", methods=["GET", "POST"])
def entitlements():
    """The council's "What I'm entitled to" page for care leavers: an admin keeps it up to
    date; each change is audited and reaches each young person in their language."""
    from participation.pathway import entitlements as council
    from participation.pathway.forms import CouncilTextForm

    page = council.the_page()
    form = CouncilTextForm(obj=page)
    if form.validate_on_submit():
        council.save(page, form.body.data, current_worker())
        db.session.commit()
        flash(_("Saved. Young people see the new text now; translations follow."))
        return redirect(url_for(".entitlements"), 303)
    db.session.commit()  # the shipped text, saved the first time the page is opened
    status = 422 if request.method == "POST" else 200
    return render_template("pathway/entitlements_edit.html", form=form, page=page), status
