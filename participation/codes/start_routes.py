"""The child's page: a one-time code from their worker opens their activity."""

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.codes import start
from participation.codes.forms import CodeForm
from participation.codes.services import redeem
from participation.extensions import limiter
from participation.throttle import CodeGuesses, wait_page
from participation.tokens import CODE_LENGTH, normalise_code


def _code_limit() -> str:
    return current_app.config["CODE_LIMIT"]


@start.route("", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def enter_code():
    form = CodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    if form.validate_on_submit():
        guesses = CodeGuesses("child_code")
        if wait := guesses.wait_seconds():
            return wait_page("codes/start.html", wait, form=form)
        child_session = redeem(form.code.data or "")
        if child_session:
            from participation.childspace.services import landing_after_code

            # Something shared with the child: their space first (the activity is on it).
            if space := landing_after_code(child_session):
                return redirect(space)
            return redirect(
                url_for("activities.overview", activity_id=child_session.activity.public_id)
            )
        if len(normalise_code(form.code.data or "")) == CODE_LENGTH:
            guesses.wrong()  # only a real guess counts, not a half-typed code
        form.code.errors.append(
            _("That code didn't work. Ask your worker for a new one: codes only work once.")
        )
        return render_template("codes/start.html", form=form), 422
    status = 422 if form.is_submitted() else 200
    return render_template("codes/start.html", form=form), status
