"""For tests: run the queue by hand, so each test sees exactly what its jobs did."""

import asyncio
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text

from participation.extensions import db
from participation.jobs.queue import memory_queue, queue_app
from participation.jobs.threads import off_loop


def _bring_forward() -> None:
    memory = memory_queue()
    if memory is not None:
        for row in memory.jobs.values():
            if row["status"] == "todo":
                row["scheduled_at"] = None
    else:
        db.session.execute(
            text("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'")
        )
        db.session.commit()


def _finished() -> int:
    memory = memory_queue()
    if memory is not None:
        return sum(1 for row in memory.jobs.values() if row["status"] not in ("todo", "doing"))
    return db.session.scalar(
        text("SELECT count(*) FROM procrastinate_jobs WHERE status NOT IN ('todo', 'doing')")
    )


def run_jobs(include_scheduled: bool = False, rounds: int = 20) -> int:
    """Run every job that is due (or, with include_scheduled, every waiting job, as if its
    time had come) until none is left; how many ran."""
    before = _finished()
    for _ in range(rounds):
        if include_scheduled:
            _bring_forward()
        off_loop(asyncio.run, _work(), always=True)
        if not include_scheduled or not jobs_waiting():
            break
    db.session.expire_all()
    return _finished() - before


async def _work() -> None:
    # Only the test's own jobs: no housekeeping a real worker (or an earlier test that ran
    # one in this process) scheduled.
    periodic = queue_app.periodic_registry.periodic_tasks
    queue_app.periodic_registry.periodic_tasks = {}
    try:
        async with queue_app.open_async():
            await queue_app.run_worker_async(
                wait=False, install_signal_handlers=False, listen_notify=False
            )
    finally:
        queue_app.periodic_registry.periodic_tasks = periodic


def jobs_waiting(queue: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(task name, arguments) of every job not yet run."""
    memory = memory_queue()
    found: Sequence[Sequence[Any]]
    if memory is not None:
        rows = [r for r in memory.jobs.values() if r["status"] == "todo"]
        found = [(r["task_name"], r["args"], r["queue_name"]) for r in rows]
    else:
        db.session.commit()
        found = db.session.execute(
            text(
                "SELECT task_name, args, queue_name FROM procrastinate_jobs "
                "WHERE status = 'todo' ORDER BY id"
            )
        ).all()
    return [(name, args) for name, args, q in found if queue is None or q == queue]


def jobs_failed() -> list[tuple[str, dict[str, Any]]]:
    """(task name, arguments) of every job that ran out of retries, as the admin page lists."""
    from participation.jobs.services import failed_jobs

    db.session.commit()
    return [(job.task, job.args) for job in failed_jobs()]
