"""What an admin sees of the queue: jobs that ran out of retries, and running one again."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l
from procrastinate.testing import InMemoryConnector
from sqlalchemy import column, func, literal_column, select, table, text
from sqlalchemy.dialects.postgresql import JSONB

from participation.extensions import db
from participation.jobs.queue import memory_queue, queue_app

# Plain names for the admin page; a task not listed shows its code name.
TASK_NAMES = {
    "participation.alerts.jobs.send_notice": _l("Urgent alert message"),
    "participation.alerts.jobs.escalate": _l("Urgent alert escalation"),
    "participation.alerts.jobs.check_delivery": _l("Urgent alert delivery check"),
    "participation.caserecord.services.deliver_webhook": _l("Case record webhook"),
    "participation.translation.services.machine_translate_job": _l("Machine translation"),
    "participation.record.pdfs.render_record_pdf": _l("Record PDF"),
    "participation.pathway.jobs.send_sign_in_code": _l("Young person's sign-in code"),
}


# procrastinate's own tables, as far as the admin page reads them (its schema, not ours).
_JOBS = table(
    "procrastinate_jobs",
    column("id"), column("task_name"), column("queue_name"), column("attempts"),
    column("args", JSONB), column("status"),
)  # fmt: skip
_EVENTS = table("procrastinate_events", column("job_id"), column("at"))


@dataclass
class FailedJob:
    id: int
    task: str
    queue: str
    attempts: int
    args: dict[str, Any]
    when: datetime | None

    @property
    def label(self) -> str:
        return str(TASK_NAMES.get(self.task, self.task))


def failed_jobs(limit: int = 200) -> list[FailedJob]:
    memory = memory_queue()
    if memory is not None:
        rows = [r for r in memory.jobs.values() if r["status"] == "failed"]
        return [
            FailedJob(r["id"], r["task_name"], r["queue_name"], r["attempts"], r["args"],
                      _last_event(memory, r["id"]))
            for r in sorted(rows, key=lambda r: -r["id"])[:limit]
        ]  # fmt: skip
    jobs, events = _JOBS.alias("j"), _EVENTS.alias("e")
    last_event = select(func.max(events.c.at)).where(events.c.job_id == jobs.c.id).scalar_subquery()
    # Built as a SELECT, not text(): a page that only read keeps its prepared statements
    # (statement_cache.py counts any text() as a possible write).
    found = db.session.execute(
        select(
            jobs.c.id, jobs.c.task_name, jobs.c.queue_name, jobs.c.attempts, jobs.c.args,
            last_event,
        )
        # A constant in the SQL: the column is procrastinate's own enum type, not text.
        .where(jobs.c.status == literal_column("'failed'"))
        .order_by(jobs.c.id.desc())
        .limit(limit)
    ).all()  # fmt: skip
    return [FailedJob(*row) for row in found]


def _last_event(memory: InMemoryConnector, job_id: int) -> datetime | None:
    events = memory.events.get(job_id) or []
    return events[-1]["at"] if events else None


def retry_failed(job_id: int) -> None:
    """Run it again now; only a failed job (a waiting or running one is left alone)."""
    if not any(j.id == job_id for j in failed_jobs(limit=10_000)):
        abort(404)
    memory = memory_queue()
    if memory is not None:
        from participation.jobs.threads import off_loop

        off_loop(queue_app.job_manager.retry_job_by_id, job_id, retry_at=datetime.now(UTC))
        return
    db.session.execute(
        text("SELECT procrastinate_retry_job_v2(:id, now(), NULL, NULL, NULL)"), {"id": job_id}
    )
