"""Checking staff credentials without revealing which part was wrong."""

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from participation.auth.models import Role, Team, Worker
from participation.extensions import db

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
