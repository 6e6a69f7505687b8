"""`flask jobs worker`: the production job worker (run it as its own process, see README)."""

import asyncio
import os
import signal

import click
from flask import current_app

from participation.extensions import db
from participation.jobs import bp
from participation.jobs.queue import QUEUES, queue_app


@bp.cli.command("worker")
@click.option(
    "--queue",
    "queues",
    multiple=True,
    type=click.Choice(QUEUES),
    help="Default: every queue, with PDFs on a lane of their own.",
)
@click.option("--concurrency", default=2, show_default=True)
def worker(queues: tuple[str, ...], concurrency: int) -> None:
    """Run jobs until stopped (SIGTERM finishes the jobs in hand first)."""
    from participation.jobs import maintenance

    if current_app.config["JOBS_DATABASE"] != "postgresql":
        raise click.ClickException(
            "A separate worker needs PostgreSQL (DATABASE_URL). On SQLite, jobs run inside "
            "the app process."
        )
    maintenance.schedule()

    # Without --queue, one process runs two workers: PDFs (seconds each) on their own lane,
    # so two large ones can never take the slots an urgent alert needs.
    lanes = [list(queues)] if queues else [["alerts", "outward"], ["pdf"]]
    if lanes == [["pdf"]]:
        # A process that only renders PDFs yields the CPU to web pages and alerts on the same
        # machine (measured: benchmarks/pdf_isolation.py).
        os.nice(19)

    async def work() -> None:
        async with queue_app.open_async():
            # A worker that died before this one started may have left jobs half-done.
            await maintenance.retry_stalled()
            workers = [
                queue_app._worker(
                    queues=lane,
                    concurrency=1 if lane == ["pdf"] else concurrency,
                    name="participation-" + "-".join(lane),
                    update_heartbeat_interval=min(10.0, maintenance.STALLED_AFTER / 3),
                    stalled_worker_timeout=maintenance.STALLED_AFTER,
                    install_signal_handlers=False,
                )
                for lane in lanes
            ]
            # SIGTERM / SIGINT: every lane finishes the jobs in hand, then the process exits.
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, lambda: [w.stop() for w in workers])
            await asyncio.gather(*(w.run() for w in workers))

    asyncio.run(work())


@bp.cli.command("failed")
def failed() -> None:
    """List jobs that ran out of retries."""
    from participation.jobs.services import failed_jobs

    for row in failed_jobs():
        click.echo(f"{row.id}\t{row.task}\t{row.attempts}\t{row.when}")


@bp.cli.command("retry")
@click.argument("job_id", type=int)
def retry(job_id: int) -> None:
    """Run a failed job again now."""
    from participation.jobs.services import retry_failed

    retry_failed(job_id)
    db.session.commit()
    click.echo(f"job {job_id} will run again")
