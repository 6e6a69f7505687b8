"""Record PDFs made off the request path: one row per document version, cached as a file."""

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.db_types import UTCDateTime, utcnow
from participation.extensions import Model

WAITING = "waiting"
DONE = "done"
FAILED = "failed"


class RecordPdf(Model):
    """A PDF of one version of a record document (an activity, a journal entry or an agreed
    pathway plan version); a new version of the words gets a new row, never a stale file."""

    __tablename__ = "record_pdf"
    # One row per version, however many people ask at once: the job is queued only by the
    # request whose insert made the row.
    __table_args__ = (UniqueConstraint("kind", "object_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # a record kind's name, or my_plan
    object_id: Mapped[str] = mapped_column(String(36))  # the document's public id
    # A sha256 of what the document shows: it changes whenever the content does.
    version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(8), default=WAITING)
    storage_key: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str] = mapped_column(String(300), default="", server_default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PrintCopy(Model):
    """A print-sized copy of a stored picture, made once off the request path when a record
    arrives, so no PDF decodes a full-size drawing again. Privacy: it is a copy of a
    child's or member's picture, deleted with it (retention)."""

    __tablename__ = "print_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The stored picture's sha256: two rows naming the same bytes share one copy.
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    storage_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
