"""No web request ever renders a PDF: every PDF a person can ask for (a worker's record of an
activity, a journal entry, an agreed pathway plan; a young person's own plan) is a waiting
page until the "pdf" queue has made it, and asking twice at once makes it once."""

import sys

import pytest
from flask import has_request_context
from sqlalchemy import func, select

from participation.extensions import db
from participation.jobs.testing import jobs_waiting, run_jobs
from participation.journal.models import JournalEntry
from participation.record import pdfs, services
from participation.record.models import RecordPdf
from participation.retention.young_people import delete_young_person
from tests.big_plan import fill_to_the_limits
from tests.helpers import page_text, stored_files
from tests.test_concurrency import at_once, copies
from tests.test_journal import write
from tests.worker import wait_for

RENDER = "participation.record.pdfs.render_record_pdf"


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """Every PDF drawn, by HTML; drawing one while a web request is being answered fails."""
    real = services.render_pdf
    drawn: list[str] = []

    def only_in_a_job(html: str, **options) -> bytes:
        if has_request_context():
            raise AssertionError("a web request rendered a PDF")
        drawn.append(html)
        return real(html, **options)

    # Wherever it was imported, not only where it was defined.
    for name, module in list(sys.modules.items()):
        if name.startswith("participation") and getattr(module, "render_pdf", None) is real:
            monkeypatch.setattr(module, "render_pdf", only_in_a_job)
    return drawn


@pytest.fixture
def young_person(make_worker, make_young_person, yp_phone):
    adviser = make_worker(name="Priya Shah")
    person = make_young_person(adviser)
    return adviser, person, yp_phone(person)


def save(phone, words: str, version: int = 0):
    data = {"version": version, "in_my_words": words, "want_to_achieve": ""}
    return phone.post("/my-plan/health", data=data)


@pytest.fixture
def every_pdf(app, client, auth, make_worker, make_child, make_activity, make_code,
              make_family, make_member, member_phone, young_person):  # fmt: skip
    """One of each PDF, with the device that may ask for it."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(f"/activities/{activity.public_id}/areas/worries/words",
                data={"child_words": "Dad shouts"})  # fmt: skip
    tablet.post(f"/activities/{activity.public_id}/finish")
    family = make_family(child, worker)
    write(member_phone(make_member(family, worker, boss=True)), family)
    entry = db.session.scalars(select(JournalEntry)).one()

    adviser, person, phone = young_person
    save(phone, "I forget my inhaler.")
    phone.post("/my-plan/agree")
    adviser_device = app.test_client()
    auth.client = adviser_device
    auth.sign_in(adviser)
    adviser_device.post(f"/young-people/{person.public_id}/agree")
    from participation.pathway.models import AgreedPlanVersion

    version = db.session.scalars(select(AgreedPlanVersion)).one()
    auth.client = client
    auth.sign_in(worker)
    return [
        (client, f"/record/activity/{activity.public_id}.pdf"),
        (client, f"/record/journal/{entry.public_id}.pdf"),
        (adviser_device, f"/record/pathway/{version.public_id}.pdf"),
        (phone, "/my-plan/download.pdf"),
    ]


def test_every_pdf_waits_for_the_queue_and_no_request_draws_one(every_pdf, rendered):
    for device, url in every_pdf:
        waiting = device.get(url)
        assert waiting.status_code == 202, url
        assert "Your PDF is being made." in page_text(waiting)
        assert device.get(url, headers={"HX-Request": "true"}).status_code == 202
    assert rendered == []
    renders = [job for job in jobs_waiting(queue="pdf") if job[0].endswith("render_record_pdf")]
    assert len(renders) == len(every_pdf)
    run_jobs()  # the renders, and the print copies of the pictures as they arrived
    assert len(rendered) == len(every_pdf)
    for device, url in every_pdf:
        served = device.get(url)
        assert served.status_code == 200 and served.data.startswith(b"%PDF"), url
    assert len(rendered) == len(every_pdf)  # served from the file, not drawn again


def test_a_young_persons_waiting_page_is_in_their_phone_layout(young_person, rendered):
    _adviser, _person, phone = young_person
    save(phone, "I forget my inhaler.")
    waiting = phone.get("/my-plan/download.pdf")
    html = waiting.get_data(as_text=True)
    assert waiting.status_code == 202 and 'class="member"' in html
    assert "Download my plan (PDF)" in page_text(waiting) and "Sign out" in page_text(waiting)
    assert 'hx-trigger="every 3s"' in html and 'hx-get="/my-plan/download.pdf"' in html
    assert "Check again" in page_text(waiting) and "Read my whole plan" in page_text(waiting)
    assert waiting.headers["Cache-Control"] == "private, no-store"
    run_jobs()
    ready = phone.get("/my-plan/download.pdf", headers={"HX-Request": "true"})
    assert "Your PDF is ready." in page_text(ready) and "hx-trigger" not in ready.text
    assert "I forget my inhaler." in rendered[0]


def test_a_young_person_gets_only_their_own_plan(
    app, make_young_person, yp_phone, young_person, rendered
):
    adviser, _person, phone = young_person
    save(phone, "I forget my inhaler.")
    other = yp_phone(make_young_person(adviser, "Casey Moore"))
    save(other, "I like cooking.")
    phone.get("/my-plan/download.pdf")
    other.get("/my-plan/download.pdf")
    run_jobs()
    assert (
        db.session.scalar(select(func.count()).select_from(RecordPdf).filter_by(kind="my_plan"))
        == 2
    )
    mine, theirs = rendered
    assert "I forget my inhaler." in mine and "I like cooking." not in mine
    assert "I like cooking." in theirs and "I forget my inhaler." not in theirs
    # Signed out (or signed in as a worker): there is no plan of "theirs" to hand over.
    assert app.test_client().get("/my-plan/download.pdf").status_code == 404


def test_their_pdf_is_in_the_language_they_chose_and_changes_with_their_words(
    app, young_person, rendered
):
    _adviser, person, phone = young_person
    person.preferred_language = "pl"
    db.session.commit()
    save(phone, "I forget my inhaler.")
    phone.get("/my-plan/download.pdf")
    run_jobs()
    first = phone.get("/my-plan/download.pdf").data
    assert 'lang="pl"' in rendered[0]
    save(phone, "I remember my inhaler now.", version=1)
    assert phone.get("/my-plan/download.pdf").status_code == 202  # never the old words
    run_jobs()
    assert "I remember my inhaler now." in rendered[1]
    assert phone.get("/my-plan/download.pdf").data != first
    # Privacy: the out-of-date copy is not kept.
    pdf_files = [p for p in stored_files(app) if p.suffix == ".pdf"]
    assert (
        db.session.scalar(select(func.count()).select_from(RecordPdf)) == 1 and len(pdf_files) == 1
    )


def test_a_failed_pdf_tells_them_their_plan_is_safe(young_person, monkeypatch):
    _adviser, _person, phone = young_person
    monkeypatch.setattr(pdfs, "ATTEMPTS", 1)
    monkeypatch.setattr(pdfs, "render_pdf", lambda html, **_options: 1 / 0)
    save(phone, "I forget my inhaler.")
    phone.get("/my-plan/download.pdf")
    run_jobs(include_scheduled=True)
    poll = phone.get("/my-plan/download.pdf", headers={"HX-Request": "true"})
    assert "We couldn't make this PDF. Your plan is safe and has not changed." in page_text(poll)
    assert "Try again" in page_text(poll)
    assert phone.post("/my-plan/download.pdf").status_code == 303


def test_deleting_the_young_person_removes_their_pdf(app, young_person):
    _adviser, person, phone = young_person
    save(phone, "I forget my inhaler.")
    phone.get("/my-plan/download.pdf")
    run_jobs()
    assert [p for p in stored_files(app) if p.suffix == ".pdf"]
    delete_young_person(person, "Retention ended")
    assert db.session.scalar(select(func.count()).select_from(RecordPdf)) == 0
    assert [p for p in stored_files(app) if p.suffix == ".pdf"] == []


def test_a_large_plan_asked_for_twice_at_once_is_one_row_and_one_job(
    app, auth, client, young_person, rendered
):
    adviser, person, phone = young_person
    version = fill_to_the_limits(person)
    auth.sign_in(adviser)
    for device, url in (
        (client, f"/record/pathway/{version.public_id}.pdf"),
        (phone, "/my-plan/download.pdf"),
    ):
        twice = at_once(app, [lambda c=c, url=url: c.get(url) for c in copies(app, device, 2)])
        assert [r.status_code for r in twice] == [202, 202], url
    assert db.session.scalar(select(func.count()).select_from(RecordPdf)) == 2  # one per document
    assert [name for name, _ in jobs_waiting(queue="pdf")] == [RENDER, RENDER]
    assert rendered == []


def test_a_real_pdf_worker_makes_a_young_persons_plan(young_person, worker_process):
    """On PostgreSQL: `flask jobs worker --queue pdf`, a process with no request at all, makes
    the young person's PDF in their phone's layout, with a right-to-left language on record."""
    _adviser, person, phone = young_person
    person.preferred_language = "ar"
    db.session.commit()
    save(phone, "I forget my inhaler.")
    assert phone.get("/my-plan/download.pdf").status_code == 202
    worker_process.start("--queue", "pdf")
    served = wait_for(
        lambda: (r := phone.get("/my-plan/download.pdf")).mimetype == "application/pdf" and r,
        timeout=60,
    )
    assert served.data.startswith(b"%PDF"), worker_process.logs()
    assert db.session.scalars(select(RecordPdf)).one().kind == "my_plan"
