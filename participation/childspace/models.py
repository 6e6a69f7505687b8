"""What a worker has shared with one child for their own space, and when the child read it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model


class ChildShare(Model):
    """One thing (a kind and its public id) the worker chose to show one child. Stopping
    sharing sets withdrawn_at and keeps the row, so the record says what the child was shown
    and when; sharing again is a new row."""

    __tablename__ = "child_share"
    # The space and the worker's panel both ask "what is shared with this child now".
    __table_args__ = (Index("ix_child_share_child_kind_object", "child_id", "kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    shared_by_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    # The read receipt the worker sees: when the child first and last saw it in their space,
    # and how ("code": on a device with their code; "together": on the worker's device).
    first_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_mode: Mapped[str] = mapped_column(String(16), default="")

    child: Mapped[Child] = relationship()
    shared_by: Mapped[Worker] = relationship(foreign_keys=[shared_by_id])
    withdrawn_by: Mapped[Worker | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
