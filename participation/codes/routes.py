import base64
import io

import qrcode
import qrcode.image.svg
from flask import abort, redirect, render_template, url_for
from flask_login import login_required

from participation.activities.models import Mode
from participation.activities.services import get_access_or_404
from participation.audit.services import record
from participation.codes import bp
from participation.codes.services import (
    forget_shown_code,
    get_code_for_worker_or_404,
    issue_code,
    remember_shown_code,
    revoke,
    take_shown_code,
)
from participation.db_types import utcnow
from participation.extensions import db
from participation.links import external_url
from participation.people import current_worker
from participation.tokens import display_code


@bp.post("/activity/<activity_id>")
@login_required
def issue_activity_code(activity_id: str):
    access = get_access_or_404(activity_id)
    if not access.activity.is_draft:
        abort(409)
    code, plain = issue_code(access.activity, current_worker())
    access.activity.mode = Mode.CODE
    db.session.flush()
    record("issue_code", access.activity.child, object_kind="activity", object_id=activity_id)
    db.session.commit()
    remember_shown_code(code, plain)
    return redirect(url_for("codes.show_code", code_id=code.id))


@bp.get("/<int:code_id>")
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
        start_url=external_url("start.enter_code"),
    )


def _qr_data_uri(plain: str) -> str:
    """The strict CSP allows data: images, not inline SVG."""
    target = external_url("start.enter_code", code=plain)
    image = qrcode.make(target, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@bp.post("/<int:code_id>/revoke")
@login_required
def revoke_code(code_id: int):
    code = get_code_for_worker_or_404(code_id, current_worker())
    revoke(code)
    record("revoke_code", code.activity.child, object_kind="code", object_id=str(code.id))
    db.session.commit()
    forget_shown_code(code)
    return redirect(url_for("codes.show_code", code_id=code.id))
