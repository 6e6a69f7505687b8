"""A young person joining from their invitation, signing in and signing out."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.extensions import db, limiter
from participation.i18n import speak_the_language_of
from participation.identity.services import sign_out as sign_out_everywhere
from participation.pathway import yp_bp as bp
from participation.pathway.forms import AcceptInviteForm, CodeRequestForm, YoungPersonSignInForm
from participation.pathway.invites import accept_invite, find_invite
from participation.pathway.sign_in import (
    check_password,
    send_one_time_code,
    start_session,
    use_one_time_code,
)
from participation.problems import Refused
from participation.throttle import AccountThrottle, CodeGuesses, wait_page
from participation.tokens import CODE_LENGTH, normalise_code


def _limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


def _join_page(form, token=None, failed=False, status=200):
    return render_template("pathway/join.html", form=form, token=token, failed=failed), status


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def join_link(token: str):
    """GET only shows the form: link previews in messaging apps must not use it up."""
    invited = find_invite(link=token)
    speak_the_language_of(invited.young_person.preferred_language if invited else None)
    form = AcceptInviteForm()
    if form.validate_on_submit():
        if invited is None:
            return _join_page(form, token, failed=True, status=422)
        return _accept(invited, form, token)
    return _join_page(form, token, status=422 if form.is_submitted() else 200)


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def join():
    form = AcceptInviteForm()
    if form.validate_on_submit():
        code = request.form.get("code", "")
        guesses = CodeGuesses("young_person_invite")
        if wait := guesses.wait_seconds():
            return wait_page("pathway/join.html", wait, form=form, token=None, failed=False)
        invite = find_invite(code=code)
        if invite is None:
            if len(normalise_code(code)) == CODE_LENGTH:
                guesses.wrong()  # only a real guess counts, not a half-typed code
            return _join_page(form, failed=True, status=422)
        return _accept(invite, form, None)
    return _join_page(form, status=422 if form.is_submitted() else 200)


def _accept(invite, form, token):
    try:
        invite.young_person.contact = form.contact.data or ""
        accept_invite(invite, form.username.data, form.password.data)
    except Refused as refused:
        db.session.rollback()
        form.username.errors.append(refused.message)
        return _join_page(form, token, status=422)
    return redirect(url_for("my_plan.overview"))


# Per address here; per sign-in name with a growing wait (never a hard lock) in
# AccountThrottle, so someone who knows a young person's name can't shut them out.
@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def sign_in():
    form = YoungPersonSignInForm()
    if form.validate_on_submit():
        throttle = AccountThrottle("young_person", form.username.data or "")
        if wait := throttle.wait_seconds():
            return wait_page("pathway/sign_in.html", wait, form=form)
        person = check_password(form.username.data, form.password.data)
        if person:
            start_session(person)
            return throttle.succeeded(redirect(url_for("my_plan.overview")))
        throttle.failed()
        form.password.errors.append(_("That name and password don't match. Please try again."))
        return render_template("pathway/sign_in.html", form=form), 422
    status = 422 if form.is_submitted() else 200
    return render_template("pathway/sign_in.html", form=form), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def sign_in_code():
    form = CodeRequestForm()
    sent = False
    if form.validate_on_submit():
        if form.code.data:
            # Code guesses count with password guesses against the same name, and with
            # everyone's guesses at one-time codes (asking for a code is not a guess).
            throttle = AccountThrottle("young_person", form.username.data or "")
            guesses = CodeGuesses("one_time_code")
            if wait := max(throttle.wait_seconds(), guesses.wait_seconds()):
                return wait_page("pathway/sign_in_code.html", wait, form=form, sent=True)
            person = use_one_time_code(form.username.data, form.code.data)
            if person:
                start_session(person)
                return throttle.succeeded(redirect(url_for("my_plan.overview")))
            throttle.failed()
            if len(normalise_code(form.code.data)) == CODE_LENGTH:
                guesses.wrong()
            form.code.errors.append(_("That code didn't work. Ask for a new one."))
            return render_template("pathway/sign_in_code.html", form=form, sent=True), 422
        send_one_time_code(form.username.data)
        sent = True  # the same answer whether or not the name exists
    return render_template("pathway/sign_in_code.html", form=form, sent=sent)


@bp.post("/sign-out")
def sign_out():
    # Ends the session row as well: a copy of this phone's cookie is refused afterwards.
    sign_out_everywhere()
    flash(_("You have signed out."))
    return redirect(url_for(".sign_in"))
