"""Staff accounts, teams and API tokens, for admins and the CLI."""

import secrets
from datetime import timedelta

from flask import abort
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from participation.audit.services import record
from participation.auth.models import Role, Team, Worker
from participation.auth.services import get_or_create_team
from participation.caserecord.models import ApiClient
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind
from participation.identity.services import end_sessions_for
from participation.links import external_url
from participation.paging import Page, offset_page
from participation.tokens import claim_once, digest, new_token


def require_admin(worker: Worker | None) -> Worker:
    """Only admins manage accounts; everyone else gets a plain 403."""
    if worker is None or worker.role != Role.ADMIN:
        abort(403)
    return worker


def staff_accounts() -> Page[Worker]:
    """A page of accounts (a council has hundreds of staff), each page's teams fetched at
    once, with how many accounts there are in all."""
    total = db.session.scalar(select(func.count(Worker.id)))
    stmt = (
        select(Worker)
        .options(selectinload(Worker.team))
        .order_by(Worker.active.desc(), Worker.name, Worker.id)
    )
    return offset_page(stmt, total)


def api_clients() -> list[ApiClient]:
    """Every token, with its team fetched at once (a handful per council)."""
    return list(
        db.session.scalars(
            select(ApiClient)
            .options(selectinload(ApiClient.team))
            .order_by(ApiClient.revoked_at.is_not(None), ApiClient.name)
        )
    )


def get_worker_or_404(worker_id: int) -> Worker:
    return db.session.get(Worker, worker_id) or abort(404)


def get_client_or_404(client_id: int) -> ApiClient:
    return db.session.get(ApiClient, client_id) or abort(404)


def find_worker(email: str) -> Worker | None:
    return db.session.scalar(select(Worker).where(func.lower(Worker.email) == email.lower()))


def switch_off(worker: Worker) -> None:
    """A switched-off account can't sign in, and every session it has ends now (the user
    loader also refuses inactive workers, should a session survive)."""
    worker.active = False
    end_sessions_for(Kind.WORKER, worker.id)
    record("switch_off_staff", None, "worker", str(worker.id))


def switch_on(worker: Worker) -> None:
    worker.active = True
    record("switch_on_staff", None, "worker", str(worker.id))


def revoke_client(client: ApiClient) -> None:
    """The token gets 401 from its next call; the row stays so the history makes sense."""
    if client.revoked_at is None:
        client.revoked_at = utcnow()
        record("revoke_api_client", None, "api_client", str(client.id))


# Creating and changing accounts -------------------------------------------------------------

# How long a new account's set-password link works: long enough for a first day at work.
SET_PASSWORD_TTL = timedelta(days=7)


def teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def get_team_or_404(team_id: int) -> Team:
    return db.session.get(Team, team_id) or abort(404)


def team_name_taken(name: str, but: Team | None = None) -> bool:
    stmt = select(Team.id).where(func.lower(Team.name) == name.strip().lower())
    if but is not None:
        stmt = stmt.where(Team.id != but.id)
    return db.session.scalar(stmt) is not None


def email_taken(email: str, but: Worker | None = None) -> bool:
    found = find_worker(email.strip())
    return found is not None and (but is None or found.id != but.id)


def interpreters() -> list[Worker]:
    """Every interpreter, with the teams they serve (a handful per council)."""
    stmt = (
        select(Worker)
        .where(Worker.role == Role.INTERPRETER)
        .options(selectinload(Worker.serves), selectinload(Worker.team))
        .order_by(Worker.active.desc(), Worker.name)
    )
    return list(db.session.scalars(stmt))


def apply_staff_form(worker: Worker, form) -> None:
    """The form's answers onto the account; only interpreters keep languages and teams served."""
    from participation.admin.forms import NEW_TEAM, language_codes

    worker.name = form.name.data.strip()
    worker.email = form.email.data.strip().lower()
    worker.role = Role(form.role.data)
    if form.team.data == NEW_TEAM:
        worker.team = get_or_create_team(form.new_team.data.strip())
    else:
        worker.team = db.session.get(Team, form.team.data) if form.team.data else None
    worker.mobile = (form.mobile.data or "").strip() or None
    interpreter = worker.role == Role.INTERPRETER
    worker.languages = ",".join(language_codes(form.languages.data)) if interpreter else ""
    chosen = set(form.serves.data or []) if interpreter else set()
    worker.serves = [t for t in teams() if t.id in chosen]
    worker.gender = (form.gender.data or None) if interpreter else None


def create_staff(form) -> Worker:
    """A new account whose password nobody knows (a long random one, hashed) until its
    owner chooses one through their set-password link."""
    worker = Worker(name="", email="", role=Role.SOCIAL_WORKER)
    worker.set_password(secrets.token_urlsafe(32))
    with db.session.no_autoflush:  # the form's teams are looked up before the account is whole
        apply_staff_form(worker, form)
    db.session.add(worker)
    db.session.flush()
    record("create_staff", None, "worker", str(worker.id), detail=worker.role.value)
    return worker


def update_staff(worker: Worker, form) -> None:
    before = (worker.role, worker.team_id)
    apply_staff_form(worker, form)
    db.session.flush()
    detail = f"role {before[0].value} to {worker.role.value}; team {before[1]} to {worker.team_id}"
    record("edit_staff", None, "worker", str(worker.id), detail=detail)
    if before != (worker.role, worker.team_id):
        # What they may see changes with role and team: their sessions end, and they sign in
        # again to the new scope (a session never carries an old role's view).
        end_sessions_for(Kind.WORKER, worker.id)


def new_set_password_link(worker: Worker) -> str:
    """A one-time link for the worker to choose their own password; any older one stops
    working. Only the keyed hash is kept: the link is shown to the admin once."""
    from participation.admin.models import SetPasswordLink

    db.session.execute(
        delete(SetPasswordLink).where(
            SetPasswordLink.worker_id == worker.id, SetPasswordLink.redeemed_at.is_(None)
        )
    )
    token = new_token()
    db.session.add(
        SetPasswordLink(
            worker_id=worker.id,
            token_hash=digest(token),
            expires_at=utcnow() + SET_PASSWORD_TTL,
        )
    )
    record("make_set_password_link", None, "worker", str(worker.id))
    return external_url("welcome.set_password", token=token)


def open_set_password_link(token: str):
    """The link's row if it is unused, in date, and its account is switched on; else None."""
    from participation.admin.models import SetPasswordLink

    link = db.session.scalar(
        select(SetPasswordLink).where(SetPasswordLink.token_hash == digest(token))
    )
    if link is None or link.redeemed_at is not None or link.expires_at <= utcnow():
        return None
    return link if link.worker.active else None


def use_set_password_link(link, password: str) -> bool:
    """Set the password, once: two tabs racing with the same link, and only one wins."""
    from participation.admin.models import SetPasswordLink

    if not claim_once(SetPasswordLink, link.id, utcnow()):
        return False
    link.worker.set_password(password)
    # Any session the account had (there should be none) ends with the new password.
    end_sessions_for(Kind.WORKER, link.worker_id)
    record("set_own_password", None, "worker", str(link.worker_id), actor_kind="worker",
           actor_name=link.worker.name)  # fmt: skip
    return True


def new_api_client(name: str, team: Team) -> tuple[ApiClient, str]:
    """A case system's token, shown to the admin once; only its keyed hash is kept."""
    from participation.caserecord.services import create_client

    client, token = create_client(name.strip(), team.id)
    db.session.flush()
    record("create_api_client", None, "api_client", str(client.id))
    return client, token
