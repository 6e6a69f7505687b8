"""Short-lived sign-in codes for children, and the device session a code opens."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.activities.models import Activity
from participation.db_types import UTCDateTime, utcnow
from participation.extensions import db


class SignInCode(db.Model):
    """One code opens one activity for one child, once, before it expires."""

    __tablename__ = "sign_in_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a keyed hash is kept: a copy of the database cannot be used to sign in.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    activity: Mapped[Activity] = relationship()

    def state(self, now: datetime) -> str:
        if self.revoked_at:
            return "revoked"
        if self.redeemed_at:
            return "used"
        if now >= self.expires_at:
            return "expired"
        return "waiting"


class ChildSession(db.Model):
    """The one device a code was used on; revoking the code ends it."""

    __tablename__ = "child_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("sign_in_code.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    activity: Mapped[Activity] = relationship()
    code: Mapped[SignInCode] = relationship()
