from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from participation.auth import bp
from participation.auth.forms import SignInForm
from participation.auth.models import Role, Worker
from participation.auth.services import authenticate
from participation.auth.two_step import new_secret, qr_data_uri, verify
from participation.db_types import utcnow
from participation.extensions import db, limiter
from participation.people import current_worker

PENDING = "two_step_pending"
SETUP = "two_step_setup"


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an attacker's link must not bounce a worker off-site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    worker = current_worker()
    if worker is not None and worker.role == Role.INTERPRETER:
        return url_for("translation.queue")
    return url_for("review.queue")


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


def _email_key() -> str:
    return "email:" + request.form.get("email", "").strip().lower()


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
@limiter.limit(
    _sign_in_limit,
    methods=["POST"],
    key_func=_email_key,
    deduct_when=lambda r: r.status_code != 302,
)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        worker = authenticate(form.email.data or "", form.password.data or "")
        if worker:
            # New session on sign-in: no fixation, and no child's session carried over.
            session.clear()
            if worker.totp_secret:
                session[PENDING] = {"id": worker.id, "at": utcnow().timestamp()}
                return redirect(url_for(".second_step", next=request.args.get("next")))
            login_user(worker)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("That email and password don't match. Please try again."))
        return render_template("auth/sign_in.html", form=form), 422
    status = 422 if request.method == "POST" else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.post("/sign-out")
@login_required
def sign_out():
    logout_user()
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def second_step():
    """The authenticator code, for staff who turned two-step sign-in on."""
    pending = session.get(PENDING)
    if not pending or utcnow().timestamp() - pending["at"] > 300:
        session.pop(PENDING, None)
        return redirect(url_for(".sign_in"))
    if request.method == "POST":
        worker = db.session.get(Worker, pending["id"])
        if (
            worker
            and worker.active
            and worker.totp_secret
            and verify(worker.totp_secret, request.form.get("code", ""))
        ):
            session.pop(PENDING, None)
            login_user(worker)
            return redirect(_safe_next(request.args.get("next")))
        return render_template("auth/second_step.html", error=True), 422
    return render_template("auth/second_step.html")


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
def two_step_settings():
    worker = current_worker()
    if request.method == "POST":
        action = request.form.get("action")
        code = request.form.get("code", "")
        if action == "start":
            session[SETUP] = new_secret()
        elif action == "confirm" and session.get(SETUP) and verify(session[SETUP], code):
            worker.totp_secret = session.pop(SETUP)
            db.session.commit()
            flash(_("Two-step sign-in is on."))
            return redirect(url_for(".two_step_settings"))
        elif action == "turn_off" and worker.totp_secret and verify(worker.totp_secret, code):
            worker.totp_secret = None
            db.session.commit()
            flash(_("Two-step sign-in is off."))
            return redirect(url_for(".two_step_settings"))
        elif action in ("confirm", "turn_off"):
            return _two_step_page(worker, error=True), 422
    return _two_step_page(worker)


def _two_step_page(worker, error: bool = False):
    secret = session.get(SETUP)
    return render_template(
        "auth/two_step.html",
        enabled=bool(worker.totp_secret),
        secret=secret,
        qr=qr_data_uri(worker, secret) if secret else None,
        error=error,
    )
