"""Urgent alerts reach a person: one SMS and one email to the worker, then the manager, then
the duty team, until someone says "I'm dealing with this"; and the child is told the truth."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.alerts import jobs as alert_jobs
from participation.alerts import services as alert_services
from participation.alerts.models import AlertNotice, WorryAlert
from participation.alerts.services import in_working_hours  # the real one, never patched
from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.caserecord.services import add_working_days
from participation.extensions import db
from participation.jobs.testing import jobs_waiting, run_jobs
from participation.journal.models import JournalEntry
from tests.fakes.notify import fake_notify  # noqa: F401
from tests.helpers import PASSWORD, page_text
from tests.worker import wait_for, worker_process  # noqa: F401

DUTY = {"name": "Northside duty desk", "mobile": "07700900201", "email": "duty@example.org"}
NIGHT = {"name": "Emergency duty team", "mobile": "07700900202", "email": "edt@example.org"}
SAM_MOBILE, JO_MOBILE = "07700900101", "07700900103"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "DUTY_CONTACT": DUTY, "OUT_OF_HOURS_CONTACT": NIGHT}


@pytest.fixture(autouse=True)
def working_hours(monkeypatch):
    """Tests run at any hour: the chain sees a weekday afternoon unless a test says not."""
    monkeypatch.setattr(alert_services, "in_working_hours", lambda now: True)


class Notify:
    """The fake GOV.UK Notify on loopback (tests/fakes/notify.py), read as a person would:
    who got which message."""

    provider_name = "GOV.UK Notify"

    def __init__(self, fake):
        self.fake = fake

    def fail_next(self, n: int = 1, status: int = 500, sends_only: bool = True):
        self.fake.fail_next(n, status=status, sends_only=sends_only)

    def messages(self) -> list[dict]:
        return [
            {
                "to": m["phone_number"] or m["email_address"],
                "subject": m["subject"] or "",
                "text": m["body"],
                "reference": m["reference"],
                "id": m["id"],
            }
            for m in self.fake.sends()
        ]


@pytest.fixture
def notify(fake_notify):  # noqa: F811  (the imported fixture, requested)
    """Before `app` in a test's arguments: the app is built to send through the fake."""
    return Notify(fake_notify)


@pytest.fixture
def people(app, make_worker):
    sam = make_worker(name="Sam Okafor")
    jo = make_worker(role=Role.TEAM_MANAGER, name="Jo Fletcher")
    sam.mobile, jo.mobile = SAM_MOBILE, JO_MOBILE
    db.session.commit()
    return sam, jo


@pytest.fixture
def amy(people, make_child, make_activity, make_code, app):
    """Amy on a tablet, about to press "I'm worried right now"."""
    sam, _jo = people
    activity = make_activity(make_child(sam, name="Amy Clarke"), sam)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, sam)})
    tablet.activity = activity
    return tablet


def tap(tablet):
    return tablet.post(
        f"/activities/{tablet.activity.public_id}/worry", headers={"HX-Request": "true"}
    )


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


def sent_to(notify, address: str) -> list:
    return [m for m in notify.messages() if m["to"] == address]


def the_alert() -> WorryAlert:
    return db.session.scalars(select(WorryAlert)).one()


def test_a_worry_tap_texts_and_emails_the_worker_once_with_no_child_words(notify, people, amy):
    sam, _jo = people
    help_text = page_text(tap(amy))
    assert "999" in help_text and "0800 1111" in help_text
    run_jobs()
    sms, email = sent_to(notify, SAM_MOBILE), sent_to(notify, sam.email)
    assert len(sms) == 1 and len(email) == 1
    alert = the_alert()
    for message in sms + email:
        text = message["text"] + message.get("subject", "")
        assert "Amy" not in text and "Clarke" not in text
        assert "Urgent: a child you work with needs you" in text
        assert f"/alerts/{alert.public_id}" in text
    assert not sent_to(notify, JO_MOBILE)


def test_eight_taps_are_one_message(notify, people, amy):
    sam, _jo = people
    for _ in range(8):
        assert "0800 1111" in page_text(tap(amy))
    run_jobs()
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 1
    assert len(sent_to(notify, SAM_MOBILE)) == 1 and len(sent_to(notify, sam.email)) == 1


def test_no_answer_tells_the_manager_then_the_duty_desk(notify, people, amy):
    sam, jo = people
    tap(amy)
    run_jobs()
    assert not sent_to(notify, JO_MOBILE)  # nobody else yet: the 15 minutes have not passed
    run_jobs(include_scheduled=True)
    order = [m["to"] for m in notify.messages()]
    assert order.count(JO_MOBILE) == 1 and order.count(jo.email) == 1
    assert order.count(DUTY["mobile"]) == 1 and order.count(DUTY["email"]) == 1
    assert max(order.index(SAM_MOBILE), order.index(sam.email)) < order.index(JO_MOBILE)
    assert order.index(JO_MOBILE) < order.index(DUTY["mobile"])
    assert NIGHT["mobile"] not in order
    # The chain has run to its end and every message was delivered: nothing is left to do.
    assert jobs_waiting(queue="alerts") == []
    assert {n.status for n in db.session.scalars(select(AlertNotice))} == {"delivered"}


def test_dealing_with_it_stops_the_chain_and_goes_on_the_record(notify, app, people, amy):
    sam, jo = people
    tap(amy)
    run_jobs()
    alert = the_alert()
    client = signed_in(app, sam)
    refused = client.post(f"/alerts/{alert.public_id}", data={})
    assert refused.status_code == 422 and "Choose what you are doing." in page_text(refused)
    done = client.post(
        f"/alerts/{alert.public_id}", data={"action": "phoning", "detail": "Ringing Amy's school"}
    )
    assert done.status_code == 303
    again = client.post(f"/alerts/{alert.public_id}", data={"action": "visiting"})
    assert again.status_code == 303  # a double tap: the first answer stands
    run_jobs(include_scheduled=True)
    assert not sent_to(notify, JO_MOBILE) and not sent_to(notify, DUTY["mobile"])
    page = page_text(client.get(f"/alerts/{alert.public_id}"))
    assert "Sam Okafor is dealing with this" in page
    assert "I'm phoning them now: Ringing Amy's school" in page
    alert = the_alert()
    assert alert.acknowledged_by_id == sam.id

    from participation.audit.models import AuditEvent

    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).filter_by(action="acknowledge_alert")
        )
        == 1
    )
    entry = db.session.scalars(select(RecordEntry).filter_by(kind="worry_alert")).one()
    from participation.caserecord.payloads import payload

    with app.test_request_context():
        data = payload(db.session.get(RecordEntry, entry.id))
    assert data["acknowledged_by"] == "Sam Okafor"
    assert data["acknowledged_action"] == "I'm phoning them now: Ringing Amy's school"
    assert {(n["to"], n["channel"]) for n in data["notices"]} == {
        ("Sam Okafor", "sms"),
        ("Sam Okafor", "email"),
    }


def test_opening_the_link_never_acknowledges(notify, app, people, amy):
    """Text-message apps fetch links to preview them: a GET must not stop the chain."""
    sam, jo = people
    tap(amy)
    run_jobs()
    alert = the_alert()
    assert client_get_ok(signed_in(app, sam), alert)
    assert app.test_client().get(f"/alerts/{alert.public_id}").status_code == 302  # sign in
    assert the_alert().acknowledged_at is None
    run_jobs(include_scheduled=True)
    assert len(sent_to(notify, JO_MOBILE)) == 1


def client_get_ok(client, alert) -> bool:
    return client.get(f"/alerts/{alert.public_id}").status_code == 200


def test_another_teams_worker_cannot_open_or_pick_up_the_alert(
    notify, app, people, amy, make_worker
):
    from participation.auth.services import get_or_create_team

    tap(amy)
    alert = the_alert()
    other_team = get_or_create_team("Southside")
    db.session.commit()
    stranger = make_worker(team=other_team)
    other_manager = make_worker(role=Role.TEAM_MANAGER, team=other_team)
    for person in (stranger, other_manager):
        client = signed_in(app, person)
        assert client.get(f"/alerts/{alert.public_id}").status_code == 404
        assert (
            client.post(f"/alerts/{alert.public_id}", data={"action": "phoning"}).status_code == 404
        )
    _sam, jo = people
    assert client_get_ok(signed_in(app, jo), alert)  # the worker's own manager may
    assert the_alert().acknowledged_at is None


def test_a_provider_error_is_retried_and_sends_once(notify, people, amy):
    sam, _jo = people
    notify.fail_next(1, status=500)
    tap(amy)
    run_jobs(include_scheduled=True)
    assert len(sent_to(notify, SAM_MOBILE)) == 1 and len(sent_to(notify, sam.email)) == 1
    assert all(n.status in ("sent", "delivered") for n in db.session.scalars(select(AlertNotice)))


def test_a_send_cut_off_after_the_provider_took_it_is_not_sent_again(notify, app, people, amy):
    """The worker died between Notify's answer and our note: the retry asks Notify first."""
    from participation.notifications import provider

    sam, _jo = people
    tap(amy)
    notice = db.session.scalars(select(AlertNotice).filter_by(channel="sms")).one()
    with app.test_request_context():
        provider().send_sms(notice.address, "Urgent", notice.reference)  # the lost call
    notice.status = "sending"
    db.session.commit()
    run_jobs()
    assert len(sent_to(notify, SAM_MOBILE)) == 1
    assert db.session.get(AlertNotice, notice.id).status in ("sent", "delivered")


def test_what_the_child_reads_is_what_has_happened(notify, app, people, amy):
    sam, _jo = people
    first = page_text(tap(amy))
    assert "We are sending Sam a message now." in first
    assert "We have told" not in first
    status_url = f"/activities/{amy.activity.public_id}/worry"
    fragment = amy.get(status_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-trigger="every 10s"' in fragment and "Check again" in fragment
    run_jobs()
    assert "Sam has been sent a message." in page_text(amy.get(status_url))  # no JS: full page
    alert = the_alert()
    signed_in(app, sam).post(f"/alerts/{alert.public_id}", data={"action": "visiting"})
    seen = amy.get(status_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Sam has seen it." in seen and "hx-get" not in seen  # polling stops


def test_the_child_is_told_when_the_manager_and_then_the_duty_desk_were_told(notify, people, amy):
    tap(amy)
    run_jobs()
    alert_jobs.escalate_if_unanswered(the_alert().id, 1)  # the first 15 minutes passed unanswered
    run_jobs()  # due now: the manager's messages, not yet the duty desk's
    status_url = f"/activities/{amy.activity.public_id}/worry"
    assert "Sam hasn't seen it yet, so we have told Sam's manager too." in page_text(
        amy.get(status_url)
    )
    assert not sent_to(notify, DUTY["mobile"])
    run_jobs(include_scheduled=True)
    status = page_text(amy.get(status_url))
    assert "Sam hasn't seen it yet, so we have told the council's duty team too." in status


def test_a_member_worry_takes_the_same_path(
    notify, app, people, make_child, make_family, make_member, member_phone
):
    sam, _jo = people
    family = make_family(make_child(sam, name="Amy Clarke"), sam)
    nan = make_member(family, sam, name="Nan Clarke", boss=True)
    phone = member_phone(nan)
    first = page_text(phone.post("/network/worry", headers={"HX-Request": "true"}))
    assert "call 999" in first and "We are sending Sam a message now." in first
    assert "straight away" not in first
    phone.post("/network/worry")
    run_jobs()
    assert len(sent_to(notify, SAM_MOBILE)) == 1 and len(sent_to(notify, sam.email)) == 1
    text = sent_to(notify, SAM_MOBILE)[0]["text"]
    assert "Nan" not in text and "Clarke" not in text and "a family you work with" in text
    assert "Sam has been sent a message." in page_text(phone.get("/network/worry"))
    alert = the_alert()
    assert alert.kind == "member_worry"
    client = signed_in(app, sam)
    page = page_text(client.get(f"/alerts/{alert.public_id}"))
    assert (
        "Nan Clarke (Grandmother, Clarke family) says something worrying is happening now" in page
    )
    client.post(f"/alerts/{alert.public_id}", data={"action": "phoning"})
    assert "Sam has seen it." in page_text(phone.get("/network/worry"))


def test_a_journal_no_is_urgent_alerts_and_prompts_a_network_meeting(
    notify, app, people, make_child, make_family, make_member, member_phone
):
    sam, _jo = people
    family = make_family(make_child(sam, name="Amy Clarke"), sam)
    nan = make_member(family, sam, name="Nan Clarke", boss=True)
    phone = member_phone(nan)
    rule = family.plan.rules[0].public_id
    response = phone.post(
        "/network/journal/new",
        data={"plan_worked": "no", "rules": [rule], "what_happened": "Dad came home drunk"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    journal = db.session.scalars(select(JournalEntry)).one()
    entry = db.session.scalars(select(RecordEntry).filter_by(kind="journal_entry")).one()
    holidays = {date.fromisoformat(d) for d in app.config["BANK_HOLIDAYS"]}
    assert entry.urgent and entry.due_by == add_working_days(entry.ready_at.date(), 1, holidays)
    alert = the_alert()
    assert alert.kind == "plan_did_not_work" and alert.journal_entry_id == journal.id
    run_jobs()
    assert len(sent_to(notify, SAM_MOBILE)) == 1
    assert "Dad" not in sent_to(notify, SAM_MOBILE)[0]["text"]
    client = signed_in(app, sam)
    prompt = "The plan did not work: arrange an urgent network meeting"
    assert prompt in page_text(client.get(f"/review/journal/{journal.public_id}"))
    assert prompt in page_text(client.get("/review"))
    assert prompt in page_text(client.get(f"/alerts/{alert.public_id}"))


def test_a_journal_yes_is_routine(
    notify, people, make_child, make_family, make_member, member_phone
):
    sam, _jo = people
    family = make_family(make_child(sam, name="Amy Clarke"), sam)
    phone = member_phone(make_member(family, sam, name="Nan Clarke", boss=True))
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "Nan collected Amy"},
        content_type="multipart/form-data",
    )
    assert not db.session.scalars(select(RecordEntry).filter_by(kind="journal_entry")).one().urgent
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 0


def test_out_of_hours_the_duty_team_is_told_at_once(notify, monkeypatch, people, amy):
    monkeypatch.setattr(alert_services, "in_working_hours", lambda now: False)
    sam, _jo = people
    tap(amy)
    run_jobs()
    assert len(sent_to(notify, SAM_MOBILE)) == 1
    assert len(sent_to(notify, NIGHT["mobile"])) == 1 and len(sent_to(notify, NIGHT["email"])) == 1
    assert not sent_to(notify, DUTY["mobile"])  # the day desk is not there at night
    run_jobs(include_scheduled=True)
    assert len(sent_to(notify, NIGHT["mobile"])) == 1  # told once, not again at the end


def test_the_alert_page_shows_who_was_told_and_delivery(notify, app, people, amy):
    sam, _jo = people
    tap(amy)
    run_jobs()
    run_jobs(include_scheduled=True)
    page = page_text(signed_in(app, sam).get(f"/alerts/{the_alert().public_id}"))
    assert "Amy Clarke pressed “I'm worried right now”" in page
    assert "Text message · " + SAM_MOBILE in page and "Email · " + sam.email in page
    assert "Delivered" in page and notify.provider_name in page


def test_a_refused_message_tells_the_manager_at_once(notify, people, amy):
    sam, jo = people
    notify.fail_next(1, status=400)  # the first message, Sam's text: a bad number
    tap(amy)
    run_jobs()  # due now only: the manager is not 15 minutes away any more
    assert (
        db.session.scalars(select(AlertNotice).filter_by(address=SAM_MOBILE)).one().status
        == "failed"
    )
    assert len(sent_to(notify, JO_MOBILE)) == 1


def test_the_review_queue_button_is_the_same_acknowledgement(notify, app, people, amy):
    sam, _jo = people
    tap(amy)
    run_jobs()
    client = signed_in(app, sam)
    client.post(f"/alerts/{the_alert().public_id}/acknowledge")
    alert = the_alert()
    assert alert.acknowledged_by_id == sam.id
    assert alert.acknowledged_action == "Picked up from the review queue"
    run_jobs(include_scheduled=True)
    assert not sent_to(notify, JO_MOBILE)


def test_a_worker_with_no_mobile_is_emailed_and_no_manager_means_duty(
    notify, app, make_worker, make_child, make_activity, make_code
):
    from participation.auth.services import get_or_create_team

    lone = make_worker(team=get_or_create_team("Lone team"), name="Lee Lone")
    db.session.commit()
    activity = make_activity(make_child(lone), lone)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, lone)})
    tablet.activity = activity
    tap(tablet)
    run_jobs()
    assert [m["to"] for m in notify.messages()] == [lone.email]
    run_jobs(include_scheduled=True)  # no manager in the team: straight on to the duty desk
    assert len(sent_to(notify, DUTY["mobile"])) == 1


def test_after_a_restart_unfinished_alerts_carry_on(notify, people, amy):
    """The embedded queue keeps nothing in memory across a restart: alerts are re-armed."""
    from procrastinate.testing import InMemoryConnector

    from participation.jobs.queue import queue_app

    if not isinstance(queue_app.connector, InMemoryConnector):
        pytest.skip("PostgreSQL keeps its jobs across a restart")
    sam, jo = people
    tap(amy)
    queue_app.connector.reset()  # the process restarted before any job ran
    alert_jobs.rearm()
    run_jobs()
    assert len(sent_to(notify, SAM_MOBILE)) == 1 and not sent_to(notify, JO_MOBILE)
    run_jobs(include_scheduled=True)
    assert len(sent_to(notify, SAM_MOBILE)) == 1 and len(sent_to(notify, JO_MOBILE)) == 1


def test_the_development_default_keeps_each_message_to_read(app, people, amy):
    from participation.notifications.models import DevMessage

    sam, _jo = people
    tap(amy)
    run_jobs()
    assert sorted(m.to for m in db.session.scalars(select(DevMessage))) == sorted(
        [SAM_MOBILE, sam.email]
    )
    assert {n.status for n in db.session.scalars(select(AlertNotice))} <= {"sent", "delivered"}


def test_a_worker_killed_mid_send_leaves_one_message(notify, people, amy, worker_process):  # noqa: F811
    """Notify took the text but the worker died before writing that down: the worker that
    takes over asks Notify by our reference, and sends nothing twice (PostgreSQL only)."""
    sam, _jo = people
    notify.fake.hang_next(30, accept=True)  # taken at once; the answer never comes in time
    tap(amy)
    first = worker_process.start()
    wait_for(notify.fake.sends, timeout=30)
    worker_process.kill(first)
    worker_process.start()

    def all_sent():
        db.session.expire_all()
        statuses = {n.status for n in db.session.scalars(select(AlertNotice))}
        return statuses <= {"sent", "delivered"}

    wait_for(all_sent, timeout=60)
    assert len(sent_to(notify, SAM_MOBILE)) == 1 and len(sent_to(notify, sam.email)) == 1


# A settings typo never loses an alert ------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("WORKING_HOURS", ["9am", "5pm"]),
        ("WORKING_HOURS", ["17:00", "09:00"]),
        ("ALERT_TIMEZONE", "Europe/Lndon"),
        ("DUTY_CONTACT", {"name": "Duty desk", "phone": "07700900201"}),
        ("OUT_OF_HOURS_CONTACT", "07700900202"),
        ("ALERT_EVENTS", ["child_worry", "child_wory"]),
        ("ALERT_ESCALATE_AFTER", "quarter of an hour"),
    ],
)
def test_a_bad_alert_setting_stops_the_app_starting_and_names_it(app_config, setting, value):
    from participation import create_app

    with pytest.raises(RuntimeError, match=f"PARTICIPATION_{setting}"):
        create_app({**app_config, setting: value})


def test_bank_holidays_that_have_run_out_are_warned_about(app_config, caplog):
    from participation import create_app

    create_app({**app_config, "BANK_HOLIDAYS": ["2019-12-25"]})
    assert "PARTICIPATION_BANK_HOLIDAYS has no date in" in caplog.text


def test_a_failure_starting_the_chain_keeps_the_alert_and_still_escalates(
    notify, monkeypatch, people, amy, caplog
):
    sam, jo = people

    def broken(*args):
        raise ValueError("a setting nobody checked")

    monkeypatch.setattr(alert_services, "recipients", broken)
    response = tap(amy)
    assert response.status_code == 200 and "0800 1111" in page_text(response)
    alert = the_alert()  # saved, with its record entry, despite the error
    assert (
        db.session.scalar(
            select(func.count()).select_from(RecordEntry).filter_by(kind="worry_alert")
        )
        == 1
    )
    assert f"alert {alert.public_id}: could not notify step" in caplog.text
    monkeypatch.undo()
    monkeypatch.setattr(alert_services, "in_working_hours", lambda now: True)
    run_jobs(include_scheduled=True)  # the quarter of an hour passes unanswered
    assert len(sent_to(notify, JO_MOBILE)) == 1 and len(sent_to(notify, DUTY["mobile"])) == 1


# Duty desks get a message they can act on ---------------------------------------------------


def test_the_duty_desk_is_given_the_case_reference_and_team_not_a_sign_in_link(
    notify, app, make_worker, make_child, make_activity, make_code
):
    from participation.auth.services import get_or_create_team

    lone = make_worker(team=get_or_create_team("Lone"), name="Lee Lone")
    db.session.commit()
    child = make_child(lone, name="Amy Clarke")
    activity = make_activity(child, lone)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, lone)})
    tablet.activity = activity
    tap(tablet)
    run_jobs(include_scheduled=True)  # no manager in the team: on to the duty desk
    expected = (
        "Urgent: a social worker has not answered an alert about a child "
        f"(case reference {child.case_reference}, Lone team). Please follow your duty procedure."
    )
    assert [m["text"] for m in sent_to(notify, DUTY["mobile"])] == [expected]
    assert [m["text"] for m in sent_to(notify, DUTY["email"])] == [expected]
    assert "Sign in" in sent_to(notify, lone.email)[0]["text"]  # staff still get the link


def test_a_family_alert_gives_the_duty_desk_the_childs_case_reference(
    notify, people, make_child, make_family, make_member, member_phone
):
    sam, _jo = people
    child = make_child(sam, name="Amy Clarke")
    family = make_family(child, sam)
    phone = member_phone(make_member(family, sam, name="Nan Clarke", boss=True))
    phone.post("/network/worry")
    run_jobs(include_scheduled=True)
    [text] = [m["text"] for m in sent_to(notify, DUTY["mobile"])]
    assert f"(case reference {child.case_reference}, " in text
    assert "Nan" not in text and "Clarke" not in text and "/alerts/" not in text


# Two runs of one notice never both send -----------------------------------------------------


def test_a_second_run_waits_while_the_first_may_still_be_sending(notify, app, people, amy):
    from datetime import timedelta

    from participation.db_types import utcnow
    from participation.notifications import provider

    tap(amy)
    notice = db.session.scalars(select(AlertNotice).filter_by(channel="sms")).one()
    notice.status, notice.sending_since = "sending", utcnow()  # a first run, mid-call
    db.session.commit()
    run_jobs()  # the second run: the claim is fresh, so it neither looks up nor sends
    assert not sent_to(notify, SAM_MOBILE)
    assert db.session.get(AlertNotice, notice.id).status == "sending"
    with app.test_request_context():
        provider().send_sms(notice.address, "Urgent", notice.reference)  # the first run's call
    notice = db.session.get(AlertNotice, notice.id)
    timeout = app.config["NOTIFY_TIMEOUT"]
    notice.sending_since = utcnow() - timedelta(seconds=3 * timeout + 1)  # that run died
    db.session.commit()
    run_jobs(include_scheduled=True)  # the retry: an old claim, so it asks Notify first
    assert len(sent_to(notify, SAM_MOBILE)) == 1
    assert db.session.get(AlertNotice, notice.id).status in ("sent", "delivered")


# What the child is told is true -------------------------------------------------------------


def status_of(tablet) -> str:
    return page_text(tablet.get(f"/activities/{tablet.activity.public_id}/worry"))


def test_a_switched_off_worker_is_not_said_to_have_been_asked(notify, people, amy):
    sam, _jo = people
    sam.active = False
    db.session.commit()
    tap(amy)
    run_jobs()
    assert len(sent_to(notify, JO_MOBILE)) == 1
    status = status_of(amy)
    assert "We have told the social work manager." in status and "Sam" not in status


def test_a_worker_with_no_mobile_or_email_is_not_said_to_have_been_asked(notify, people, amy):
    sam, _jo = people
    sam.mobile, sam.email = None, ""
    db.session.commit()
    tap(amy)
    run_jobs()
    assert len(sent_to(notify, JO_MOBILE)) == 1
    status = status_of(amy)
    assert "We have told the social work manager." in status and "Sam" not in status


def test_when_every_message_to_the_worker_failed_the_child_is_not_told_otherwise(
    notify, app, people, amy
):
    sam, jo = people
    notify.fail_next(2, status=400)  # Sam's text and Sam's email are both refused
    tap(amy)
    run_jobs()
    assert {n.status for n in db.session.scalars(select(AlertNotice).filter_by(step=0))} == {
        "failed"
    }
    assert len(sent_to(notify, JO_MOBILE)) == 1
    status = status_of(amy)
    assert "We have told the social work manager." in status and "Sam" not in status
    signed_in(app, jo).post(f"/alerts/{the_alert().public_id}", data={"action": "phoning"})
    seen = status_of(amy)
    # Only the allocated worker is ever named to the child.
    assert "Someone from the social work team has seen it." in seen and "Jo" not in seen


# After "I'm dealing with this", nothing more goes out ---------------------------------------


def test_messages_still_waiting_when_someone_picks_it_up_are_not_sent(notify, app, people, amy):
    sam, _jo = people
    tap(amy)
    alert = the_alert()
    client = signed_in(app, sam)
    client.post(f"/alerts/{alert.public_id}", data={"action": "phoning"})  # before any job ran
    run_jobs(include_scheduled=True)
    assert notify.messages() == []
    assert {n.status for n in db.session.scalars(select(AlertNotice))} == {"cancelled"}
    page = page_text(client.get(f"/alerts/{alert.public_id}"))
    assert page.count("Not sent: someone was already dealing with it") == 2


# Looking a notice up is as guarded as sending it --------------------------------------------


def test_a_refused_look_up_fails_the_notice_and_tells_the_manager_at_once(notify, people, amy):
    sam, _jo = people
    tap(amy)
    notice = db.session.scalars(select(AlertNotice).filter_by(channel="sms")).one()
    notice.status = "sending"  # an earlier run died mid-call
    db.session.commit()
    notify.fail_next(1, status=403, sends_only=False)  # the look-up is refused
    run_jobs()
    assert db.session.get(AlertNotice, notice.id).status == "failed"
    assert len(sent_to(notify, JO_MOBILE)) == 1  # not a quarter of an hour later


def test_a_look_up_that_fails_for_now_is_retried_and_sends_once(notify, people, amy):
    sam, _jo = people
    tap(amy)
    notice = db.session.scalars(select(AlertNotice).filter_by(channel="sms")).one()
    notice.status = "sending"
    db.session.commit()
    notify.fail_next(1, status=500, sends_only=False)
    run_jobs()
    waiting = db.session.get(AlertNotice, notice.id)
    assert waiting.status == "sending" and "500" in waiting.error  # shown as retrying
    run_jobs(include_scheduled=True)
    assert len(sent_to(notify, SAM_MOBILE)) == 1


# The audit log has all of it ----------------------------------------------------------------


def test_every_message_delivery_escalation_and_the_acknowledgement_are_audited(
    notify, app, people, amy
):
    from participation.audit.models import AuditEvent

    sam, jo = people
    tap(amy)
    run_jobs()
    alert_jobs.escalate_if_unanswered(the_alert().id, 1)  # a quarter of an hour unanswered
    run_jobs(include_scheduled=True)
    alert = the_alert()
    signed_in(app, jo).post(f"/alerts/{alert.public_id}", data={"action": "phoning"})
    events = db.session.scalars(
        select(AuditEvent)
        .filter_by(object_kind="alert", object_id=alert.public_id)
        .where(AuditEvent.subject_id == amy.activity.child.public_id)
    ).all()
    actions = [e.action for e in events]
    sent = 6  # Sam's, Jo's and the duty desk's text and email
    assert actions.count("alert_notice_sent") == sent
    assert actions.count("alert_notice_delivered") == sent
    assert actions.count("alert_escalated") == 2  # to the manager, then the duty desk
    assert actions.count("acknowledge_alert") == 1
    details = {e.detail for e in events if e.action == "alert_notice_sent"}
    assert "text message to Jo Fletcher (manager)" in details


# The case system hears that it was picked up ------------------------------------------------


def test_picking_it_up_sends_the_case_system_the_webhook_again(notify, app, people, amy):
    sam, _jo = people
    app.config["WEBHOOK_URL"] = "http://127.0.0.1:9/hook"
    tap(amy)
    entry = db.session.scalars(select(RecordEntry).filter_by(kind="worry_alert")).one()
    entry.notified_at = alert_services.utcnow()  # the first webhook arrived
    db.session.commit()
    run_jobs()  # its job finds it done
    assert not [name for name, _args in jobs_waiting(queue="outward")]
    signed_in(app, sam).post(f"/alerts/{the_alert().public_id}", data={"action": "phoning"})
    waiting = jobs_waiting(queue="outward")
    assert [(name.rsplit(".", 1)[-1], args["entry_id"]) for name, args in waiting] == [
        ("deliver_webhook", entry.id)
    ]
    assert db.session.get(RecordEntry, entry.id).notified_at is None


# Working hours, by the clock and calendar (not patched) -------------------------------------


def at(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("now", "working"),
    [
        ("2026-12-02T14:00:00+00:00", True),  # a Wednesday afternoon
        ("2026-12-05T14:00:00+00:00", False),  # a Saturday
        ("2026-12-28T14:00:00+00:00", False),  # a Monday, but a bank holiday
        ("2026-12-02T16:58:00+00:00", True),  # winter: London is on UTC
        ("2026-12-02T17:01:00+00:00", False),
        ("2026-07-01T16:30:00+00:00", False),  # summer time: 17:30 in London
        ("2026-12-02T16:30:00+00:00", True),  # the same UTC time in winter: 16:30
        ("2026-07-01T08:30:00+00:00", True),  # summer time: 09:30 in London
        ("2026-12-02T08:30:00+00:00", False),  # winter: 08:30
    ],
)
def test_working_hours_follow_the_local_clock_and_calendar(app, now, working):
    with app.app_context():
        assert in_working_hours(at(now)) is working
