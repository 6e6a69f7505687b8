"""Registering record entries, their deadlines, and what an API client may pull."""

import hashlib
import hmac
import json
import urllib.request
from datetime import date, timedelta

from flask import abort, current_app, request
from sqlalchemy import select

from participation.caserecord.models import ApiClient, RecordEntry
from participation.db_types import utcnow
from participation.extensions import db
from participation.links import external_url
from participation.tokens import digest, new_token

KINDS = ("child_activity", "journal_entry", "pathway_plan", "worry_alert")


def add_working_days(start: date, days: int, holidays: set[date]) -> date:
    """Weekends and bank holidays are not working days."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            days -= 1
    return current


def _holidays() -> set[date]:
    return {date.fromisoformat(d) for d in current_app.config["BANK_HOLIDAYS"]}


def register(kind: str, object_id: str, team_id: int | None, label: str, urgent: bool = False):
    """Called when something is ready for the record; the webhook is sent after commit."""
    now = utcnow()
    entry = RecordEntry(
        kind=kind,
        object_id=object_id,
        team_id=team_id,
        label=label[:300],
        urgent=urgent,
        ready_at=now,
        due_by=add_working_days(now.date(), 1 if urgent else 5, _holidays()),
        # If the in-line send never happens (a crash right after the save), the retry job
        # still finds it.
        notify_next_at=now + RETRY_AFTER[0] if current_app.config.get("WEBHOOK_URL") else None,
    )
    db.session.add(entry)
    return entry


# Back-off between webhook attempts; after the last, the entry can still be pulled by the API.
RETRY_AFTER = [
    timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1),
    timedelta(hours=3), timedelta(hours=6), timedelta(hours=12), timedelta(hours=24),
]  # fmt: skip


def notify_ready(entry: RecordEntry) -> None:
    """Optional signed webhook so a case system need not poll. Never fails the person's save."""
    if not current_app.config.get("WEBHOOK_URL") or entry.notified_at is not None:
        return
    try:
        _deliver(entry)
    except OSError as error:
        entry.notify_attempts += 1
        entry.notify_error = str(error)[:300]
        step = entry.notify_attempts - 1
        entry.notify_next_at = (
            utcnow() + RETRY_AFTER[step] if step < len(RETRY_AFTER) else None  # given up
        )
        current_app.logger.warning(
            "webhook for record entry %s failed (attempt %d); it can still be pulled",
            entry.id,
            entry.notify_attempts,
        )
    else:
        entry.notified_at, entry.notify_next_at, entry.notify_error = utcnow(), None, ""
    db.session.commit()


def retry_webhooks(limit: int = 200) -> tuple[int, int]:
    """Send the webhooks that are due again; (sent, failed). Safe with several app servers:
    each row is locked while it is sent, and rows another server holds are skipped."""
    sent = failed = 0
    for _ in range(limit):
        entry = db.session.scalar(
            select(RecordEntry)
            .where(RecordEntry.notified_at.is_(None), RecordEntry.notify_next_at <= utcnow())
            .order_by(RecordEntry.notify_next_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if entry is None:
            break
        notify_ready(entry)  # commits, which releases the lock
        if entry.notified_at is None:
            failed += 1
        else:
            sent += 1
    return sent, failed


def _deliver(entry: RecordEntry) -> None:
    url = current_app.config["WEBHOOK_URL"]
    body = json.dumps(
        {
            "id": entry.object_id,
            "kind": entry.kind,
            "cursor": entry.id,
            "urgent": entry.urgent,
            "due_by": entry.due_by.isoformat(),
            # Where to fetch it: on the configured base URL, whatever request raised it.
            "url": external_url("caserecord.get_entry", object_id=entry.object_id),
        }  # fmt: skip
    ).encode()
    secret = current_app.config["WEBHOOK_SECRET"].encode()
    signature = hmac.new(secret, body, hashlib.sha256).hexdigest()
    req = urllib.request.Request(  # noqa: S310  (URL set by the council's configuration)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Participation-Signature": f"sha256={signature}",
        },
    )
    with urllib.request.urlopen(req, timeout=3):  # noqa: S310  (HTTP errors raise OSError)
        pass


# API clients -------------------------------------------------------------------------------


def create_client(name: str, team_id: int) -> tuple[ApiClient, str]:
    token = new_token()
    client = ApiClient(name=name, team_id=team_id, token_hash=digest(token))
    db.session.add(client)
    return client, token


def authenticated_client() -> ApiClient:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        abort(401)
    client = db.session.scalar(select(ApiClient).where(ApiClient.token_hash == digest(token)))
    if client is None or client.revoked_at is not None:
        abort(401)
    return client


def entries_since(client: ApiClient, cursor: int, limit: int) -> list[RecordEntry]:
    stmt = (
        select(RecordEntry)
        .where(RecordEntry.team_id == client.team_id, RecordEntry.id > cursor)
        .order_by(RecordEntry.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def entry_for_client_or_404(client: ApiClient, object_id: str) -> RecordEntry:
    entry = db.session.scalar(
        select(RecordEntry).where(
            RecordEntry.object_id == object_id, RecordEntry.team_id == client.team_id
        )
    )
    if entry is None:
        abort(404)
    return entry


def overdue_for_team(team_id: int | None) -> list[RecordEntry]:
    stmt = (
        select(RecordEntry)
        .where(
            RecordEntry.team_id == team_id,
            RecordEntry.filed_at.is_(None),
            RecordEntry.due_by < date.today(),
        )
        .order_by(RecordEntry.due_by)
    )
    return list(db.session.scalars(stmt))


def team_of_worker_id(worker_id: int) -> int | None:
    from participation.auth.models import Worker

    worker = db.session.get(Worker, worker_id)
    return worker.team_id if worker else None


def notify_ready_for(object_id: str) -> None:
    entry = db.session.scalar(select(RecordEntry).where(RecordEntry.object_id == object_id))
    if entry is not None:
        notify_ready(entry)


def team_of_family(family_id: int) -> int | None:
    """A family's entries belong to the team of its children's (or young person's) worker."""
    from participation.children.models import Child
    from participation.pathway.models import YoungPerson

    child = db.session.scalar(select(Child).where(Child.family_id == family_id).limit(1))
    if child is not None:
        return team_of_worker_id(child.allocated_worker_id)
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.family_id == family_id).limit(1)
    )
    return team_of_worker_id(person.personal_adviser_id) if person else None
