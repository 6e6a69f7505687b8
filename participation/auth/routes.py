from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from participation.addresses import client_network
from participation.auth import bp, sso
from participation.auth.forms import SignInForm
from participation.auth.models import Worker
from participation.auth.services import active_worker, authenticate
from participation.auth.two_step import accept, new_secret, qr_data_uri
from participation.db_types import utcnow
from participation.extensions import db, limiter
from participation.identity.services import new_session_id, sign_in_worker
from participation.identity.services import sign_out as sign_out_everywhere
from participation.people import current_worker, start_page, worker_or_none
from participation.redirects import is_safe_path, safe_next
from participation.throttle import AccountThrottle, wait_page

PENDING = "two_step_pending"
SETUP = "two_step_setup"


def _safe_next(target: str | None) -> str:
    """Only same-site paths (one checked helper for every redirect target), else home."""
    worker = worker_or_none()
    return safe_next(target, start_page(worker) if worker else url_for("review.queue"))


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


# Per address here; per account with a growing wait (never a hard lock) in AccountThrottle,
# so a stranger's wrong tries can't shut a worker out of their own account.
@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        throttle = AccountThrottle("staff", form.email.data or "")
        if wait := throttle.wait_seconds():
            return wait_page("auth/sign_in.html", wait, form=form)
        worker = authenticate(form.email.data or "", form.password.data or "")
        if worker is None:
            throttle.failed()
        else:
            # New session on sign-in: no fixation, and no child's session carried over.
            session.clear()
            if worker.totp_secret:
                session[PENDING] = {"id": worker.id, "at": utcnow().timestamp()}
                new_session_id()  # an id planted before the password can't take the step
                # Only a checked target is carried on to the second step.
                target = request.args.get("next")
                return throttle.succeeded(
                    redirect(url_for(".second_step", next=target if is_safe_path(target) else None))
                )
            sign_in_worker(worker)
            return throttle.succeeded(redirect(_safe_next(request.args.get("next"))))
        form.password.errors.append(_("That email and password don't match. Please try again."))
        return render_template("auth/sign_in.html", form=form), 422
    status = 422 if request.method == "POST" else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.post("/sign-out")
@login_required
def sign_out():
    signed_in_there = session.get(sso.ID_TOKEN)
    # Ends the session row too: a copy of the cookie kept from before is refused.
    sign_out_everywhere()
    flash(_("You have signed out."))
    # Signed out here first, whatever the provider does; then out of the provider too.
    return redirect(sso.provider_sign_out(signed_in_there) or url_for("auth.sign_in"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def second_step():
    """The authenticator code, for staff who turned two-step sign-in on."""
    pending = session.get(PENDING)
    if not pending or utcnow().timestamp() - pending["at"] > 300:
        session.pop(PENDING, None)
        return redirect(url_for(".sign_in"))
    if request.method == "POST":
        worker = active_worker(pending["id"])
        throttle = AccountThrottle("staff_code", str(pending["id"]))
        if wait := throttle.wait_seconds():
            return wait_page("auth/second_step.html", wait)
        # Each code works once: one seen over a shoulder can't be used again.
        if worker and accept(worker, request.form.get("code", "")):
            db.session.commit()
            id_token = pending.get(sso.ID_TOKEN) or ""
            session.pop(PENDING, None)
            sign_in_worker(worker)
            sso.remember_provider_session(id_token)
            return throttle.succeeded(redirect(_safe_next(request.args.get("next"))))
        throttle.failed()
        return render_template("auth/second_step.html", error=True), 422
    return render_template("auth/second_step.html")


def _signed_in_key() -> str:
    """Guesses on the two-step page are counted per account, whichever address they come from."""
    worker = worker_or_none()
    return f"worker:{worker.id}" if worker else "address:" + client_network()


def _password_and_code_ok(
    worker: Worker, throttle: AccountThrottle, code: str, secret: str | None = None
) -> bool:
    """Turning two-step on or off needs the password as well as a code, so someone at an
    unlocked, signed-in screen can't change it; the code is used up like any other."""
    if not worker.check_password(request.form.get("password", "")):
        # Someone at an unlocked screen guessing the password here earns the same growing
        # wait as at sign-in, counted with the sign-in tries on this account.
        throttle.failed()
        return False
    return accept(worker, code, secret)


@bp.route("/two-step", methods=["GET", "POST"])
@limiter.limit(
    _sign_in_limit,
    methods=["POST"],
    key_func=_signed_in_key,
    deduct_when=lambda r: r.status_code == 422,
)
@login_required
def two_step_settings():
    worker = current_worker()
    if request.method == "POST":
        action = request.form.get("action")
        code = request.form.get("code", "")
        throttle = AccountThrottle("staff", worker.email)
        if action in ("confirm", "turn_off") and (wait := throttle.wait_seconds()):
            return _two_step_page(worker, wait=wait)
        if action == "start":
            session[SETUP] = new_secret()
        elif (
            action == "confirm"
            and session.get(SETUP)
            and _password_and_code_ok(worker, throttle, code, session[SETUP])
        ):
            worker.totp_secret = session.pop(SETUP)
            db.session.commit()
            flash(_("Two-step sign-in is on."))
            return redirect(url_for(".two_step_settings"))
        elif (
            action == "turn_off"
            and worker.totp_secret
            and _password_and_code_ok(worker, throttle, code)
        ):
            worker.totp_secret = None
            db.session.commit()
            flash(_("Two-step sign-in is off."))
            return redirect(url_for(".two_step_settings"))
        elif action in ("confirm", "turn_off"):
            return _two_step_page(worker, error=True), 422
    return _two_step_page(worker)


def _two_step_page(worker, error: bool = False, wait: int = 0):
    secret = session.get(SETUP)
    context = {
        "enabled": bool(worker.totp_secret),
        "secret": secret,
        "qr": qr_data_uri(worker, secret) if secret else None,
        "error": error,
    }
    if wait:
        return wait_page("auth/two_step.html", wait, **context)
    return render_template("auth/two_step.html", **context)
