"""Someone independent (issue #16): a child or young person asks for an advocate or says they
are not happy; the council's contacts (and for a child in care, above their worker) are told
off the request path; it is a record entry, audited, scoped, and the outcome comes back in
their language."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from participation.advocacy.models import AdvocacyNotice, AdvocacyRequest
from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.notify import outbox
from participation.translation.models import Translation
from tests.helpers import PASSWORD, page_text

CONTACTS = {
    "ADVOCACY_CONTACT": {"name": "Advocacy Matters", "email": "advocacy@example.gov.uk", "days": 3},
    "COMPLAINTS_CONTACT": "complaints@example.gov.uk",
}


@pytest.fixture
def app_config(app_config):
    return {**app_config, **CONTACTS}


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def requests_of(**owner):
    return db.session.scalars(select(AdvocacyRequest).filter_by(**owner)).all()


def test_every_child_screen_has_the_pair_and_the_page_says_who_and_when(app, tablet):
    activity = tablet.activity
    text = page_text(tablet.get(f"/activities/{activity.public_id}"))
    assert "I'd like an advocate, someone who isn't my worker" in text
    assert "I'm not happy about something" in text
    page = page_text(tablet.get(f"/advocacy/child/{activity.public_id}/advocate"))
    assert "Advocacy Matters is told" in page and "within 3 working days" in page
    assert tablet.get(f"/advocacy/child/{activity.public_id}/nonsense").status_code == 404


def test_a_child_asks_once_for_a_double_tap_and_the_contacts_are_told(
    app, make_worker, make_child, make_activity, make_code
):
    manager = make_worker(role=Role.TEAM_MANAGER, name="Jo Fletcher")
    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke", language="pl")
    activity = make_activity(amy, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    url = f"/advocacy/child/{activity.public_id}/complaint"
    data = {"client_key": "key-1", "words": "Nie lubię mojego pokoju"}
    first = tablet.post(url, data=data)
    second = tablet.post(url, data=data)  # a double tap
    assert first.status_code == second.status_code == 303
    (item,) = requests_of(child_id=amy.id)
    assert item.kind == "complaint" and item.words == "Nie lubię mojego pokoju"
    # Amy's screens are in Polish: "Sent. Thank you for telling us." in her language.
    with force_locale("pl"):
        sent = gettext("Sent. Thank you for telling us.")
    assert sent != "Sent. Thank you for telling us."
    assert sent in page_text(tablet.get(first.headers["Location"]))

    # Off the request path: nothing sent until the job runs, then once to each.
    notices = db.session.scalars(select(AdvocacyNotice)).all()
    assert {n.address for n in notices} == {"complaints@example.gov.uk", manager.email}
    assert all(n.status == "pending" for n in notices)
    outbox.clear()
    run_jobs()
    assert sorted(to for to, _text in outbox) == sorted(
        ["complaints@example.gov.uk", manager.email]
    )
    # Privacy: no name and no words in the email.
    assert all("Amy" not in text and "pokoju" not in text for _to, text in outbox)
    run_jobs()
    assert len(outbox) == 2  # sent once
    # A record entry, and the child's words go to be translated for the worker.
    assert db.session.scalar(select(RecordEntry).filter_by(object_id=item.public_id))
    assert db.session.scalar(
        select(Translation).filter_by(object_kind="advocacy_request", object_id=item.public_id)
    )
    audit = db.session.scalars(select(AuditEvent).filter_by(action="advocacy_request")).all()
    assert audit and audit[0].child_public_id == amy.public_id


def test_empty_words_are_fine_and_too_many_are_422(app, tablet):
    url = f"/advocacy/child/{tablet.activity.public_id}/advocate"
    assert tablet.post(url, data={"client_key": "k", "words": ""}).status_code == 303
    too_long = tablet.post(url, data={"client_key": "k2", "words": "x" * 5000})
    assert too_long.status_code == 422
    fragment = tablet.post(url, data={"client_key": "k3", "words": "x" * 5000},
                           headers={"HX-Request": "true"})  # fmt: skip
    assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)


def test_a_young_person_asks_and_the_advocacy_service_is_told(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Priya Shah")
    person = make_young_person(adviser)
    phone = yp_phone(person)
    text = page_text(phone.get("/my-plan"))
    assert "I'd like an advocate" in text and "I'm not happy about something" in text
    response = phone.post("/advocacy/me/advocate", data={"client_key": "yp-1", "words": "Help"})
    assert response.status_code == 303
    (item,) = requests_of(young_person_id=person.id)
    outbox.clear()
    run_jobs()
    assert [to for to, _text in outbox] == ["advocacy@example.gov.uk"]
    assert db.session.scalar(select(RecordEntry).filter_by(object_id=item.public_id))
    event = db.session.scalar(select(AuditEvent).filter_by(action="advocacy_request"))
    assert event.subject_kind == "young_person" and event.subject_id == person.public_id
    # Signed out, the page is not there.
    assert app.test_client().get("/advocacy/me/advocate").status_code == 404


def test_workers_see_only_their_own_childrens_requests(
    app, make_worker, make_child, make_activity, make_code, team
):
    from participation.auth.services import get_or_create_team

    sam = make_worker(name="Sam Okafor")
    other = make_worker(name="Lee Brown", team=get_or_create_team("East"))
    amy, ben = make_child(sam, name="Amy Clarke"), make_child(other, name="Ben Jones")
    for child, worker in ((amy, sam), (ben, other)):
        activity = make_activity(child, worker)
        tablet = app.test_client()
        tablet.post("/start", data={"code": make_code(activity, worker)})
        tablet.post(f"/advocacy/child/{activity.public_id}/advocate", data={"words": "hi"})
    amy_request = requests_of(child_id=amy.id)[0]
    ben_request = requests_of(child_id=ben.id)[0]
    staff = signed_in(app, sam)
    text = page_text(staff.get("/advocacy"))
    assert "Amy Clarke" in text and "Ben Jones" not in text
    assert staff.get(f"/advocacy/{ben_request.public_id}").status_code == 404
    assert (
        staff.post(
            f"/advocacy/{ben_request.public_id}", data={"outcome": "x", "language": "en"}
        ).status_code
        == 404
    )
    assert staff.get(f"/record/advocacy/{ben_request.public_id}").status_code == 404
    assert staff.get(f"/advocacy/{amy_request.public_id}").status_code == 200
    read = db.session.scalar(select(AuditEvent).filter_by(action="view_advocacy_request"))
    assert read.child_public_id == amy.public_id
    # The record entry: HTML, JSON and PDF for the worker who may see it.
    document = staff.get(f"/record/advocacy/{amy_request.public_id}.json").get_json()
    assert document["words"] == "hi" and document["person"]["name"] == "Amy Clarke"
    assert "Someone independent" in page_text(
        staff.get(f"/record/advocacy/{amy_request.public_id}")
    )


def test_the_outcome_comes_back_in_the_childs_language(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke", language="pl")
    activity = make_activity(amy, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    url = f"/advocacy/child/{activity.public_id}/advocate"
    tablet.post(url, data={"client_key": "a", "words": ""})
    (item,) = requests_of(child_id=amy.id)
    staff = signed_in(app, worker)
    assert staff.post(f"/advocacy/{item.public_id}", data={"outcome": ""}).status_code == 422
    outcome = "An advocate will phone you on Monday."
    response = staff.post(
        f"/advocacy/{item.public_id}", data={"outcome": outcome, "language": "en"}
    )
    assert response.status_code == 303
    # The outcome goes for translation into Polish; an interpreter finishes it.
    row = db.session.scalar(
        select(Translation).filter_by(object_kind="advocacy_outcome", target_language="pl")
    )
    assert row is not None and row.source_text == outcome
    row.text, row.status, row.translator_name = "Adwokat zadzwoni w poniedziałek.", "done", "Ola"
    row.translator_kind = "interpreter"
    from participation.db_types import utcnow

    row.translated_at = utcnow()
    db.session.commit()
    with tablet.session_transaction() as s:
        s["lang"] = "pl"
    text = page_text(tablet.get(url))
    assert "Adwokat zadzwoni w poniedziałek." in text
    assert db.session.scalar(select(AuditEvent).filter_by(action="view_advocacy_outcome"))
    assert db.session.scalar(select(AuditEvent).filter_by(action="advocacy_outcome"))
    # ...and it can be shared into the child's own space.
    from participation.childspace.registry import SHAREABLES

    shareable = SHAREABLES["advocacy_outcome"]
    assert [c.public_id for c in shareable.candidates(amy)] == [item.public_id]
    card = shareable.load(item.public_id, amy)
    assert card.text == "Adwokat zadzwoni w poniedziałek." and card.translated_by == "Ola"


def test_a_child_in_care_asks_and_their_reviewing_officer_is_told_not_the_manager(
    app, make_worker, make_child, make_activity, make_code
):
    from datetime import date

    from participation.meetings.models import Meeting, MeetingKind

    manager = make_worker(role=Role.TEAM_MANAGER, name="Jo Fletcher")
    worker = make_worker(name="Sam Okafor")
    iro = make_worker(role=Role.INDEPENDENT_REVIEWING_OFFICER, name="Ruth Adeyemi")
    amy = make_child(worker, name="Amy Clarke")
    db.session.add(
        Meeting(child=amy, kind=MeetingKind.LOOKED_AFTER_REVIEW, held_on=date(2026, 12, 16),
                chair=iro, views_due=date(2026, 12, 11), created_by=worker)
    )  # fmt: skip
    db.session.commit()
    activity = make_activity(amy, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    url = f"/advocacy/child/{activity.public_id}/advocate"
    # Told before she sends it, by name: her reviewing officer hears too.
    assert "Your independent reviewing officer, Ruth Adeyemi, is told too." in page_text(
        tablet.get(url)
    )
    assert (
        tablet.post(url, data={"client_key": "k", "words": "I want to change school"}).status_code
        == 303
    )
    notices = db.session.scalars(select(AdvocacyNotice)).all()
    assert {n.address for n in notices} == {"advocacy@example.gov.uk", iro.email}
    assert manager.email not in {n.address for n in notices}
