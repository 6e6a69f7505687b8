"""A young person signing in: by password or a one-time code, and who is signed in."""

from datetime import timedelta

from flask import abort
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from participation.atomic import rows_changed
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import Kind
from participation.identity.services import sign_in_young_person, who_is_asking
from participation.jobs import enqueue
from participation.pathway.jobs import CODE_LIFETIME, PENDING, send_sign_in_code
from participation.pathway.models import OneTimeCode, YoungPerson
from participation.tokens import digest, normalise_code


def start_session(person: YoungPerson) -> None:
    """Sign this phone in as the young person (a new session row and session id; commits)."""
    sign_in_young_person(person)


# Made once with the same method and cost as real young people's passwords.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def check_password(username: str, password: str) -> YoungPerson | None:
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.username == username.strip().lower())
    )
    if person is None or not person.password_hash:
        # Exactly the work of a real check (one scrypt, no hashing of a new password), so the
        # time taken doesn't tell a stranger which sign-in names exist.
        check_password_hash(_DUMMY_HASH, password)
        return None
    return person if check_password_hash(person.password_hash, password) else None


# At most this many one-time codes work at once for a young person: each extra valid code
# is one more chance for a guess to land, so a new one beyond this stops the oldest.
MAX_VALID_CODES = 3


# Codes sent to one name: at most one a minute and five an hour. Past that nothing is sent
# and nothing is stopped, with the same answer as for a sent code: a stranger who knows a
# young person's sign-in name can't flood them with texts, or keep asking so that the code
# they have just been sent stops working.
CODE_SEND_GAP = timedelta(minutes=1)
CODE_SENDS_PER_HOUR = 5
# No young person has this id: an unknown name runs the same queries against it.
_NOBODY = -1


def send_one_time_code(username: str) -> None:
    """Ask for a code to be sent to the contact the young person chose; says nothing about
    who exists. The code itself is made and sent by a job (participation/pathway/jobs.py),
    so a slow or down provider never slows or fails this page."""
    now = utcnow()
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.username == username.strip().lower())
    )
    # Privacy: an unknown name (or one with nowhere to send to) makes the same database
    # round trips as a real one, and nothing here waits on the provider, so the time taken
    # says little about which names exist.
    person_id = person.id if person is not None and person.contact else _NOBODY
    recent = list(
        db.session.scalars(
            select(OneTimeCode.created_at)
            .where(
                OneTimeCode.young_person_id == person_id,
                OneTimeCode.created_at > now - timedelta(hours=1),
            )
            .order_by(OneTimeCode.created_at.desc())
            .limit(CODE_SENDS_PER_HOUR)
        )
    )
    valid = list(
        db.session.scalars(
            select(OneTimeCode)
            .where(
                OneTimeCode.young_person_id == person_id,
                OneTimeCode.used_at.is_(None),
                OneTimeCode.expires_at > now,
            )
            .order_by(OneTimeCode.created_at.desc(), OneTimeCode.id.desc())
        )
    )
    issue = (
        person_id != _NOBODY
        and len(recent) < CODE_SENDS_PER_HOUR
        and (not recent or recent[0] <= now - CODE_SEND_GAP)
    )
    if issue:
        # Each extra valid code is one more chance for a guess to land, so a new one beyond
        # MAX_VALID_CODES stops the oldest (never one under a minute old: see the gap above).
        for row in valid[MAX_VALID_CODES - 1 :]:
            row.expires_at = now
        # Privacy: no code yet, only a row that no typed code matches (PENDING). The job
        # makes the code and keeps just its hash, so the plain code is never stored, not
        # even in the job's arguments. The row counts towards the limits above at once.
        pending = OneTimeCode(
            young_person_id=person_id,
            code_hash=PENDING,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        db.session.add(pending)
        db.session.flush()
        # In this transaction: the request and its job are saved together or not at all.
        enqueue(send_sign_in_code, code_id=pending.id)
    db.session.commit()


def use_one_time_code(username: str, code: str) -> YoungPerson | None:
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.username == username.strip().lower())
    )
    if person is None:
        return None
    row_id = db.session.scalar(
        select(OneTimeCode.id).where(
            OneTimeCode.young_person_id == person.id,
            OneTimeCode.code_hash == digest(normalise_code(code)),
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > utcnow(),
        )
    )
    if row_id is None:
        return None
    # One conditional statement (as tokens.claim_once): if two phones race with the same
    # code, exactly one gets in.
    claimed = rows_changed(
        update(OneTimeCode)
        .where(OneTimeCode.id == row_id, OneTimeCode.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed != 1:
        db.session.rollback()
        return None
    return person


def current_young_person() -> YoungPerson | None:
    """The young person signed in on this phone (the identity layer decides)."""
    identity = who_is_asking()
    if identity is None or identity.kind != Kind.YOUNG_PERSON:
        return None
    assert isinstance(identity.person, YoungPerson)
    return identity.person


def require_young_person() -> YoungPerson:
    person = current_young_person()
    if person is None:
        abort(404)
    return person
