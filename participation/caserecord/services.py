"""Registering record entries, their deadlines, and what an API client may pull."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from datetime import date, timedelta

from flask import abort, current_app, request
from sqlalchemy import func, select

from participation.caserecord.kinds import entry_kind, kind
from participation.caserecord.models import ApiClient, RecordEntry
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs import RetryStrategy, enqueue, job, on_start
from participation.links import external_url
from participation.paging import Page, offset_page
from participation.tokens import digest, new_token


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


def register(kind_name: str, object_id: str, team_id: int | None, label: str, urgent: bool = False):
    """Called when something is ready for the record. The webhook is queued in the same
    transaction, so a crash after the save can't lose it and a save that fails sends nothing."""
    kind(kind_name)  # a registered kind, or a KeyError before anything is saved
    now = utcnow()
    entry = RecordEntry(
        kind=kind_name,
        object_id=object_id,
        team_id=team_id,
        label=label[:300],
        urgent=urgent,
        ready_at=now,
        due_by=add_working_days(now.date(), 1 if urgent else 5, _holidays()),
    )
    db.session.add(entry)
    db.session.flush()
    if current_app.config.get("WEBHOOK_URL"):
        enqueue(deliver_webhook, entry_id=entry.id, queueing_lock=f"webhook:{entry.id}")
    return entry


# Back-off between webhook attempts, 3 s growing to about 16 hours (about a day in all);
# after the last, the entry can still be pulled by the API and an admin can retry the job.
WEBHOOK_RETRY = RetryStrategy(max_attempts=10, exponential_wait=3)


@job(queue="outward", retry=WEBHOOK_RETRY)
def deliver_webhook(entry_id: int) -> None:
    """Optional signed webhook so a case system need not poll. Never runs on the person's
    request, so a slow or broken receiver can't slow or fail their save."""
    entry = db.session.get(RecordEntry, entry_id)
    if entry is None or entry.notified_at is not None or not current_app.config.get("WEBHOOK_URL"):
        # Deleted since (retention), already sent (a retried job), or the council switched
        # it off. Only a worker killed between the receiver's answer and this commit can send
        # twice; the payload's id lets the receiver see it already has the entry.
        return
    try:
        _deliver(entry)
    except OSError as error:
        entry.notify_attempts += 1
        entry.notify_error = str(error)[:300]
        db.session.commit()
        current_app.logger.warning(
            "webhook for record entry %s failed (attempt %d); it can still be pulled",
            entry.id,
            entry.notify_attempts,
        )
        raise
    entry.notified_at, entry.notify_error = utcnow(), ""
    db.session.commit()


@on_start
def requeue_unsent_webhooks() -> None:
    """An in-memory queue lost its jobs when the app restarted: queue the unsent webhooks
    still inside the retry window again."""
    if not current_app.config.get("WEBHOOK_URL"):
        return
    unsent = select(RecordEntry.id).where(
        RecordEntry.notified_at.is_(None),
        RecordEntry.notify_attempts <= WEBHOOK_RETRY.max_attempts,
        RecordEntry.ready_at >= utcnow() - timedelta(days=2),
    )
    for entry_id in db.session.scalars(unsent):
        enqueue(deliver_webhook, entry_id=entry_id, queueing_lock=f"webhook:{entry_id}")
    db.session.commit()


def _deliver(entry: RecordEntry) -> None:
    url = current_app.config["WEBHOOK_URL"]
    body = json.dumps(
        {
            "id": entry.object_id,
            "kind": entry_kind(entry.kind).api_name,
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
    try:
        with urllib.request.urlopen(req, timeout=10):  # noqa: S310
            pass
    except urllib.error.HTTPError as error:
        # Closed here: the queue keeps the exception, and with it the answer's open socket.
        error.close()
        raise OSError(f"HTTP {error.code} {error.reason}") from None


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
    return db.first_or_404(
        select(RecordEntry).where(
            RecordEntry.object_id == object_id, RecordEntry.team_id == client.team_id
        )
    )


def overdue_for_team(team_id: int | None) -> Page[RecordEntry]:
    """One page of the team's entries past their deadline, the longest overdue first (paged
    by offset: due_by is a date shared by many rows), with how many there are in all."""
    late = (
        RecordEntry.team_id == team_id,
        RecordEntry.filed_at.is_(None),
        RecordEntry.due_by < date.today(),
    )
    total = db.session.scalar(select(func.count(RecordEntry.id)).where(*late))
    stmt = select(RecordEntry).where(*late).order_by(RecordEntry.due_by, RecordEntry.id)
    return offset_page(stmt, total)


def team_of_worker_id(worker_id: int) -> int | None:
    from participation.auth.models import Worker

    worker = db.session.get(Worker, worker_id)
    return worker.team_id if worker else None


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


def tell_again(kinds: tuple[str, ...], object_id: str) -> None:
    """An entry already on the record changed: its webhook is sent anew, if it was filed."""
    entry = db.session.scalar(
        select(RecordEntry).where(RecordEntry.kind.in_(kinds), RecordEntry.object_id == object_id)
    )
    if entry is not None:
        queue_webhook(entry)


def queue_webhook(entry: RecordEntry) -> None:
    """Tell the case system again about an entry that changed (an alert picked up): the
    webhook is sent anew, in the same transaction as the change."""
    if not current_app.config.get("WEBHOOK_URL"):
        return
    # deliver_webhook skips an entry already notified: this is a new notice, not a retry.
    entry.notified_at, entry.notify_attempts, entry.notify_error = None, 0, ""
    enqueue(deliver_webhook, entry_id=entry.id, queueing_lock=f"webhook:{entry.id}")
