from flask import flash, redirect, render_template, url_for
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


# The admin page shows accounts and tokens only: names, emails and roles, never casework.
@bp.get("/admin/accounts")
@login_required
def accounts():
    require_admin(current_worker())
    return render_template("admin/accounts.html", staff=staff_accounts(), clients=api_clients())


@bp.post("/admin/staff/<int:worker_id>/switch-off")
@login_required
def switch_off_worker(worker_id: int):
    admin = require_admin(current_worker())
    worker = get_worker_or_404(worker_id)
    if worker.id == admin.id:
        # The last admin switching themselves off would leave nobody able to switch them on.
        raise Refused(_("You can't switch off your own account."), 409)
    switch_off(worker)
    db.session.commit()
    flash(_("%(name)s's account is switched off. They have been signed out.", name=worker.name))
    return redirect(url_for(".accounts"))


@bp.post("/admin/staff/<int:worker_id>/switch-on")
@login_required
def switch_on_worker(worker_id: int):
    require_admin(current_worker())
    worker = get_worker_or_404(worker_id)
    switch_on(worker)
    db.session.commit()
    flash(_("%(name)s's account is switched on again.", name=worker.name))
    return redirect(url_for(".accounts"))


@bp.post("/admin/api-clients/<int:client_id>/revoke")
@login_required
def revoke_api_client(client_id: int):
    require_admin(current_worker())
    client = get_client_or_404(client_id)
    revoke_client(client)
    db.session.commit()
    flash(_("The token for %(name)s no longer works.", name=client.name))
    return redirect(url_for(".accounts"))
