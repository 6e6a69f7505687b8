"""Moving one child, or a worker's whole caseload, to another worker: scoped to who is
asking, audited, and put on the child's record for the council's case system."""

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from participation.audit.services import record
from participation.auth.models import Role, Worker
from participation.caserecord.kinds import RecordKind, register
from participation.children.models import Child
from participation.children.services import allocatable_workers
from participation.children.transfer_models import CaseTransfer
from participation.extensions import db

KIND = "case_transfer"
SCHEMA = "participation.case-transfer.v1"
# Who a case may be held by: the roles a new child may be allocated to.
CASEHOLDERS = (Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.TEAM_MANAGER)


def may_transfer(worker: Worker | None) -> bool:
    """Admins (for any team: a worker leaving) and team managers (for their own team)."""
    return worker is not None and (
        worker.role == Role.ADMIN
        or (worker.role == Role.TEAM_MANAGER and worker.team_id is not None)
    )


def require_transferrer(worker: Worker | None) -> Worker:
    if worker is None or not may_transfer(worker):
        abort(403)
    return worker


def all_caseholders() -> list[Worker]:
    """Every active account that may hold a case, for an admin (the whole council)."""
    stmt = (
        select(Worker)
        .where(Worker.active.is_(True), Worker.role.in_(CASEHOLDERS))
        .order_by(Worker.name, Worker.id)
    )
    return list(db.session.scalars(stmt))


def receivers(by: Worker) -> list[Worker]:
    """Who this person may move cases to: anyone for an admin, their own team for a manager."""
    return all_caseholders() if by.role == Role.ADMIN else allocatable_workers(by)


def get_holder_or_404(worker_id: int, by: Worker) -> Worker:
    """The worker whose caseload is moved: any for an admin, their own team's for a manager."""
    worker = db.session.get(Worker, worker_id)
    if worker is None or worker.role not in CASEHOLDERS:
        abort(404)
    if by.role != Role.ADMIN and worker.team_id != by.team_id:
        abort(404)  # not confirming another team's staff
    return worker


def caseload(holder: Worker) -> list[Child]:
    """The children allocated to this worker (a caseload is tens of children, not thousands)."""
    stmt = (
        select(Child).where(Child.allocated_worker_id == holder.id).order_by(Child.name, Child.id)
    )
    return list(db.session.scalars(stmt))


def transfer(children: list[Child], to: Worker, by: Worker, reason: str) -> list[CaseTransfer]:
    """Each child's allocated worker becomes `to`. The child's own screens name their worker
    from the allocation, so from their next page they see who their new worker is."""
    from participation.caserecord.services import register as on_record

    done = []
    for child in children:
        before = child.allocated_worker
        if before.id == to.id:
            continue
        moved = CaseTransfer(
            child=child,
            from_worker_id=before.id,
            to_worker_id=to.id,
            by_worker_id=by.id,
            from_name=before.name,
            to_name=to.name,
            by_name=by.name,
            reason=reason.strip(),
        )
        db.session.add(moved)
        child.allocated_worker = to
        db.session.flush()
        # Ids only in the detail: the audit trail outlives the record and keeps no names.
        record(
            "transfer_child",
            child,
            KIND,
            moved.public_id,
            detail=f"worker {before.id} to worker {to.id}",
        )
        # On the record for the new worker's team's case system.
        on_record(
            KIND,
            moved.public_id,
            to.team_id,
            _("%(child)s: now allocated to %(worker)s", child=child.name, worker=to.name),
        )
        done.append(moved)
    return done


def transfers_of(child: Child) -> list[CaseTransfer]:
    """The child's allocation history, newest first, for their page."""
    stmt = (
        select(CaseTransfer)
        .where(CaseTransfer.child_id == child.id)
        .order_by(CaseTransfer.at.desc(), CaseTransfer.id.desc())
    )
    return list(db.session.scalars(stmt))


def transfer_document(moved: CaseTransfer) -> dict:
    """What the case record holds: the child, the old and the new worker, who and why."""
    child = moved.child
    return {
        "schema": SCHEMA,
        "id": moved.public_id,
        "tool": {"id": "transfer", "name": "Transfer of case"},
        "person": {
            "kind": "child",
            "id": child.public_id,
            "name": child.name,
            "case_reference": child.case_reference,
        },
        "at": moved.at.isoformat(),
        "from_worker": moved.from_name,
        "to_worker": moved.to_name,
        "by": moved.by_name,
        "reason": moved.reason or None,
    }


def _get_or_404(public_id: str, worker: Worker | None) -> CaseTransfer:
    from participation.children.services import get_child_or_404

    moved = db.first_or_404(select(CaseTransfer).where(CaseTransfer.public_id == public_id))
    get_child_or_404(moved.child.public_id, worker)  # only who may see the child
    return moved


CASE_TRANSFER = register(
    RecordKind(
        name=KIND,
        model=CaseTransfer,
        get_or_404=_get_or_404,
        subjects=lambda moved: [("child", moved.child.public_id)],
        api_name="case_transfer",
        document=transfer_document,
    )
)
