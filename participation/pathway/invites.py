"""Inviting a young person: a link and a code, swapped for a sign-in name and password."""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind
from participation.identity.services import end_sessions_for
from participation.pathway.models import YoungPerson, YoungPersonInvite
from participation.pathway.sign_in import start_session
from participation.problems import Refused
from participation.tokens import claim_once, digest, find_open_invite, new_code, new_token


def issue_invite(person: YoungPerson) -> tuple[str, str]:
    now = utcnow()
    db.session.execute(
        update(YoungPersonInvite)
        .where(
            YoungPersonInvite.young_person_id == person.id, YoungPersonInvite.revoked_at.is_(None)
        )
        .values(revoked_at=now)
    )
    link, code = new_token(), new_code()
    db.session.add(
        YoungPersonInvite(
            young_person=person,
            link_hash=digest(link),
            code_hash=digest(code),
            expires_at=now + current_app.config["INVITE_TTL"],
        )
    )
    return link, code


def find_invite(*, link: str | None = None, code: str | None = None) -> YoungPersonInvite | None:
    return find_open_invite(YoungPersonInvite, link=link, code=code)


def accept_invite(invite: YoungPersonInvite, username: str, password: str) -> None:
    username = username.strip().lower()
    taken = db.session.scalar(
        select(YoungPerson.id).where(
            YoungPerson.username == username, YoungPerson.id != invite.young_person_id
        )
    )
    if taken:
        raise Refused(_("That name is already used. Please choose another."), 422)
    if not claim_once(YoungPersonInvite, invite.id, utcnow()):
        raise Refused(_("That invitation has already been used."), 422)
    person = invite.young_person
    person.username = username
    person.password_hash = generate_password_hash(password)
    # A new invitation and password (often after losing a phone): every phone signed in
    # before now is signed out, so a lost or stolen one can't go on reading the plan.
    end_sessions_for(Kind.YOUNG_PERSON, person.id)
    start_session(person)
