"""Switching staff accounts off and on and revoking API tokens, for admins and the CLI."""

from flask import abort
from sqlalchemy import func, select

from participation.audit.services import record
from participation.auth.models import Role, Worker
from participation.caserecord.models import ApiClient
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind
from participation.identity.services import end_sessions_for


def require_admin(worker: Worker | None) -> Worker:
    """Only admins manage accounts; everyone else gets a plain 403."""
    if worker is None or worker.role != Role.ADMIN:
        abort(403)
    return worker


def staff_accounts() -> list[Worker]:
    return list(db.session.scalars(select(Worker).order_by(Worker.active.desc(), Worker.name)))


def api_clients() -> list[ApiClient]:
    return list(
        db.session.scalars(
            select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name)
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
