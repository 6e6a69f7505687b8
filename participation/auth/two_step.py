"""Optional two-step sign-in for staff with an authenticator app (TOTP, RFC 6238)."""

import base64
import hmac
import io
from datetime import UTC, datetime

import pyotp
import qrcode
import qrcode.image.svg
from sqlalchemy import or_, update

from participation.atomic import rows_changed
from participation.auth.models import Worker

ISSUER = "participation"


def new_secret() -> str:
    return pyotp.random_base32()


def matching_step(secret: str, code: str) -> int | None:
    """The 30-second step the code belongs to, allowing one step of clock drift either side
    (the code's spaces are ignored), or None if it matches none."""
    totp = pyotp.TOTP(secret)
    code = "".join(code.split())
    now = totp.timecode(datetime.now(UTC))
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify(secret: str, code: str) -> bool:
    return matching_step(secret, code) is not None


def accept(worker: Worker, code: str, secret: str | None = None) -> bool:
    """Single use: a code is accepted only if its step is newer than the last one this worker
    used, claimed in one UPDATE so two requests sending the same code can't both pass.
    `secret` is the new one being confirmed at set-up; otherwise the worker's own. The caller
    commits."""
    secret = secret or worker.totp_secret
    step = matching_step(secret, code) if secret else None
    if step is None:
        return False
    claimed = rows_changed(
        update(Worker)
        .where(
            Worker.id == worker.id,
            or_(Worker.totp_last_step.is_(None), Worker.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session="fetch")
    )
    return claimed == 1


def qr_data_uri(worker: Worker, secret: str) -> str:
    """An <img> source (the strict CSP allows data: images, not inline SVG styles)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=worker.email, issuer_name=ISSUER)
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
