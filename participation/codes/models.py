"""Short-lived sign-in codes for children (the device session a code opens is a row of
identity.SignedInSession)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.activities.models import Activity
from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model


class SignInCode(Model):
    """One code opens one activity for one child, once, before it expires."""

    __tablename__ = "sign_in_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a keyed hash is kept: a copy of the database cannot be used to sign in.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
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
