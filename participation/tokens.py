"""Secrets handed to people (sign-in codes, invitation links): made, shown, and kept as hashes."""

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from flask import current_app, session
from sqlalchemy import String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from participation.atomic import rows_changed
from participation.db_types import UTCDateTime, utcnow
from participation.extensions import db

# No 0/O, 1/I/L: a child or grandparent copying a code should not have to guess.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def digest(value: str) -> str:
    """Keyed hash: a copy of the database alone cannot be used to sign in."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def claim_once(model, row_id: int, when: datetime) -> bool:
    """Mark a code or invitation used, in one conditional statement: if two devices race
    with the same one, exactly one wins."""
    return (
        rows_changed(
            update(model)
            .where(model.id == row_id, model.redeemed_at.is_(None))
            .values(redeemed_at=when)
        )
        == 1
    )


def show_once(key: str, name: str, shown: Any) -> None:
    """Keep a secret just made (a code, an invitation's link and code) in the worker's own
    server-side session (the cookie holds only a random id) for the page that shows it."""
    session.setdefault(key, {})[name] = shown
    session.modified = True


def take_shown(key: str, name: str) -> Any:
    """The secret, once: a reload (or someone else at the worker's screen later) finds it
    gone, and a new one must be made to see one again."""
    shown = session.get(key, {}).pop(name, None)
    session.modified = True
    return shown


class Invitation:
    """The columns of an invitation by link or by code (network members, young people): both
    kept as keyed hashes, used once, read by find_open_invite."""

    link_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def find_open_invite(model, *, link: str | None = None, code: str | None = None):
    """An invitation found by its link or its typed code, if unused, unrevoked and in date."""
    if link:
        where = model.link_hash == digest(link)
    else:
        text = normalise_code(code or "")
        if len(text) != CODE_LENGTH:
            return None
        where = model.code_hash == digest(text)
    invite = db.session.scalar(select(model).where(where))
    if invite is None or invite.revoked_at or invite.redeemed_at:
        return None
    return invite if invite.expires_at > utcnow() else None
