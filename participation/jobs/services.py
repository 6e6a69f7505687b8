"""What an admin sees of the queue: jobs that ran out of retries, and running one again."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import abort
from flask_babel import lazy_gettext as _l
from procrastinate.testing import InMemoryConnector
from sqlalchemy import text

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
    found = db.session.execute(
        text(
            "SELECT j.id, j.task_name, j.queue_name, j.attempts, j.args, "
            "(SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) "
            "FROM procrastinate_jobs j WHERE j.status = 'failed' ORDER BY j.id DESC LIMIT :n"
        ),
        {"n": limit},
    ).all()
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
