"""Record PDFs are made on the "pdf" queue, never on a person's request, and kept per
version: asking twice makes one, changed words make a new one, deletion leaves none."""

import time

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.jobs.testing import jobs_waiting, run_jobs
from participation.record import pdfs
from participation.record.models import RecordPdf
from participation.retention.services import delete_child
from tests.helpers import PASSWORD, page_text, png_bytes, stored_files, upload
from tests.test_concurrency import at_once, copies
from tests.worker import wait_for


@pytest.fixture
def sent(client, auth, make_worker, make_child, make_activity):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}/areas"
    client.post(f"{base}/worries/words", data={"child_words": "Dad shouts"})
    upload(client, activity, "worries", png_bytes())
    client.post(f"/activities/{activity.public_id}/finish")
    assert run_jobs() == 1  # its print copies, made as it arrives (test_print_copies.py)
    return worker, activity


def pdf_files(app) -> list:
    return [p for p in stored_files(app) if p.suffix == ".pdf"]


def exports(activity) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .filter_by(action="export_record_pdf", object_id=activity.public_id)
    )


def test_first_request_says_it_is_being_made_then_the_pdf_is_served(app, client, sent):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202 and waiting.mimetype == "text/html"
    assert "Your PDF is being made. This page will update when it's ready." in page_text(waiting)
    html = waiting.get_data(as_text=True)
    assert 'hx-trigger="every 3s"' in html and f'hx-get="{url}"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "Check again" in page_text(waiting)
    assert waiting.headers["Cache-Control"] == "private, no-store"
    assert exports(activity) == 0  # nothing has left yet

    assert run_jobs() == 1
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and "attachment" in pdf.headers["Content-Disposition"]
    assert exports(activity) == 1


def test_htmx_check_stops_polling_when_ready_and_does_not_count_as_a_download(client, sent):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    client.get(url)
    poll = client.get(url, headers={"HX-Request": "true"})
    assert poll.status_code == 202 and "<html" not in poll.get_data(as_text=True)
    run_jobs()
    ready = client.get(url, headers={"HX-Request": "true"})
    assert ready.status_code == 200 and ready.mimetype == "text/html"
    assert "Your PDF is ready." in page_text(ready) and "Download the PDF" in page_text(ready)
    assert "hx-trigger" not in ready.get_data(as_text=True)
    assert exports(activity) == 0


def test_the_same_version_asked_for_twice_is_one_job_and_one_file(app, client, sent):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    client.get(url)
    client.get(url)
    assert [name for name, _ in jobs_waiting(queue="pdf")] == [
        "participation.record.pdfs.render_record_pdf"
    ]
    assert run_jobs() == 1
    first = client.get(url).data
    assert client.get(url).data == first
    assert (
        db.session.scalar(select(func.count()).select_from(RecordPdf)) == 1
        and len(pdf_files(app)) == 1
    )
    assert run_jobs() == 0


def test_two_requests_at_the_same_moment_make_one_row_and_one_job(app, client, sent):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    responses = at_once(app, [lambda c=c: c.get(url) for c in copies(app, client, 4)])
    assert {r.status_code for r in responses} == {202}
    assert db.session.scalar(select(func.count()).select_from(RecordPdf)) == 1
    assert len(jobs_waiting(queue="pdf")) == 1


def test_changed_words_make_a_new_version_and_the_old_file_goes(app, client, sent):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    client.get(url)
    run_jobs()
    before = client.get(url).data
    client.post(f"/review/{activity.public_id}/analysis", data={"analysis": "Worker's view."})
    assert client.get(url).status_code == 202  # never the out-of-date PDF
    run_jobs()
    after = client.get(url)
    assert after.mimetype == "application/pdf" and after.data != before
    # Privacy: the out-of-date copy is not kept on disk.
    assert (
        db.session.scalar(select(func.count()).select_from(RecordPdf)) == 1
        and len(pdf_files(app)) == 1
    )


def test_words_changed_before_the_job_ran_are_never_rendered_as_the_old_version(client, sent):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    client.get(url)
    client.post(f"/review/{activity.public_id}/analysis", data={"analysis": "Worker's view."})
    run_jobs()
    # that version is no longer the record
    assert db.session.scalar(select(func.count()).select_from(RecordPdf)) == 0
    assert client.get(url).status_code == 202
    run_jobs()
    assert client.get(url).mimetype == "application/pdf"


def test_a_failing_render_is_retried_then_shown_plainly_with_a_way_to_try_again(
    client, sent, monkeypatch
):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    real = pdfs.render_pdf

    def broken(html: str, **_options) -> bytes:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(pdfs, "render_pdf", broken)
    client.get(url)
    run_jobs(include_scheduled=True)
    row = db.session.scalars(select(RecordPdf)).one()
    assert row.status == "failed" and row.attempts == pdfs.ATTEMPTS
    assert "renderer crashed" in row.error
    failed = client.get(url)
    text = page_text(failed)
    assert "We couldn't make this PDF. The record itself is safe and has not changed." in text
    assert "Try again" in text and "hx-trigger" not in failed.get_data(as_text=True)

    monkeypatch.setattr(pdfs, "render_pdf", real)
    again = client.post(url)
    assert again.status_code == 303 and again.headers["Location"].endswith(url)
    assert client.get(url).status_code == 202
    run_jobs()
    assert client.get(url).mimetype == "application/pdf"


def test_retry_from_htmx_gets_the_waiting_fragment(client, sent, monkeypatch):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    monkeypatch.setattr(pdfs, "ATTEMPTS", 1)
    monkeypatch.setattr(pdfs, "render_pdf", lambda html, **_options: 1 / 0)
    client.get(url)
    run_jobs(include_scheduled=True)
    assert db.session.scalars(select(RecordPdf)).one().status == "failed"
    retried = client.post(url, headers={"HX-Request": "true"})
    assert retried.status_code == 202
    assert "Your PDF is being made." in page_text(retried)


def test_deleting_the_child_removes_the_cached_pdf_files(app, client, sent):
    _worker, activity = sent
    client.get(f"/record/activity/{activity.public_id}.pdf")
    run_jobs()
    assert len(pdf_files(app)) == 1
    delete_child(activity.child, "Retention ended")
    assert (
        pdf_files(app) == [] and db.session.scalar(select(func.count()).select_from(RecordPdf)) == 0
    )


def test_a_job_for_a_deleted_child_makes_nothing(app, client, sent):
    _worker, activity = sent
    client.get(f"/record/activity/{activity.public_id}.pdf")
    delete_child(activity.child, "Retention ended")
    run_jobs()
    assert (
        pdf_files(app) == [] and db.session.scalar(select(func.count()).select_from(RecordPdf)) == 0
    )


def test_another_worker_cannot_see_or_start_the_pdf(app, client, make_worker, sent):
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    client.get(url)
    run_jobs()
    intruder = app.test_client()
    intruder.post("/staff/sign-in", data={"email": make_worker().email, "password": PASSWORD})
    assert intruder.get(url).status_code == 404
    assert intruder.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert intruder.post(url).status_code == 404
    assert app.test_client().get(url).status_code == 302  # signed out: to sign-in


def test_the_document_page_is_still_immediate(client, sent):
    _worker, activity = sent
    response = client.get(f"/record/activity/{activity.public_id}")
    assert response.status_code == 200 and "Three Houses" in page_text(response)
    assert jobs_waiting() == []


def test_a_real_pdf_worker_makes_it_and_a_killed_one_is_taken_over(
    app, client, sent, worker_process
):
    """On PostgreSQL: the request answers at once; a separate `flask jobs worker --queue pdf`
    renders, and if it dies another one finishes the job."""
    _worker, activity = sent
    url = f"/record/activity/{activity.public_id}.pdf"
    first = worker_process.start("--queue", "pdf")
    started = time.monotonic()
    assert client.get(url).status_code == 202
    assert time.monotonic() - started < 2  # the page never waits for the renderer
    worker_process.kill(first)
    worker_process.start("--queue", "pdf")
    served = wait_for(
        lambda: (r := client.get(url)).mimetype == "application/pdf" and r, timeout=60
    )
    assert served.data.startswith(b"%PDF"), worker_process.logs()
    assert db.session.scalar(select(func.count()).select_from(RecordPdf)) == 1
