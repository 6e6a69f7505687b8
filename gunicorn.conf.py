"""gunicorn's settings for the app, read by `gunicorn wsgi:app` run from this folder (the
Procfile, the benchmarks). Command-line options still win over these."""

import gc

# Python's full garbage collection walks every object a process holds: the app's 270,000
# or so (SQLAlchemy's mappers, Babel's locale data, compiled templates, statement caches)
# took 107 ms, so now and then one request waited a tenth of a second for it (the council
# benchmark's worst p95s). Once a worker has loaded the app, and again once its first
# requests have built what it keeps, those objects are frozen: Python never walks them
# again, and a full collection of what requests make takes under a millisecond.
FREEZE_AFTER_REQUESTS = (100, 1000)

_served = 0


def post_worker_init(worker) -> None:
    gc.collect()  # garbage first, so none of it is kept for good (before any request)
    gc.freeze()


def post_request(worker, req, environ, resp) -> None:
    global _served
    _served += 1
    if _served in FREEZE_AFTER_REQUESTS:
        # Only the young generations are collected first: a full collection here would be
        # the very stall this avoids, for the next request this worker takes. A request's
        # own garbage is young; what is old by now is what the worker keeps.
        gc.collect(1)
        gc.freeze()
