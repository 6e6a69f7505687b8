"""A Words and Pictures storyboard, its panels, its pictures and its kept versions."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.network.models import Family, NetworkMember

KINDS = ("story", "safety_plan")
AUTHOR_KINDS = ("worker", "member", "parent")


class Storyboard(Model):
    """One storyboard for a family's child: a story, or the safety plan in words and pictures."""

    __tablename__ = "storyboard"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    # Which child it is for; None is every child in the family.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="story")
    # Parents always see it; other members only once the worker shares it.
    shared_with_network: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    family: Mapped[Family] = relationship()
    created_by: Mapped[Worker] = relationship()
    panels: Mapped[list["StoryboardPanel"]] = relationship(
        back_populates="storyboard",
        order_by="StoryboardPanel.position",
        cascade="all, delete-orphan",
    )
    versions: Mapped[list["StoryboardVersion"]] = relationship(
        back_populates="storyboard",
        order_by="StoryboardVersion.number",
        cascade="all, delete-orphan",
    )


class StoryboardImage(Model):
    """A drawing or photo, re-encoded with its metadata stripped. Never changed once stored:
    a panel points at one, and a kept version names it, so an agreed version keeps its
    pictures after the panel is given a new one (the `storage_key` column also keeps the
    file safe from the uploads sweep)."""

    __tablename__ = "storyboard_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    storyboard_id: Mapped[int] = mapped_column(ForeignKey("storyboard.id"), index=True)
    storage_key: Mapped[str] = mapped_column(String(128))
    media_type: Mapped[str] = mapped_column(String(32))
    byte_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StoryboardPanel(Model):
    """A drawing or photo plus words, in the author's language, attributed to its author."""

    __tablename__ = "storyboard_panel"
    # The same form sent twice (a double tap on a slow phone, the outbox resending) makes
    # one panel: the key is made with the form.
    __table_args__ = (
        Index("uq_storyboard_panel_client_key", "storyboard_id", "client_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    storyboard_id: Mapped[int] = mapped_column(ForeignKey("storyboard.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Stored exactly as written, with the language it was written in.
    words: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    image_id: Mapped[int | None] = mapped_column(ForeignKey("storyboard_image.id"), index=True)
    written_by_kind: Mapped[str] = mapped_column(String(16), default="worker")
    written_by_name: Mapped[str] = mapped_column(String(200), default="")
    written_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_member.id"), index=True
    )
    # Starting words the app drafted from the safety plan for the worker, shown as such
    # until the worker changes them.
    from_plan: Mapped[bool] = mapped_column(default=False, server_default=false())
    client_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    storyboard: Mapped[Storyboard] = relationship(back_populates="panels")
    image: Mapped[StoryboardImage | None] = relationship()
    written_by_member: Mapped[NetworkMember | None] = relationship()


class StoryboardVersion(Model):
    """The storyboard as it stood, kept; once agreed it is a record entry (a court can be
    shown it), and a later agreed version replaces it when arrangements change."""

    __tablename__ = "storyboard_version"
    __table_args__ = (
        UniqueConstraint("storyboard_id", "number"),
        # "Keep this as a new version" tapped twice keeps one version.
        Index("uq_storyboard_version_client_key", "storyboard_id", "client_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    storyboard_id: Mapped[int] = mapped_column(ForeignKey("storyboard.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # The panels as they stood: words, author, language and picture ids.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    client_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)

    storyboard: Mapped[Storyboard] = relationship(back_populates="versions")
    agreed_by: Mapped[Worker | None] = relationship()
