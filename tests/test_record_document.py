"""A record PDF looks like a record: every page says whose it is (name, date of birth, case
reference) and which page of how many, page 1 is not left half empty, and the worker's
analysis carries its author and date in the PDF, the record page and the JSON."""

import io
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale, format_datetime
from pypdf import PdfReader
from sqlalchemy import update

from participation.activities.models import Mode
from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs.testing import run_jobs
from tests.helpers import PASSWORD, page_text, png_bytes, upload

# Long enough that the three houses, each with a drawing, run over several pages.
WORDS = ("I hide in my room when Dad shouts and I put my hands over my ears. " * 12 + "\n") * 2
ANALYSIS = "Amy describes hiding; consistent with the school's report."


def pdf_pages(client, url: str) -> list[str]:
    """The text of each page of a record PDF, made by the "pdf" queue as in production."""
    assert client.get(url).status_code == 202
    run_jobs()
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]


@pytest.fixture
def long_record(client, auth, make_worker, make_child, make_activity):
    """Amy's Three Houses, done together, with a drawing and many words in every house."""
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}/areas"
    for area in ("worries", "good_things", "dreams"):
        client.post(f"{base}/{area}/words", data={"child_words": WORDS})
        upload(client, activity, area, png_bytes(size=(800, 600)))
    client.post(f"/activities/{activity.public_id}/finish")
    client.post(f"/review/{activity.public_id}/analysis", data={"analysis": ANALYSIS})
    return worker, activity


def test_every_page_says_whose_record_it_is_and_which_page(client, long_record):
    _worker, activity = long_record
    child = activity.child
    pages = pdf_pages(client, f"/record/activity/{activity.public_id}.pdf")
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "Amy Clarke" in text, f"page {number}"
        assert "Date of birth 1 March 2017" in text, f"page {number}"
        assert f"Case reference {child.case_reference}" in text, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text
        assert f"Record ID {activity.public_id}" in text


def test_the_first_page_is_not_left_half_empty(client, long_record):
    """A house with a big drawing was kept whole, so it jumped to page 2 and left page 1
    blank under the header: the first house now starts on page 1, words and all."""
    _worker, activity = long_record
    first = pdf_pages(client, f"/record/activity/{activity.public_id}.pdf")[0]
    assert "House of worries" in first
    assert "I hide in my room when Dad shouts" in first


def _analysis_saved(activity, at: datetime) -> None:
    """Move the saving of the analysis to a known moment (its audit event)."""
    db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.action == "save_analysis", AuditEvent.object_id == activity.public_id)
        .values(at=at)
    )
    db.session.commit()


def test_the_analysis_has_its_author_and_date_in_the_pdf_the_page_and_the_json(
    app, client, long_record
):
    _worker, activity = long_record
    _analysis_saved(activity, datetime(2026, 11, 3, 10, 15, tzinfo=UTC))
    url = f"/record/activity/{activity.public_id}"

    analysis = client.get(f"{url}.json").get_json()["worker_analysis"]
    assert analysis == {"text": ANALYSIS, "by": "Sam Okafor", "at": "2026-11-03T10:15:00+00:00"}

    with app.test_request_context(), force_locale("en"):
        when = format_datetime(datetime(2026, 11, 3, 10, 15, tzinfo=UTC), "d MMMM yyyy, HH:mm")
    assert when == "3 November 2026, 10:15"  # UK time: GMT in November
    said = f"Analysis by Sam Okafor, {when}"
    assert said in page_text(client.get(url))
    pdf = " ".join(" ".join(pdf_pages(client, f"{url}.pdf")).split())
    assert ANALYSIS in pdf and said in pdf


def test_the_analysis_date_is_when_it_was_last_changed(client, long_record):
    """Rewritten later, the analysis is dated when it was rewritten, not first written."""
    worker, activity = long_record
    _analysis_saved(activity, datetime(2026, 11, 3, 10, 15, tzinfo=UTC))
    url = f"/review/{activity.public_id}/analysis"
    client.post(url, data={"analysis": "Rewritten after the strategy meeting."})
    record = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    analysis = record["worker_analysis"]
    assert analysis["text"] == "Rewritten after the strategy meeting."
    assert analysis["by"] == worker.name
    assert datetime.fromisoformat(analysis["at"]) > datetime(2026, 11, 4, tzinfo=UTC)


def test_the_case_systems_api_has_the_analysis_with_its_author_and_date(app, long_record):
    from participation.caserecord.services import create_client

    worker, activity = long_record
    _analysis_saved(activity, datetime(2026, 11, 3, 10, 15, tzinfo=UTC))
    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    entry = api.get(f"/api/v1/entries/{activity.public_id}").get_json()
    assert entry["worker_analysis"] == {
        "text": ANALYSIS,
        "by": "Sam Okafor",
        "at": "2026-11-03T10:15:00+00:00",
    }


def test_no_analysis_yet_is_said_so_and_the_json_has_none(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    client.post(f"/activities/{activity.public_id}/finish")
    url = f"/record/activity/{activity.public_id}"
    assert client.get(f"{url}.json").get_json()["worker_analysis"] is None
    assert "No analysis recorded yet." in page_text(client.get(url))


def test_the_record_page_on_screen_has_no_print_margins(client, long_record):
    """The running head and page numbers are the PDF's: the page has its own header."""
    _worker, activity = long_record
    html = client.get(f"/record/activity/{activity.public_id}").get_data(as_text=True)
    assert "running-head" not in html and "<style" not in html  # strict CSP on the page


def test_every_page_of_a_journal_entry_names_each_child_of_the_family(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke")
    family = make_family(amy, worker)
    ben = make_child(worker, name="Ben Clarke")
    ben.family_id = family.id
    db.session.commit()
    phone = member_phone(make_member(family, worker))
    phone.post("/network/journal/new", data={"plan_worked": "no", "what_happened": WORDS * 3})
    from participation.journal.models import JournalEntry

    entry = db.session.scalars(db.select(JournalEntry)).one()
    auth.sign_in(worker)
    pages = pdf_pages(client, f"/record/journal/{entry.public_id}.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        for child in (amy, ben):
            assert child.name in text and f"Case reference {child.case_reference}" in text
        assert "Date of birth 1 March 2017" in text
        assert f"Page {number} of {len(pages)}" in text
    json = client.get(f"/record/journal/{entry.public_id}.json").get_json()
    assert {c["date_of_birth"] for c in json["family"]["children"]} == {"2017-03-01"}


def test_every_page_of_an_agreed_pathway_plan_names_the_young_person(
    app, auth, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(name="Priya Shah")
    person = make_young_person(adviser)
    person.case_reference = "CL-0042"
    db.session.commit()
    phone = yp_phone(person)
    phone.post("/my-plan/health", data={"version": "0", "in_my_words": WORDS * 2,
                                        "want_to_achieve": WORDS})  # fmt: skip
    phone.post("/my-plan/agree")
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": adviser.email, "password": PASSWORD})
    staff.post(f"/young-people/{person.public_id}/agree")
    from participation.pathway.models import AgreedPlanVersion

    version = db.session.scalars(db.select(AgreedPlanVersion)).one()
    pages = pdf_pages(staff, f"/record/pathway/{version.public_id}.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Jordan Reid" in text and "Date of birth 2 April 2008" in text
        assert "Case reference CL-0042" in text and f"Page {number} of {len(pages)}" in text


def test_every_page_of_an_agreed_safety_plan_names_the_familys_children(
    client, auth, make_worker, make_child, make_family
):
    from participation.network.version_models import SafetyPlanVersion

    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke")
    family = make_family(amy, worker)
    auth.sign_in(worker)
    assert (
        client.post(f"/families/{family.public_id}/plan/versions/agree", data={"confirm": "1"})
    ).status_code == 302
    version = db.session.scalars(
        db.select(SafetyPlanVersion).where(SafetyPlanVersion.agreed_at.is_not(None))
    ).one()
    pages = pdf_pages(client, f"/record/safety-plan/{version.public_id}.pdf")
    for number, text in enumerate(pages, start=1):
        assert "Amy Clarke" in text and "Date of birth 1 March 2017" in text
        assert f"Case reference {amy.case_reference}" in text
        assert f"Page {number} of {len(pages)}" in text


def test_every_page_of_a_meeting_and_an_advocacy_request_names_the_child(
    client, auth, make_worker, make_child
):
    from participation.advocacy.models import AdvocacyRequest
    from participation.meetings.models import Meeting

    worker = make_worker(name="Sam Okafor")
    chair = make_worker(role=Role.INDEPENDENT_REVIEWING_OFFICER, name="Rita Iro")
    amy = make_child(worker, name="Amy Clarke")
    meeting = Meeting(child=amy, kind="looked_after_review", held_on=date(2026, 12, 16),
                      chair=chair, views_due=date(2026, 12, 11), created_by=worker,
                      outcome=WORDS, outcome_at=utcnow(), outcome_by=worker)  # fmt: skip
    request = AdvocacyRequest(child=amy, kind="advocate", words=WORDS, language="en")
    db.session.add_all([meeting, request])
    db.session.commit()
    auth.sign_in(worker)
    for url in (f"/record/meeting/{meeting.public_id}.pdf",
                f"/record/advocacy/{request.public_id}.pdf"):  # fmt: skip
        pages = pdf_pages(client, url)
        for number, text in enumerate(pages, start=1):
            assert "Amy Clarke" in text and "Date of birth 1 March 2017" in text, url
            assert f"Case reference {amy.case_reference}" in text
            assert f"Page {number} of {len(pages)}" in text
