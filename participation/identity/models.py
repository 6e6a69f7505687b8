"""One row per signed-in browser or phone, whoever is signed in on it."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model

if TYPE_CHECKING:
    from participation.activities.models import Activity
    from participation.auth.models import Worker
    from participation.codes.models import SignInCode
    from participation.network.models import NetworkMember
    from participation.pathway.models import YoungPerson


class Kind(enum.StrEnum):
    """Who a session belongs to; each kind fills exactly one of the person columns."""

    WORKER = "worker"
    CHILD = "child"
    MEMBER = "member"
    YOUNG_PERSON = "young_person"


class SignedInSession(Model):
    """A signed-in device. The browser holds only an opaque server-side session id; the
    session holds a random token whose keyed hash is kept here, so ending this row signs the
    device out even if someone kept a copy of its cookie."""

    __tablename__ = "signed_in_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[Kind] = mapped_column(Enum(Kind, native_enum=False, length=16))
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    # A child's device opens one activity, through one code: revoking the code ends it.
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"), index=True)
    sign_in_code_id: Mapped[int | None] = mapped_column(ForeignKey("sign_in_code.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("network_member.id"), index=True)
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_person.id"), index=True)
    # "Firefox on Android" style, so a person can tell their phones apart; never an address.
    device: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    worker: Mapped["Worker | None"] = relationship()
    activity: Mapped["Activity | None"] = relationship()
    code: Mapped["SignInCode | None"] = relationship()
    member: Mapped["NetworkMember | None"] = relationship()
    young_person: Mapped["YoungPerson | None"] = relationship()
