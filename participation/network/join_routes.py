"""The invitation a network member opens on their phone, by link or by code."""

from flask import current_app, redirect, render_template, url_for
from flask_babel import gettext as _

from participation.extensions import limiter
from participation.i18n import speak_the_language_of
from participation.network import join_bp as bp
from participation.network.forms import JoinForm
from participation.network.services import find_invite, redeem_invite
from participation.throttle import CodeGuesses, wait_page
from participation.tokens import CODE_LENGTH, normalise_code


def _join_limit() -> str:
    return current_app.config["CODE_LIMIT"]


@bp.get("/<token>")
def link(token: str):
    """A GET never uses the invitation up: link previews in messaging apps open links too."""
    invited = find_invite(link=token)
    speak_the_language_of(invited.member.language if invited else None)
    return render_template("network/join_confirm.html", token=token)


@bp.post("/<token>")
@limiter.limit(_join_limit, deduct_when=lambda r: r.status_code != 302)
def use_link(token: str):
    if redeem_invite(link=token):
        return redirect(url_for("network.home"))
    return render_template("network/join_confirm.html", token=token, failed=True), 422


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_join_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def with_code():
    form = JoinForm()
    if form.validate_on_submit():
        guesses = CodeGuesses("network_invite")
        if wait := guesses.wait_seconds():
            return wait_page("network/join.html", wait, form=form)
        if redeem_invite(code=form.code.data):
            return redirect(url_for("network.home"))
        if len(normalise_code(form.code.data or "")) == CODE_LENGTH:
            guesses.wrong()  # only a real guess counts, not a half-typed code
        form.code.errors.append(
            _("That code didn't work. Ask the social worker for a new invitation.")
        )
        return render_template("network/join.html", form=form), 422
    status = 422 if form.is_submitted() else 200
    return render_template("network/join.html", form=form), status
