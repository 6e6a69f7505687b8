"""The embedded default: a worker thread inside the app process, so `./scripts/dev` sends
alerts with no other service running. Production runs `flask jobs worker` instead."""

import asyncio
import contextlib
import threading

from flask import Flask

from participation.jobs.queue import queue_app, starters

_started = threading.Lock()
_thread: threading.Thread | None = None
_loop: asyncio.AbstractEventLoop | None = None
_task: "asyncio.Task[None] | None" = None


def start_on_first_request(app: Flask) -> None:
    @app.before_request
    def _start_worker() -> None:
        start(app)


def start(app: Flask) -> None:
    """Once per process: re-arm unfinished work (memory kept none of it), then run jobs."""
    global _thread
    with _started:
        if _thread is not None and _thread.is_alive():
            return
        if _thread is not None:
            # The worker thread died (it logged why): start again rather than go quiet.
            app.logger.error("the in-process job worker had stopped; starting it again")
        with app.app_context():
            for rearm in starters():
                rearm()
        _thread = threading.Thread(target=_run, name="participation-jobs", daemon=True)
        _thread.start()
        app.logger.info("jobs run in this process (embedded default)")


def _run() -> None:
    from participation.jobs import maintenance

    maintenance.schedule()

    async def work() -> None:
        global _loop, _task
        _loop, _task = asyncio.get_running_loop(), asyncio.current_task()
        async with queue_app.open_async():
            await queue_app.run_worker_async(
                install_signal_handlers=False,
                concurrency=4,
                fetch_job_polling_interval=1,
                delete_jobs="successful",
            )

    with contextlib.suppress(asyncio.CancelledError):
        asyncio.run(work())


def stop(timeout: float = 10) -> None:
    """For tests: end the worker thread, so it can't take jobs meant for the next app."""
    global _thread
    with _started:
        if _thread is None:
            return
        if _loop is not None and _task is not None:
            _loop.call_soon_threadsafe(_task.cancel)
        _thread.join(timeout)
        _thread = None
