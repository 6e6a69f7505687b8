"""Background work on a durable queue (Procrastinate): alerts, webhooks, translation, PDFs.

Nothing slow or outward-facing runs on a person's request: it is enqueued in the same
database transaction as the thing it belongs to, so a crash between the two can't lose it.
"""

from flask import Blueprint
from procrastinate import RetryStrategy

from participation.jobs.queue import enqueue, job, on_start

__all__ = ["RetryStrategy", "bp", "enqueue", "job", "on_start"]

bp = Blueprint("jobs", __name__, cli_group="jobs")
