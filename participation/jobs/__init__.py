"""Background work on a durable queue (Procrastinate): alerts, webhooks, translation, PDFs.

Nothing slow or outward-facing runs on a person's request: it is enqueued in the same
database transaction as the thing it belongs to, so a crash between the two can't lose it.
"""

from flask import Blueprint, Flask
from procrastinate import RetryStrategy

from participation.jobs import inprocess, queue
from participation.jobs.queue import enqueue, job, on_start

__all__ = ["RetryStrategy", "bp", "enqueue", "init_app", "job", "on_start"]

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs", cli_group="jobs")


def init_app(app: Flask) -> None:
    """Point the queue at this app's database; on the embedded default, run it in-process."""
    queue.init_app(app)
    if app.config["JOBS_RUN"] == "in-process":
        inprocess.start_on_first_request(app)
