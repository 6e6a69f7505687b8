"""Sending a young person's one-time sign-in code, off the request path (issue #11).

The request that asks for a code stores a OneTimeCode row with no code in it yet
(`PENDING`) and enqueues `send_sign_in_code` in the same transaction; this job makes the
code, keeps only its keyed hash, and sends the plain code. So the plain code is never in
the database or in the job's arguments, and a slow or down GOV.UK Notify costs the young
person's page nothing.

Exactly once, as near as a provider allows: the hash is committed before the provider is
called, under a reference made from it. A run that finds a hash already there (a provider
timeout, or a worker killed mid-call) asks the provider for that reference first, and if the
message went it stops. If it did not go, the plain code is gone (never stored), so the retry
makes a fresh one that replaces the earlier hash in the same row: whatever was sent, only the
latest code works, and one request never leaves two valid codes.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from participation.atomic import lock
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs import RetryStrategy, enqueue, job, on_start
from participation.notifications import PermanentFailure
from participation.pathway.models import OneTimeCode, YoungPerson
from participation.tokens import digest, display_code, new_code

# Stored until the job makes the code. No typed code hashes to "" (digest() is 64 hex
# characters), so a row waiting to be sent can never be used to sign in.
PENDING = ""
# A code works for this long from when it is sent, as its message says.
CODE_LIFETIME = timedelta(minutes=10)
# A code not sent within this long of asking is not sent at all: the young person has asked
# again or given up, and a code arriving much later, out of the blue, only confuses or worries.
SEND_WITHIN = timedelta(minutes=10)
# Retries at 2 s, 4 s ... 256 s: the last is about 8.5 minutes after asking, inside SEND_WITHIN.
CODE_RETRY = RetryStrategy(max_attempts=9, exponential_wait=2)


def reference_for(row: OneTimeCode) -> str:
    """Ours, one per code made, so a retry can ask the provider whether this code went.
    Privacy: from the keyed hash, hashed again, so nothing of the code reaches the provider's
    records beyond the message itself."""
    return f"sign-in-code-{row.id}-{digest(f'reference {row.code_hash}')[:16]}"


@job(queue="alerts", retry=CODE_RETRY)
def send_sign_in_code(code_id: int) -> None:
    """Make the code, keep its hash, send it; safe to run again (see the module docstring)."""
    from participation.notify import already_sent, deliver

    row = db.session.get(OneTimeCode, code_id)
    if row is None:
        return  # deleted (the young person's records were removed)
    seen = row.code_hash
    # Asked before taking the row's lock: a provider call must never hold up the young
    # person's own request for another code.
    if seen != PENDING and already_sent(reference_for(row)):
        db.session.commit()
        return
    lock(row)
    now = utcnow()
    person = db.session.get(YoungPerson, row.young_person_id)
    # Used, stopped by newer codes (MAX_VALID_CODES), or made by another run meanwhile.
    if row.used_at is not None or row.expires_at <= now or row.code_hash != seen or person is None:
        db.session.commit()
        return
    if not person.contact or row.created_at <= now - SEND_WITHIN:
        _give_up(row, now, "too late, or nowhere to send it")
        return
    code = new_code()
    # Only the latest code made for this request works: a fresh hash replaces any earlier one.
    row.code_hash, row.expires_at = digest(code), now + CODE_LIFETIME
    reference = reference_for(row)
    contact, language = person.contact, person.preferred_language
    db.session.commit()
    # The text message goes in the young person's own language, whatever the page was in.
    with force_locale(language):
        text = _(
            "Your participation sign-in code is %(code)s. It works once, for 10 minutes.",
            code=display_code(code),
        )
    try:
        deliver(contact, text, reference)
    except PermanentFailure as error:
        # A number or address the provider refuses: trying again won't help. The page said
        # the same as for a sent code (privacy), so the young person just asks again later.
        db.session.rollback()
        _give_up(db.session.get(OneTimeCode, code_id), utcnow(), str(error))
        return
    # TemporaryFailure propagates: the queue retries, and the retry asks before resending.
    # The development provider keeps its copy in this session.
    db.session.commit()


def _give_up(row: OneTimeCode | None, now, why: str) -> None:
    """Stop the code (it can't have arrived, or arrived too late). Privacy: the log names
    the row, never the contact or the code."""
    if row is not None:
        row.expires_at = now
    db.session.commit()
    current_app.logger.warning("sign-in code %s not sent: %s", row.id if row else "?", why)


@on_start
def rearm() -> None:
    """After a restart of the embedded queue, codes asked for in the last minutes still go
    (a run whose code already went finds it by reference and stops)."""
    now = utcnow()
    waiting = db.session.scalars(
        select(OneTimeCode.id).where(
            OneTimeCode.used_at.is_(None),
            OneTimeCode.expires_at > now,
            OneTimeCode.created_at > now - SEND_WITHIN,
        )
    ).all()
    for code_id in waiting:
        enqueue(send_sign_in_code, code_id=code_id)
    db.session.commit()
