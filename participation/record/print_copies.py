"""Print-sized copies of record pictures, made by the "pdf" worker as a record arrives: a
full-size drawing took a PDF render 11 ms of decoding each time it was printed."""

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from participation import uploads
from participation.activities.models import Activity, Drawing
from participation.extensions import db
from participation.images import print_copy
from participation.jobs import enqueue, job
from participation.journal.models import JournalAttachment
from participation.record.models import PrintCopy


def stored_copy(sha256: str) -> bytes | None:
    """The copy made earlier, if any (a missing file counts as none: it is made again)."""
    key = db.session.scalar(select(PrintCopy.storage_key).where(PrintCopy.sha256 == sha256))
    if key is None or not uploads.exists(key):
        return None
    return uploads.read(key)


def _keep(sha256: str, storage_key: str) -> None:
    """Store one copy per picture; a second worker that made the same copy drops its own."""
    if db.session.scalar(select(PrintCopy.id).where(PrintCopy.sha256 == sha256)):
        return
    copy = print_copy(uploads.read(storage_key))
    key = uploads.store(copy, "jpg")
    try:
        with db.session.begin_nested():
            db.session.add(PrintCopy(sha256=sha256, storage_key=key))
    except IntegrityError:
        uploads.discard_after_commit(key)


@job(queue="pdf")
def make_print_copies(kind: str, object_id: str) -> None:
    """Every picture of one arrived record (a submitted activity, a journal entry)."""
    if kind == "activity":
        rows = (
            select(Drawing.sha256, Drawing.storage_key)
            .join(Activity)
            .where(Activity.public_id == object_id)
        )
    else:
        from participation.journal.models import JournalEntry

        rows = (
            select(JournalAttachment.sha256, JournalAttachment.storage_key)
            .join(JournalEntry)
            .where(JournalEntry.public_id == object_id, JournalAttachment.kind == "photo")
        )
    for sha256, key in db.session.execute(rows).all():  # none if deleted meanwhile
        _keep(sha256, key)
    db.session.commit()


def ask_for_print_copies(kind: str, object_id: str) -> None:
    """Queued in the arriving record's own transaction, so it is kept if and only if it is."""
    enqueue(make_print_copies, kind=kind, object_id=object_id)


def forget_print_copies(sha256s: list[str]) -> list[str]:
    """Deleted with the pictures they copy (the caller's transaction); returns the files to
    remove once it commits. A copy another record still shares is simply made again."""
    if not sha256s:
        return []
    keys = list(
        db.session.scalars(select(PrintCopy.storage_key).where(PrintCopy.sha256.in_(sha256s)))
    )
    db.session.execute(delete(PrintCopy).where(PrintCopy.sha256.in_(sha256s)))
    return keys
