"""Housekeeping the queue needs to keep its promises: a job whose worker died mid-run (killed,
out of memory, machine lost) runs again; old finished jobs are cleared away."""

import os

from participation.jobs.queue import queue_app

# A worker that hasn't sent its heartbeat for this long is gone; its jobs run again. Every
# job is idempotent, so a slow-but-alive worker running one twice can't send twice.
STALLED_AFTER = float(os.environ.get("PARTICIPATION_JOBS_STALLED_AFTER", "30"))


async def retry_stalled() -> int:
    manager = queue_app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER))
    for found in stalled:
        await manager.retry_job(found)
    return len(stalled)


@queue_app.task(
    name="participation.jobs.retry_stalled_jobs", queue="alerts", queueing_lock="retry-stalled"
)
async def retry_stalled_jobs(timestamp: int) -> None:
    await retry_stalled()


@queue_app.task(name="participation.jobs.remove_old_jobs", queue="outward")
async def remove_old_jobs(timestamp: int) -> None:
    # Finished jobs only: the proof of who was told lives on our own rows (alert notices),
    # and failed jobs stay for the admin page until someone retries them.
    await queue_app.job_manager.delete_old_jobs(nb_hours=24 * 7)


_scheduled = False


def schedule() -> None:
    """Only real workers run the housekeeping (tests run the queue by hand, without it)."""
    global _scheduled
    if not _scheduled:
        queue_app.periodic(cron="* * * * * */15", periodic_id="retry-stalled")(retry_stalled_jobs)
        queue_app.periodic(cron="17 3 * * *", periodic_id="remove-old-jobs")(remove_old_jobs)
        _scheduled = True
