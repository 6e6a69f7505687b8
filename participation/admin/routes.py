from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from participation.admin import bp, jobs
from participation.admin.forms import ROLE_NAMES, ApiClientForm, SettingsForm, StaffForm, TeamForm
from participation.admin.services import (
    api_clients,
    create_staff,
    email_taken,
    get_client_or_404,
    get_team_or_404,
    get_worker_or_404,
    interpreters,
    new_api_client,
    new_set_password_link,
    require_admin,
    revoke_client,
    staff_accounts,
    switch_off,
    switch_on,
    team_name_taken,
    teams,
    update_staff,
)
from participation.admin.settings_form import load_settings, save_settings
from participation.audit.services import record
from participation.auth.services import get_or_create_team
from participation.extensions import db
from participation.jobs import enqueue
from participation.people import current_worker
from participation.problems import Refused
from participation.tokens import new_token, show_once, take_shown

# Where a secret just made (a set-password link, an API token) waits to be shown once.
SHOWN = "admin_shown"


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
    # A token just made is shown once, here, then gone from the session.
    token = take_shown(SHOWN, "api_token")
    return render_template(
        "admin/accounts.html",
        staff=staff_accounts(),
        clients=api_clients(),
        token=token,
        role_names=ROLE_NAMES,
    )


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


def _staff_form(worker=None) -> StaffForm:
    form = StaffForm(obj=worker) if worker is not None else StaffForm()
    form.set_teams(teams())
    if worker is not None and not form.is_submitted():
        form.role.data = worker.role.value
        form.team.data = worker.team_id or 0
        form.serves.data = [t.id for t in worker.serves]
        form.gender.data = worker.gender or ""
    return form


@bp.route("/staff/new", methods=["GET", "POST"])
def new_staff():
    """A new account, without the command line; its owner chooses their own password."""
    form = _staff_form()
    if form.validate_on_submit():
        if email_taken(form.email.data):
            form.email.errors.append(_("There is already an account with this email."))
        else:
            worker = create_staff(form)
            link = new_set_password_link(worker)
            db.session.commit()
            show_once(SHOWN, f"link:{worker.id}", link)
            flash(_("%(name)s's account is made.", name=worker.name))
            return redirect(url_for(".edit_staff", worker_id=worker.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/staff_form.html", form=form, worker=None), status


@bp.route("/staff/<int:worker_id>", methods=["GET", "POST"])
def edit_staff(worker_id: int):
    worker = get_worker_or_404(worker_id)
    form = _staff_form(worker)
    if form.validate_on_submit():
        if email_taken(form.email.data, but=worker):
            form.email.errors.append(_("There is already an account with this email."))
        elif worker.id == current_worker().id and form.role.data != worker.role.value:
            # An admin taking away their own admin role could leave nobody to manage accounts.
            form.role.errors.append(_("You can't change your own role."))
        else:
            update_staff(worker, form)
            db.session.commit()
            flash(_("%(name)s's account is saved.", name=worker.name))
            return redirect(url_for(".edit_staff", worker_id=worker.id), 303)
    link = take_shown(SHOWN, f"link:{worker.id}")
    status = 422 if form.is_submitted() else 200
    return render_template(
        "admin/staff_form.html", form=form, worker=worker, link=link, role_names=ROLE_NAMES
    ), status


@bp.post("/staff/<int:worker_id>/email-link")
def email_link(worker_id: int):
    """The set-password link by email to the account's own address, sent by a job."""
    worker = get_worker_or_404(worker_id)
    # A double tap while one is waiting to go is the same request: one email, one link
    # (a second would make the first email's link stop working).
    enqueue(
        jobs.email_set_password_link,
        worker_id=worker.id,
        reference=f"set-password-{worker.id}-{new_token()[:16]}",
        queueing_lock=f"set-password-{worker.id}",
    )
    record("email_set_password_link", None, "worker", str(worker.id))
    db.session.commit()
    flash(_("A link to choose a password is on its way to %(email)s.", email=worker.email))
    return redirect(url_for(".edit_staff", worker_id=worker.id), 303)


@bp.post("/staff/<int:worker_id>/password-link")
def password_link(worker_id: int):
    """A new set-password link (a first one lost, or a forgotten password): older ones stop."""
    worker = get_worker_or_404(worker_id)
    link = new_set_password_link(worker)
    db.session.commit()
    show_once(SHOWN, f"link:{worker.id}", link)
    return redirect(url_for(".edit_staff", worker_id=worker.id), 303)


@bp.route("/teams", methods=["GET", "POST"])
def list_teams():
    form = TeamForm()
    if form.validate_on_submit():
        name = form.name.data.strip()
        if team_name_taken(name):
            form.name.errors.append(_("There is already a team with this name."))
        else:
            team = get_or_create_team(name)
            db.session.flush()
            record("create_team", None, "team", str(team.id))
            return _done_at(".list_teams", _("The team %(name)s is made.", name=name))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/teams.html", form=form, teams=teams()), status


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
def rename_team(team_id: int):
    team = get_team_or_404(team_id)
    form = TeamForm(obj=team)
    if form.validate_on_submit():
        name = form.name.data.strip()
        if team_name_taken(name, but=team):
            form.name.errors.append(_("There is already a team with this name."))
        else:
            team.name = name
            record("rename_team", None, "team", str(team.id))
            return _done_at(".list_teams", _("The team is now called %(name)s.", name=name))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/team.html", form=form, team=team), status


@bp.get("/interpreters")
def list_interpreters():
    return render_template("admin/interpreters.html", interpreters=interpreters())


@bp.route("/api-clients/new", methods=["GET", "POST"])
def create_api_client():
    form = ApiClientForm()
    form.team.choices = [SelectChoice(t.id, t.name) for t in teams()]
    if form.validate_on_submit():
        client, token = new_api_client(form.name.data, get_team_or_404(form.team.data))
        db.session.commit()
        # Shown once: only its keyed hash is kept, so nobody can see it again.
        show_once(SHOWN, "api_token", {"name": client.name, "token": token})
        return redirect(url_for(".accounts"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/api_client.html", form=form), status


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """The council's own settings; what is not here is a deployment setting."""
    form = SettingsForm()
    if not form.is_submitted():
        load_settings(form)
    if form.validate_on_submit():
        for name in save_settings(form, current_worker()):
            record("change_council_setting", None, "council_setting", name)
        return _done_at(".settings", _("Saved. The app uses the new settings now."))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/settings.html", form=form), status


def _done_at(endpoint: str, message: str):
    db.session.commit()
    flash(message)
    return redirect(url_for(endpoint), 303)
