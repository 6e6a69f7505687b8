"""Who is asking: a signed-in member of staff, or a child on a device opened by a code."""

from flask import redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response

from participation.auth.models import Worker
from participation.extensions import db


def load_user(user_id: str) -> Worker | None:
    kind, _, raw = user_id.partition(":")
    if kind != "worker" or not raw.isdigit():
        return None
    worker = db.session.get(Worker, int(raw))
    return worker if worker and worker.active else None


def current_worker() -> Worker | None:
    """The signed-in member of staff, or None (children never have a Worker)."""
    return current_user if current_user.is_authenticated else None  # type: ignore[return-value]


def unauthorised():
    """htmx gets 401 with HX-Redirect (a 302 would be swapped into the page); others redirect."""
    target = url_for("auth.sign_in", next=request.full_path.rstrip("?"))
    if request.headers.get("HX-Request") == "true":
        return make_response("", 401, redirect=target)
    return redirect(target)
