"""Optional two-step sign-in for staff with an authenticator app (TOTP, RFC 6238)."""

import base64
import io

import pyotp
import qrcode
import qrcode.image.svg

from participation.auth.models import Worker

ISSUER = "participation"


def new_secret() -> str:
    return pyotp.random_base32()


def verify(secret: str, code: str) -> bool:
    """Allows one step of clock drift either side; the code's spaces are ignored."""
    return pyotp.TOTP(secret).verify("".join(code.split()), valid_window=1)


def qr_data_uri(worker: Worker, secret: str) -> str:
    """An <img> source (the strict CSP allows data: images, not inline SVG styles)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=worker.email, issuer_name=ISSUER)
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
