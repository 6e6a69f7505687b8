import base64
import io

import qrcode
import qrcode.image.svg
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.activities.models import Mode
from participation.activities.services import get_access_or_404
from participation.audit.services import record
from participation.codes import bp
from participation.codes.forms import CodeForm
from participation.codes.services import (
    forget_shown_code,
    get_code_for_worker_or_404,
    issue_code,
    redeem,
    remember_shown_code,
    revoke,
    take_shown_code,
)
from participation.db_types import utcnow
from participation.extensions import db, limiter
from participation.links import external_url
from participation.people import current_worker
from participation.throttle import CodeGuesses, wait_page
from participation.tokens import CODE_LENGTH, display_code, normalise_code


def _code_limit() -> str:
    return current_app.config["CODE_LIMIT"]


@bp.route("/start", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def start():
    form = CodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    if form.validate_on_submit():
        guesses = CodeGuesses("child_code")
        if wait := guesses.wait_seconds():
            return wait_page("codes/start.html", wait, form=form)
        child_session = redeem(form.code.data or "")
        if child_session:
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


@bp.post("/activities/<activity_id>/codes")
@login_required
def issue_activity_code(activity_id: str):
    access = get_access_or_404(activity_id)
    if not access.activity.is_draft:
        abort(409)
    code, plain = issue_code(access.activity, access.worker)
    access.activity.mode = Mode.CODE
    db.session.flush()
    record("issue_code", access.activity.child, object_kind="activity", object_id=activity_id)
    db.session.commit()
    remember_shown_code(code, plain)
    return redirect(url_for("codes.show_code", code_id=code.id))


@bp.get("/codes/<int:code_id>")
@login_required
def show_code(code_id: int):
    code = get_code_for_worker_or_404(code_id, current_worker())
    # Shown once: the plain code leaves the server-side session as this page is made, and
    # the QR picture goes inside the page rather than at a second address.
    plain = take_shown_code(code)
    state = code.state(utcnow())
    return render_template(
        "codes/show.html",
        code=code,
        plain=display_code(plain) if plain else None,
        qr=_qr_data_uri(plain) if plain and state == "waiting" else None,
        state=state,
        start_url=external_url("codes.start"),
    )


def _qr_data_uri(plain: str) -> str:
    """The strict CSP allows data: images, not inline SVG."""
    target = external_url("codes.start", code=plain)
    image = qrcode.make(target, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@bp.post("/codes/<int:code_id>/revoke")
@login_required
def revoke_code(code_id: int):
    code = get_code_for_worker_or_404(code_id, current_worker())
    revoke(code)
    record("revoke_code", code.activity.child, object_kind="code", object_id=str(code.id))
    db.session.commit()
    forget_shown_code(code)
    return redirect(url_for("codes.show_code", code_id=code.id))
