"""Every query for children goes through here, scoped to the member of staff asking."""

from flask import abort
from sqlalchemy import Select, select

from participation.auth.models import Role, Worker
from participation.auth.services import on_caseload
from participation.children.models import Child
from participation.extensions import db


def visible_children_stmt(worker: Worker) -> Select[tuple[Child]]:
    """Allocated workers see their own children; managers their team's; nobody else."""
    return on_caseload(select(Child), Child.allocated_worker_id, worker)


def children_visible_to(worker: Worker) -> list[Child]:
    return list(db.session.scalars(visible_children_stmt(worker).order_by(Child.name)))


def get_child_or_404(public_id: str, worker: Worker | None) -> Child:
    """404 (not 403) for a child the worker may not see: we don't confirm they exist."""
    if worker is None:
        abort(404)
    return db.first_or_404(visible_children_stmt(worker).where(Child.public_id == public_id))


def can_see_child(worker: Worker, child_id: int) -> bool:
    stmt = visible_children_stmt(worker).where(Child.id == child_id).with_only_columns(Child.id)
    return db.session.scalar(stmt) is not None


def allocatable_workers(worker: Worker) -> list[Worker]:
    """Who a new child may be allocated to by this person: themselves, or a manager's team."""
    if worker.role == Role.TEAM_MANAGER and worker.team_id is not None:
        stmt = (
            select(Worker)
            .where(
                Worker.team_id == worker.team_id,
                Worker.active.is_(True),
                Worker.role.in_([Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.TEAM_MANAGER]),
            )
            .order_by(Worker.name)
        )
        return list(db.session.scalars(stmt))
    if worker.role in (Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER):
        return [worker]
    return []


def create_child(
    *,
    name: str,
    date_of_birth,
    case_reference: str,
    preferred_language: str,
    communication_needs: str,
    allocated_worker: Worker,
) -> Child:
    child = Child(
        name=name,
        date_of_birth=date_of_birth,
        case_reference=case_reference,
        preferred_language=preferred_language,
        communication_needs=communication_needs,
        allocated_worker=allocated_worker,
    )
    db.session.add(child)
    return child
