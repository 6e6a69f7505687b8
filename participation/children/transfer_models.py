"""A child's case moving from one allocated worker to another: kept on the child's record."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, delete, event, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.children.models import Child
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model


class CaseTransfer(Model):
    """Who the child's worker was, who it is now, who moved the case, when and why.
    Names are copied as they were, so the record still reads right after an account changes."""

    __tablename__ = "case_transfer"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    from_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    to_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    by_worker_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    from_name: Mapped[str] = mapped_column(String(200))
    to_name: Mapped[str] = mapped_column(String(200))
    by_name: Mapped[str] = mapped_column(String(200))
    # The member of staff's reason (a worker leaving, a new team): staff words, as written.
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    child: Mapped[Child] = relationship()


@event.listens_for(Child, "before_delete")
def _delete_transfers(_mapper, connection, child: Child) -> None:
    """A child's transfers, and their record entries, are part of the child's record: when
    the record is deleted (retention), they go with it, on SQLite and PostgreSQL alike."""
    from participation.caserecord.models import RecordEntry

    ids = select(CaseTransfer.public_id).where(CaseTransfer.child_id == child.id)
    connection.execute(delete(RecordEntry).where(RecordEntry.object_id.in_(ids)))
    connection.execute(delete(CaseTransfer).where(CaseTransfer.child_id == child.id))
