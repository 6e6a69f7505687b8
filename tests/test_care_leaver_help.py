"""A care leaver's "I need help now": numbers they can call in one tap, their PA told
urgently through the alert chain and on the record, once per call for help, out of hours the
emergency duty team too; their "My PA" card; and the case reference and date of birth that
put the plan on the right file."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.alerts import services as alert_services
from participation.alerts.models import AlertNotice, WorryAlert
from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.pathway.agreement import adviser_agrees, agree
from tests.helpers import PASSWORD, page_text

NIGHT = {"name": "Emergency duty team", "mobile": "07700900202", "email": "edt@example.org"}
SAM_MOBILE = "07700900101"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "OUT_OF_HOURS_CONTACT": NIGHT, "EMERGENCY_DUTY_PHONE": "0191 555 0100"}


@pytest.fixture(autouse=True)
def working_hours(monkeypatch):
    monkeypatch.setattr(alert_services, "in_working_hours", lambda now: True)


@pytest.fixture
def sam(fake_notify, make_worker):
    sam = make_worker(name="Sam Okafor")
    sam.mobile = SAM_MOBILE
    db.session.commit()
    return sam


@pytest.fixture
def jordan(sam, make_young_person):
    person = make_young_person(sam)
    person.case_reference = "LC-20931"
    db.session.commit()
    return person


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def sent_to(fake, address: str) -> list:
    return [m for m in fake.sends() if (m["phone_number"] or m["email_address"]) == address]


def test_help_is_on_every_screen_and_each_number_is_one_tap(client, jordan, yp_phone):
    phone = yp_phone(jordan)
    for url in ("/my-plan", "/my-plan/money", "/my-plan/help"):
        assert 'href="/my-plan/help"' in phone.get(url).get_data(as_text=True), url
    # Signed out, the numbers are still there: whoever holds the phone may need them.
    html = client.get("/my-plan/help").get_data(as_text=True)
    for link in ('href="tel:999"', 'href="tel:116123"', 'href="tel:111"', 'href="tel:01915550100"',
                 'href="sms:85258?&amp;body=SHOUT"'):  # fmt: skip
        assert link in html, link
    assert "Tell my PA I need help" not in html


def test_tell_my_pa_alerts_them_urgently_and_goes_on_the_record(
    fake_notify,
    app,
    sam,
    jordan,
    yp_phone,
):
    phone = yp_phone(jordan)
    assert "Sam gets a text and an email straight away" in page_text(phone.get("/my-plan/help"))
    pressed = phone.post("/my-plan/help")
    assert pressed.status_code == 303
    # Told only what is true: the message is still waiting to go.
    assert "We are sending your PA Sam a message now." in page_text(phone.get("/my-plan/help"))
    run_jobs()
    assert "Your PA Sam has been sent a message." in page_text(phone.get("/my-plan/help"))
    alert = db.session.scalars(select(WorryAlert)).one()
    texts = sent_to(fake_notify, SAM_MOBILE) + sent_to(fake_notify, sam.email)
    assert len(texts) == 2
    for message in texts:
        assert "Urgent: a young person you support needs help now" in message["body"]
        assert "Jordan" not in message["body"] + (message["subject"] or "")  # lock screens
    entry = db.session.scalars(select(RecordEntry)).one()
    assert (entry.kind, entry.object_id, entry.urgent) == ("help_request", alert.public_id, True)
    staff = signed_in(app, sam)
    assert "Jordan Reid pressed “I need help now”" in page_text(staff.get("/review"))
    document = staff.get(f"/record/help-request/{alert.public_id}.json").get_json()
    assert document["young_person"]["case_reference"] == "LC-20931"
    assert document["young_person"]["date_of_birth"] == "2008-04-02"
    assert {n["to"] for n in document["notices"]} == {"Sam Okafor"}
    assert "LC-20931" in page_text(staff.get(f"/record/help-request/{alert.public_id}"))
    done = staff.post(f"/alerts/{alert.public_id}", data={"action": "phoning"})
    assert done.status_code == 303
    assert "Sam has seen it and is dealing with it." in page_text(phone.get("/my-plan/help"))


def test_a_double_tap_is_one_alert_and_one_message(fake_notify, sam, jordan, yp_phone):
    phone = yp_phone(jordan)
    for _ in range(3):
        assert phone.post("/my-plan/help").status_code == 303
    run_jobs()
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 1
    assert db.session.scalar(select(func.count()).select_from(RecordEntry)) == 1
    assert len(sent_to(fake_notify, SAM_MOBILE)) == 1


def test_another_young_person_and_another_adviser_cannot_see_it(
    app, sam, jordan, yp_phone, make_worker, make_young_person
):
    phone = yp_phone(jordan)
    phone.post("/my-plan/help")
    alert = db.session.scalars(select(WorryAlert)).one()
    other = yp_phone(make_young_person(sam, name="Alex Moss"))
    assert "has been sent a message" not in page_text(other.get("/my-plan/help"))
    assert "sending your PA" not in page_text(other.get("/my-plan/help"))
    stranger = signed_in(app, make_worker(name="Pat Stranger"))
    assert stranger.get(f"/alerts/{alert.public_id}").status_code == 404
    assert stranger.get(f"/record/help-request/{alert.public_id}").status_code == 404
    assert "Jordan" not in page_text(stranger.get("/review"))
    # Signed out, pressing tells nobody: there is nobody to tell about.
    assert app.test_client().post("/my-plan/help").status_code == 404


def test_out_of_hours_the_emergency_duty_team_is_told_at_once(
    monkeypatch,
    fake_notify,
    sam,
    jordan,
    yp_phone,
):
    monkeypatch.setattr(alert_services, "in_working_hours", lambda now: False)
    phone = yp_phone(jordan)
    assert "the council's emergency duty team is told straight away" in page_text(
        phone.get("/my-plan/help")
    )
    phone.post("/my-plan/help")
    run_jobs()
    page = page_text(phone.get("/my-plan/help"))
    assert "Your PA Sam has been sent a message." in page
    assert (
        "It is out of hours, so the council's emergency duty team has been sent a message." in page
    )
    duty = sent_to(fake_notify, NIGHT["mobile"])
    assert len(duty) == 1 and "LC-20931" in duty[0]["body"] and "Jordan" not in duty[0]["body"]


def test_while_the_pa_is_away_their_cover_is_told_and_can_open_it(
    fake_notify,
    app,
    sam,
    jordan,
    yp_phone,
    make_worker,
):
    alex = make_worker(name="Alex Cover")
    staff = signed_in(app, sam)
    saved = staff.post("/young-people/availability", data={
        "contact_phone": "0191 555 0123", "contact_email": "sam.okafor@council.example",
        "available_hours": "Monday to Thursday, 9 to 5",
        "away_until": (date.today() + timedelta(days=7)).isoformat(),
        "cover_worker_id": str(alex.id),
    })  # fmt: skip
    assert saved.status_code == 303
    phone = yp_phone(jordan)
    card = page_text(phone.get("/my-plan"))
    assert "My PA" in card and "Sam Okafor" in card and "0191 555 0123" in card
    assert "Monday to Thursday, 9 to 5" in card and "Alex Cover covers" in card
    assert 'href="tel:01915550123"' in phone.get("/my-plan").get_data(as_text=True)
    phone.post("/my-plan/help")
    run_jobs()
    assert sent_to(fake_notify, alex.email) and not sent_to(fake_notify, sam.email)
    assert "Sam is away, so Alex, who covers for Sam, has been sent a message." in page_text(
        phone.get("/my-plan/help")
    )
    alert = db.session.scalars(select(WorryAlert)).one()
    assert signed_in(app, alex).get(f"/alerts/{alert.public_id}").status_code == 200
    assert set(db.session.scalars(select(AlertNotice.recipient_name))) == {"Alex Cover"}


def test_cover_must_be_in_the_pas_team_and_only_managers_edit_others(app, sam, make_worker, team):
    from participation.auth.services import get_or_create_team

    elsewhere = make_worker(name="Far Away", team=get_or_create_team("Southside"))
    staff = signed_in(app, sam)
    refused = staff.post("/young-people/availability", data={"cover_worker_id": str(elsewhere.id)})
    assert refused.status_code == 422
    colleague = make_worker(name="Chris Colleague")
    assert staff.get(f"/young-people/availability?worker={colleague.id}").status_code == 404
    manager = signed_in(app, make_worker(role=Role.TEAM_MANAGER, name="Jo Manager"))
    assert manager.get(f"/young-people/availability?worker={sam.id}").status_code == 200


def test_case_reference_is_set_on_the_new_person_form_and_editable(app, sam):
    staff = signed_in(app, sam)
    made = staff.post("/young-people/new", data={
        "name": "Casey Lane", "date_of_birth": "2008-01-05", "preferred_language": "en",
        "interpreter_gender": "", "case_reference": "LC-1001",
    })  # fmt: skip
    assert made.status_code == 302
    from participation.pathway.models import YoungPerson

    person = db.session.scalars(select(YoungPerson).filter_by(name="Casey Lane")).one()
    assert person.case_reference == "LC-1001"
    edited = staff.post(
        f"/young-people/{person.public_id}/case-details",
        data={"case_reference": "LC-1002", "date_of_birth": "2008-01-06"},
    )
    assert edited.status_code == 303
    db.session.expire_all()
    assert (person.case_reference, person.date_of_birth) == ("LC-1002", date(2008, 1, 6))


def test_the_agreed_plan_on_the_record_and_api_carries_case_reference_and_birth_date(
    app, sam, jordan
):
    from participation.caserecord.payloads import payload

    agree(jordan, "young_person")
    adviser_agrees(jordan)
    db.session.commit()
    entry = db.session.scalars(select(RecordEntry).filter_by(kind="pathway_version")).one()
    with app.test_request_context():
        data = payload(entry)
    assert data["young_person"]["case_reference"] == "LC-20931"
    assert data["young_person"]["date_of_birth"] == "2008-04-02"
    assert data["young_person"]["name"] == "Jordan Reid"
    staff = signed_in(app, sam)
    page = page_text(staff.get(f"/record/pathway/{entry.object_id}"))
    assert "LC-20931" in page and "2 April 2008" in page


# What the page promises is what happens (review #17 items 2, 3 and 13) ----------------------


def away_with_cover(sam, cover=None) -> None:
    sam.away_until = date.today() + timedelta(days=7)
    sam.cover_worker_id = cover.id if cover is not None else None
    db.session.commit()


def test_out_of_hours_without_a_duty_contact_no_duty_team_is_promised(
    app, monkeypatch, sam, jordan, yp_phone
):
    monkeypatch.setattr(alert_services, "in_working_hours", lambda now: False)
    app.config["OUT_OF_HOURS_CONTACT"] = None
    app.config["DUTY_CONTACT"] = None
    page = page_text(yp_phone(jordan).get("/my-plan/help"))
    assert "duty team is told" not in page  # its phone number is still listed below
    assert "Sam gets a text and an email straight away." in page


def test_only_the_means_that_exist_are_promised(sam, jordan, yp_phone):
    sam.mobile = None
    db.session.commit()
    page = page_text(yp_phone(jordan).get("/my-plan/help"))
    assert "Sam gets an email straight away." in page
    assert "a text" not in page


def test_pa_away_with_no_cover_the_manager_is_told_at_once_and_truly_said(
    fake_notify, sam, jordan, yp_phone, make_worker
):
    manager = make_worker(role=Role.TEAM_MANAGER, name="Jo Manager")
    away_with_cover(sam)
    phone = yp_phone(jordan)
    page = page_text(phone.get("/my-plan/help"))
    assert "Sam is away, so they will not get a message." in page
    assert "The team manager gets a message straight away." in page
    assert "gets a text" not in page and "If nobody answers soon" not in page
    phone.post("/my-plan/help")
    run_jobs()
    page = page_text(phone.get("/my-plan/help"))
    assert sent_to(fake_notify, manager.email) and not sent_to(fake_notify, sam.email)
    assert "The team manager has been sent a message." in page
    assert "Nobody has answered yet" not in page  # nobody was asked before the manager
    assert "Jo" not in page  # a manager's name is not one the young person knows


def test_when_nobody_at_all_can_be_told_the_young_person_is_sent_to_the_lines(
    app, sam, jordan, yp_phone
):
    app.config["OUT_OF_HOURS_CONTACT"] = None
    app.config["DUTY_CONTACT"] = None
    away_with_cover(sam)
    phone = yp_phone(jordan)
    page = page_text(phone.get("/my-plan/help"))
    assert "Nobody can be sent a message right now" in page
    assert "straight away" not in page
    phone.post("/my-plan/help")
    run_jobs()
    assert "We could not send anyone a message" in page_text(phone.get("/my-plan/help"))


def test_with_a_manager_the_page_says_they_hear_if_nobody_answers(sam, jordan, yp_phone,
                                                                   make_worker):  # fmt: skip
    make_worker(role=Role.TEAM_MANAGER, name="Jo Manager")
    page = page_text(yp_phone(jordan).get("/my-plan/help"))
    assert "Sam gets a text and an email straight away." in page
    assert "If nobody answers soon, the team manager is told too." in page


def badge(client) -> str:
    """The header's worry alert badge, as its reader sees it ("" when there is none)."""
    html = client.get("/review").get_data(as_text=True)
    start = html.find('class="badge urgent"')
    return "" if start < 0 else html[html.find(">", start) + 1 : html.find("</span>", start)]


def test_named_cover_sees_only_the_calls_for_help_they_were_told_of(
    fake_notify, app, sam, jordan, yp_phone, make_worker
):
    alex = make_worker(name="Alex Cover")
    sam.cover_worker_id = alex.id  # named as cover, but Sam is at work
    db.session.commit()
    phone = yp_phone(jordan)
    phone.post("/my-plan/help")
    run_jobs()
    at_work = db.session.scalars(select(WorryAlert)).one()
    cover = signed_in(app, alex)
    # Safeguarding/privacy: being named as cover opens nothing while the PA is at work.
    assert cover.get(f"/alerts/{at_work.public_id}").status_code == 404
    assert cover.get(f"/record/help-request/{at_work.public_id}").status_code == 404
    assert badge(cover) == "" and "Jordan" not in page_text(cover.get("/review"))
    assert alert_services.open_alert_count(alex) == 0
    # Sam goes away: Alex is told of the next call for help, and sees that one.
    away_with_cover(sam, alex)
    at_work.acknowledged_at = at_work.raised_at  # so the next press is a new call for help
    db.session.commit()
    phone.post("/my-plan/help")
    run_jobs()
    while_away = db.session.scalars(select(WorryAlert).where(WorryAlert.id != at_work.id)).one()
    assert cover.get(f"/alerts/{while_away.public_id}").status_code == 200
    assert cover.get(f"/alerts/{at_work.public_id}").status_code == 404
    assert badge(cover) == "1 worry alert"
    assert alert_services.open_alert_count(alex) == 1
    # Sam names someone else: Alex, who was told, can still open it and pick it up.
    chris = make_worker(name="Chris Next")
    sam.cover_worker_id = chris.id
    db.session.commit()
    assert cover.get(f"/alerts/{while_away.public_id}").status_code == 200
    assert badge(cover) == "1 worry alert"
    # The new cover was told of neither, so opens neither.
    newcomer = signed_in(app, chris)
    assert newcomer.get(f"/alerts/{while_away.public_id}").status_code == 404
    assert badge(newcomer) == ""
    done = cover.post(f"/alerts/{while_away.public_id}", data={"action": "phoning"})
    assert done.status_code == 303
    assert "Alex has seen it and is dealing with it." in page_text(phone.get("/my-plan/help"))
    assert badge(cover) == ""


def test_a_manager_who_picks_it_up_is_not_named(app, sam, jordan, yp_phone, make_worker):
    manager = make_worker(role=Role.TEAM_MANAGER, name="Jo Manager")
    phone = yp_phone(jordan)
    phone.post("/my-plan/help")
    run_jobs()
    alert = db.session.scalars(select(WorryAlert)).one()
    done = signed_in(app, manager).post(f"/alerts/{alert.public_id}", data={"action": "phoning"})
    assert done.status_code == 303
    page = page_text(phone.get("/my-plan/help"))
    assert "Someone from the council has seen it and is dealing with it." in page
    assert "Jo" not in page
