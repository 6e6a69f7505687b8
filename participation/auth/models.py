"""Staff accounts and the teams that scope what managers see."""

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Column, Date, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model

# The teams an interpreter serves: one interpreter works for several teams of a council, and
# sees queued words only from the teams listed here (and their own team).
interpreter_team = Table(
    "interpreter_team",
    Model.metadata,
    Column("worker_id", ForeignKey("worker.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Role(enum.StrEnum):
    """What a member of staff does, which decides what they may see."""

    SOCIAL_WORKER = "social_worker"
    PERSONAL_ADVISER = "personal_adviser"
    TEAM_MANAGER = "team_manager"
    ADMIN = "admin"
    # Sees only the pieces of text sent to them for translation, nothing else.
    INTERPRETER = "interpreter"
    # Chair a child's meetings (meetings/): each sees only the children whose meetings they chair.
    INDEPENDENT_REVIEWING_OFFICER = "independent_reviewing_officer"
    CONFERENCE_CHAIR = "conference_chair"


class Team(Model):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    members: Mapped[list["Worker"]] = relationship(back_populates="team")


class Worker(UserMixin, Model):
    """A member of council staff who signs in with a password."""

    __tablename__ = "worker"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=32))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    preferred_language: Mapped[str | None] = mapped_column(String(16))
    # Where urgent alerts are texted; staff without one are emailed only.
    mobile: Mapped[str | None] = mapped_column(String(32))
    # Optional second step at sign-in (an authenticator app's 6-digit code).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The 30-second step of the last code accepted: a code seen over a shoulder or sent twice
    # can't be used again.
    totp_last_step: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Interpreters: the languages they work in (codes, comma-separated, e.g. "so,ar") and
    # their gender ("woman" / "man", or None), so words whose writer asked for a woman or a man
    # are only offered to an interpreter who is one (a safeguarding preference).
    languages: Mapped[str] = mapped_column(String(200), default="", server_default="")
    gender: Mapped[str | None] = mapped_column(String(8))
    # Personal advisers: how the young people they support reach them. Privacy: only what
    # the adviser chose to show (a work phone and email of their own choosing), never the
    # sign-in email or the mobile that alerts are texted to.
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    available_hours: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Away (leave, training) until this date; their cover is told of urgent help meanwhile.
    away_until: Mapped[date | None] = mapped_column(Date)
    cover_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)

    team: Mapped[Team | None] = relationship(back_populates="members")
    cover_worker: Mapped["Worker | None"] = relationship(remote_side=[id])
    serves: Mapped[list[Team]] = relationship(secondary=interpreter_team)

    def get_id(self) -> str:
        return f"worker:{self.id}"

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str) -> None:
        # Werkzeug's scrypt: a maintained, salted, memory-hard hash.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def language_codes(self) -> list[str]:
        return [c.strip() for c in (self.languages or "").split(",") if c.strip()]

    @property
    def served_team_ids(self) -> set[int]:
        """An interpreter's own team and every team they serve."""
        ids = {t.id for t in self.serves}
        return ids | {self.team_id} if self.team_id is not None else ids

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""
