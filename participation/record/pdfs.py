"""Record PDFs made on the "pdf" queue and kept per version: a large pathway plan takes
seconds to render, and on a web worker two at once stalled every page for everyone."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app, redirect, render_template, request
from sqlalchemy import delete, select

from participation.atomic import insert_once, lock
from participation.caserecord.kinds import kind, pdf_kind_name
from participation.db_types import utcnow
from participation.extensions import db
from participation.htmx import is_htmx, render
from participation.jobs import RetryStrategy, enqueue, job, on_start
from participation.pathway.download import download_entry, download_pdf_html
from participation.pathway.models import PathwayPlan
from participation.record.models import DONE, FAILED, WAITING, RecordPdf
from participation.record.services import render_pdf
from participation.responses import private_file
from participation.uploads import discard_after_commit, exists, read, store

# Bump when the record templates change what a PDF looks like, so no old layout is served.
LAYOUT = "2"
ATTEMPTS = 5
# A waiting PDF with no result after this long has lost its job (an in-memory queue that
# restarted): the next request queues it again. The queueing lock keeps it to one job.
LOST_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Document:
    """How one kind of record document is found, described and drawn."""

    load: Callable[[str], Any]
    entry: Callable[[Any], dict]
    template: str = ""
    image_src: Callable[[dict], str] | None = None
    # A document that is not a record entry draws its own HTML (a young person's copy of
    # their plan, in their language and their phone's layout).
    draw: Callable[[dict], str] | None = None
    stylesheet: str = "record.css"

    def html(self, entry: dict) -> str:
        if self.draw is not None:
            return self.draw(entry)
        return render_template(self.template, entry=entry, image_src=self.image_src, for_pdf=True)


def _by_public_id(model) -> Callable[[str], Any]:
    return lambda public_id: db.session.scalar(select(model).where(model.public_id == public_id))


# Keyed by the plan, not a person: only the young person whose plan it is is ever handed it
# (the route looks the plan up from who is signed in, never from the URL).
MY_PLAN = Document(
    _by_public_id(PathwayPlan), download_entry, draw=download_pdf_html, stylesheet="phone.css"
)


def document_of(kind_name: str) -> Document:
    """How a PDF of this kind is drawn: a record kind's from its registration."""
    if kind_name == "my_plan":
        return MY_PLAN
    record_kind = kind(pdf_kind_name(kind_name))
    return Document(
        record_kind.find, record_kind.build, record_kind.template, record_kind.image_src
    )


def version_of(entry: dict) -> str:
    """A fingerprint of everything the document shows (not the moment it was generated):
    a reply, review or translation added later makes a new version."""
    shown = {key: value for key, value in entry.items() if key != "generated_at"}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{LAYOUT}\n{text}".encode()).hexdigest()


def pdf_for(kind: str, obj: Any, entry: dict | None = None) -> RecordPdf:
    """The PDF row for this document as it is now; the first request for a version queues
    its rendering, in the same transaction as the row."""
    entry = entry if entry is not None else document_of(kind).entry(obj)
    values = {"kind": kind, "object_id": obj.public_id, "version": version_of(entry)}
    # Two requests at once: one insert wins, so there is one row and one job.
    made = insert_once(RecordPdf, **values, status=WAITING, requested_at=utcnow())
    pdf = db.session.scalars(select(RecordPdf).filter_by(**values)).one()
    if made:
        _queue(pdf)
    elif pdf.status == DONE and (pdf.storage_key is None or not exists(pdf.storage_key)):
        # The file went missing (restored database, lost volume): make it again.
        pdf.status, pdf.storage_key = WAITING, None
        _queue(pdf)
    elif pdf.status == WAITING and pdf.requested_at < utcnow() - LOST_AFTER:
        _queue(pdf)
    db.session.commit()
    return pdf


def pdf_response(pdf: RecordPdf, filename: str, audit: Callable[[], None], page: str, **context):
    """The PDF once it is made; until then a page that says so and checks again by itself
    (`page` is the full page around record/_pdf_status.html, in the asker's own layout).
    Nothing is rendered here: that is the "pdf" queue's work, never a web worker's."""
    if request.method == "POST":
        retry(pdf)
        if not is_htmx():
            return redirect(request.path, 303)
    elif pdf.status == DONE and pdf.storage_key is not None and not is_htmx():
        audit()  # audited when the record leaves, as before
        return private_file(read(pdf.storage_key), "application/pdf", filename)
    body, status = render(
        page,
        "record/_pdf_status.html",
        202 if pdf.status == WAITING else 200,
        pdf=pdf,
        pdf_url=request.path,
        **context,
    )
    return body, status, {"Cache-Control": "private, no-store"}


def retry(pdf: RecordPdf) -> None:
    """A person asked again after it failed: start afresh."""
    if pdf.status != FAILED:
        return
    pdf.status, pdf.attempts, pdf.error = WAITING, 0, ""
    _queue(pdf)
    db.session.commit()


def _queue(pdf: RecordPdf) -> None:
    pdf.requested_at = utcnow()
    db.session.flush()
    enqueue(render_record_pdf, pdf_id=pdf.id, queueing_lock=f"pdf:{pdf.id}")


# Procrastinate counts retries after the first run: ATTEMPTS runs in all (2 s, 4 s, 8 s...).
@job(queue="pdf", retry=RetryStrategy(max_attempts=ATTEMPTS - 1, exponential_wait=2))
def render_record_pdf(pdf_id: int) -> None:
    """Render one version and keep the file. Safe to run twice: a finished PDF is left as it
    is, and of two renders at once only the first to finish keeps its file."""
    pdf = db.session.get(RecordPdf, pdf_id)
    if pdf is None or pdf.status == DONE:
        return  # already made, or deleted with the child's records
    document = document_of(pdf.kind)
    obj = document.load(pdf.object_id)
    entry = document.entry(obj) if obj is not None else None
    if entry is None or version_of(entry) != pdf.version:
        # The words changed (or were deleted) since it was asked for: this version will
        # never be shown, and the next request asks for the one that is current.
        db.session.delete(pdf)
        db.session.commit()
        return
    try:
        html = document.html(entry)
        # Let go of the database for the seconds WeasyPrint takes: the row may change
        # meanwhile, so it is read again afterwards.
        db.session.rollback()
        body = render_pdf(html, stylesheet=document.stylesheet)
    except Exception as error:
        _failed(pdf_id, error)
        raise
    pdf = db.session.get(RecordPdf, pdf_id)
    if pdf is None:
        return
    lock(pdf)
    if pdf.status == DONE:
        db.session.rollback()
        return
    pdf.storage_key = store(body, "pdf")
    pdf.status, pdf.error, pdf.rendered_at = DONE, "", utcnow()
    _drop_older_versions(pdf)
    db.session.commit()


def _failed(pdf_id: int, error: Exception) -> None:
    """Say what went wrong on the row; after the last attempt the person is told plainly."""
    db.session.rollback()
    current_app.logger.warning("record PDF %s could not be made: %s", pdf_id, error)
    pdf = db.session.get(RecordPdf, pdf_id)
    if pdf is None:
        return
    pdf.attempts += 1
    pdf.error = f"{type(error).__name__}: {error}"[:300]
    if pdf.attempts >= ATTEMPTS:
        pdf.status = FAILED
    db.session.commit()


def _drop_older_versions(pdf: RecordPdf) -> None:
    # Privacy: an out-of-date copy of a child's or family's record is not kept on disk.
    older = list(
        db.session.scalars(
            select(RecordPdf).where(
                RecordPdf.kind == pdf.kind,
                RecordPdf.object_id == pdf.object_id,
                RecordPdf.id != pdf.id,
            )
        )
    )
    for row in older:
        if row.storage_key:
            discard_after_commit(row.storage_key)
        db.session.delete(row)


def forget_pdfs(kind: str, object_ids: list[str]) -> list[str]:
    """Delete the PDFs of these documents in the caller's transaction (a child's, family's
    or young person's records being deleted); returns the files to remove once it commits."""
    rows = select(RecordPdf).where(RecordPdf.kind == kind, RecordPdf.object_id.in_(object_ids))
    keys = [row.storage_key for row in db.session.scalars(rows) if row.storage_key]
    db.session.execute(
        delete(RecordPdf).where(RecordPdf.kind == kind, RecordPdf.object_id.in_(object_ids))
    )
    return keys


@on_start
def _requeue_waiting() -> None:
    """An in-memory queue lost its jobs when the app restarted: queue the waiting ones."""
    for pdf in db.session.scalars(select(RecordPdf).where(RecordPdf.status == WAITING)):
        enqueue(render_record_pdf, pdf_id=pdf.id, queueing_lock=f"pdf:{pdf.id}")
    db.session.commit()
