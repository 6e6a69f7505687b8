"""Staff sign-in through Flask-Login, on top of the identity layer (participation.identity)."""

from flask import abort, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response

from participation.auth.models import Worker
from participation.htmx import is_htmx
from participation.inputs import whole_number


def load_user(user_id: str) -> Worker | None:
    """The worker only while their session row is live: signed out, ended from another
    device, or switched off, and a kept copy of the cookie no longer works."""
    from participation.identity.models import Kind
    from participation.identity.services import current_row

    kind, _, raw = user_id.partition(":")
    worker_id = whole_number(raw)
    if kind != "worker" or worker_id is None:
        return None
    row = current_row()
    if row is None or row.kind != Kind.WORKER or row.worker_id != worker_id:
        return None
    return row.worker


def start_page(worker: Worker) -> str:
    """Where each member of staff starts: their own work, never a list they have no part in."""
    from participation.auth.models import Role

    if worker.role == Role.INTERPRETER:
        return url_for("translation.queue")
    if worker.role == Role.ADMIN:
        # Admins manage accounts and see no casework.
        return url_for("admin.accounts")
    return url_for("review.queue")


def worker_or_none() -> Worker | None:
    """The signed-in member of staff, or None (children never have a Worker): the identity
    layer's answer, narrowed to staff."""
    from participation.identity.models import Kind
    from participation.identity.services import who_is_asking

    identity = who_is_asking()
    if identity is None or identity.kind != Kind.WORKER or not current_user.is_authenticated:
        return None
    assert isinstance(identity.person, Worker)
    return identity.person


def current_worker() -> Worker:
    """The signed-in member of staff, for views behind login_required; anyone else is sent to
    sign in, as login_required would."""
    from participation.extensions import login_manager

    worker = worker_or_none()
    if worker is None:
        abort(login_manager.unauthorized())
    return worker


def unauthorised():
    """htmx gets 401 with HX-Redirect (a 302 would be swapped into the page); others redirect."""
    target = url_for("auth.sign_in", next=request.full_path.rstrip("?"))
    if is_htmx(boosted=True):
        return make_response("", 401, redirect=target)
    return redirect(target)
