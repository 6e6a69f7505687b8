"""Issuing, redeeming and revoking children's sign-in codes."""

from datetime import datetime

from flask import current_app, session
from sqlalchemy import select, update

from participation.activities.models import Activity, Status
from participation.auth.models import Worker
from participation.children.models import Child
from participation.codes.models import SignInCode
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity.models import SignedInSession
from participation.identity.services import (
    end_device_sessions,
    sign_in_child,
)
from participation.tokens import (
    CODE_LENGTH,
    claim_once,
    digest,
    new_code,
    normalise_code,
    show_once,
    take_shown,
)

# The plain code is shown once, to the worker who issued it, from their own server-side
# session (the cookie holds only a random id); the database keeps a keyed hash.
SHOWN_CODES = "shown_codes"


def issue_code(activity: Activity, worker: Worker) -> tuple[SignInCode, str]:
    """A new code for this activity; any earlier code and device for it stop working."""
    now = utcnow()
    _close_activity_access(activity, now)
    plain = new_code()
    code = SignInCode(
        code_hash=digest(plain),
        activity=activity,
        created_by_id=worker.id,
        expires_at=now + current_app.config["CODE_TTL"],
    )
    db.session.add(code)
    return code, plain


def _close_activity_access(activity: Activity, now: datetime) -> None:
    # One child, one device: a fresh code replaces the old one so a lost tablet stops working.
    db.session.execute(
        update(SignInCode)
        .where(SignInCode.activity_id == activity.id, SignInCode.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    end_device_sessions(activity_id=activity.id)


def revoke(code: SignInCode) -> None:
    now = utcnow()
    if code.revoked_at is None:
        code.revoked_at = now
    end_device_sessions(code_id=code.id)


def redeem(raw_code: str) -> SignedInSession | None:
    """Swap a valid code for a device session; None for any reason (we don't say which)."""
    code_text = normalise_code(raw_code)
    if len(code_text) != CODE_LENGTH:
        return None
    now = utcnow()
    code = db.session.scalar(select(SignInCode).where(SignInCode.code_hash == digest(code_text)))
    if code is None or code.state(now) != "waiting" or code.activity.status != Status.DRAFT:
        return None
    if not claim_once(SignInCode, code.id, now):
        db.session.rollback()
        return None
    return sign_in_child(code)


def codes_for_child(child: Child) -> list[SignInCode]:
    stmt = (
        select(SignInCode)
        .join(Activity, SignInCode.activity_id == Activity.id)
        .where(Activity.child_id == child.id)
        .order_by(SignInCode.created_at.desc())
        .limit(20)
    )
    return list(db.session.scalars(stmt))


def get_code_for_worker_or_404(code_id: int, worker: Worker) -> SignInCode:
    from flask import abort

    from participation.activities.services import visible_activities_stmt

    activities = visible_activities_stmt(worker).with_only_columns(Activity.id).scalar_subquery()
    code = db.session.scalar(
        select(SignInCode).where(SignInCode.id == code_id, SignInCode.activity_id.in_(activities))
    )
    if code is None:
        abort(404)
    return code


def remember_shown_code(code: SignInCode, plain: str) -> None:
    show_once(SHOWN_CODES, str(code.id), plain)


def take_shown_code(code: SignInCode) -> str | None:
    """The plain code, once (tokens.take_shown)."""
    return take_shown(SHOWN_CODES, str(code.id))


def forget_shown_code(code: SignInCode) -> None:
    session.get(SHOWN_CODES, {}).pop(str(code.id), None)
    session.modified = True
