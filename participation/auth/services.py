"""Checking staff credentials without revealing which part was wrong."""

from typing import Any, TypeVar

from sqlalchemy import Select, any_, false, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from participation.auth.models import Role, Team, Worker
from participation.extensions import db

T = TypeVar("T", bound=tuple[Any, ...])

# Compared against when the email is unknown, so a wrong email takes as long as a wrong
# password and response time does not reveal who has an account.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def authenticate(email: str, password: str) -> Worker | None:
    worker = db.session.scalar(select(Worker).where(func.lower(Worker.email) == email.lower()))
    if worker is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    # The hash is checked before `active`, so a switched-off account answers as slowly as any.
    if not worker.check_password(password) or not worker.active:
        return None
    return worker


def active_worker(worker_id: int) -> Worker | None:
    """The account a half-finished sign-in belongs to, if it has not been switched off since."""
    worker = db.session.get(Worker, worker_id)
    return worker if worker is not None and worker.active else None


def create_worker(
    email: str, name: str, role: Role, password: str, team: Team | None = None
) -> Worker:
    worker = Worker(email=email.lower(), name=name, role=role, team=team)
    worker.set_password(password)
    db.session.add(worker)
    return worker


def get_or_create_team(name: str) -> Team:
    team = db.session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        db.session.add(team)
    return team


def on_caseload(stmt: Select[T], allocated: Any, worker: Worker) -> Select[T]:
    """Who a member of staff may see, by the column naming the worker allocated to them:
    their own (social workers, personal advisers), their team's (team managers), or nobody."""
    if worker.role in (Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER):
        return stmt.where(allocated == worker.id)
    if worker.role == Role.TEAM_MANAGER and worker.team_id is not None:
        # A subquery, not a join: the same rows (Worker.id is unique), but a statement that
        # already joins worker keeps working, and PostgreSQL plans the team's few staff ids
        # first instead of hashing the whole table against worker.
        team = select(Worker.id).where(Worker.team_id == worker.team_id)
        if db.session.get_bind().dialect.name == "postgresql":
            # The same ids, as an array worked out before the outer query: PostgreSQL then
            # looks the team's children up through the index on the allocated worker, where
            # for IN (subquery) it guessed a tenth of the council and read every child (the
            # header badge does it three times on every manager's page).
            return stmt.where(allocated == any_(func.array(team.scalar_subquery())))
        return stmt.where(allocated.in_(team.scalar_subquery()))
    # Admins manage accounts, not casework: least privilege keeps them out of records.
    return stmt.where(false())
