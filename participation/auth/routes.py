from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from participation.auth import bp
from participation.auth.forms import SignInForm
from participation.auth.services import authenticate
from participation.extensions import limiter


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an attacker's link must not bounce a worker off-site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
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
