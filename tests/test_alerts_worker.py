"""Urgent alerts through a real `flask jobs worker` process on PostgreSQL and a fake of GOV.UK
Notify on loopback: the message goes out, once, even when the worker dies mid-send."""

import time

import pytest
from sqlalchemy import select

from participation.alerts.models import AlertNotice, WorryAlert
from participation.auth.models import Role
from participation.extensions import db
from tests.helpers import PASSWORD
from tests.worker import wait_for

WORKER_MOBILE = "07700 900123"
MANAGER_MOBILE = "07700 900456"


@pytest.fixture
def amy(app_config, make_worker, make_child, make_activity, make_code, app):
    """Amy's tablet, and Sam, her worker, who has a mobile."""
    sam = make_worker(name="Sam Worker")
    sam.mobile = WORKER_MOBILE
    db.session.commit()
    child = make_child(sam, name="Amy Clarke")
    activity = make_activity(child, sam)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, sam)})
    tablet.activity, tablet.worker = activity, sam
    return tablet


def texts_to(fake, number: str) -> list[dict]:
    return [m for m in fake.sms if m["phone_number"] == number]


def emails_to(fake, address: str) -> list[dict]:
    return [m for m in fake.emails if m["email_address"] == address]


def notices() -> list[AlertNotice]:
    db.session.expire_all()
    db.session.commit()
    return list(db.session.scalars(select(AlertNotice).order_by(AlertNotice.id)))


def test_a_worry_tap_texts_and_emails_the_worker_once(fake_notify, app, amy, worker_process):
    worker_process.start()
    assert amy.post(f"/activities/{amy.activity.public_id}/worry").status_code == 200
    wait_for(
        lambda: texts_to(fake_notify, WORKER_MOBILE) and emails_to(fake_notify, amy.worker.email)
    )
    wait_for(lambda: all(n.status in ("sent", "delivered") for n in notices()))
    sms, email = texts_to(fake_notify, WORKER_MOBILE), emails_to(fake_notify, amy.worker.email)
    assert len(sms) == 1 and len(email) == 1
    # Nothing of the child in a text that lands on a lock screen.
    alert = db.session.scalars(select(WorryAlert)).one()
    for message in (sms[0]["body"], email[0]["body"], email[0]["subject"]):
        assert "Amy" not in message and "Clarke" not in message
    assert email[0]["subject"] == "Urgent: a child you work with needs you"
    for body in (sms[0]["body"], email[0]["body"]):
        assert body.startswith("Urgent: a child you work with needs you. Sign in to see: http")
        assert body.endswith(f"/alerts/{alert.public_id}")
    # A second tap within the minute is the same worry: nothing more is sent.
    amy.post(f"/activities/{amy.activity.public_id}/worry")
    assert len(db.session.scalars(select(WorryAlert)).all()) == 1
    assert len(texts_to(fake_notify, WORKER_MOBILE)) == 1


def test_a_worker_killed_mid_send_leaves_the_message_sent_exactly_once(
    fake_notify, app, amy, worker_process
):
    # Notify takes the text at once but its answer never arrives before the worker dies.
    fake_notify.hang_next(60, n=2)
    first = worker_process.start()
    amy.post(f"/activities/{amy.activity.public_id}/worry")
    wait_for(lambda: texts_to(fake_notify, WORKER_MOBILE))
    worker_process.kill(first)
    assert any(n.status == "sending" for n in notices())  # died between the call and its answer

    # Another worker notices the dead one (no heartbeat for 3 s here; 30 s in production),
    # runs its jobs again, and asks Notify by reference before sending anything.
    worker_process.start()
    wait_for(lambda: all(n.status in ("sent", "delivered") for n in notices()), timeout=40)
    assert len(texts_to(fake_notify, WORKER_MOBILE)) == 1
    assert len(emails_to(fake_notify, amy.worker.email)) == 1
    sent = {n.channel: n for n in notices()}
    assert sent["sms"].provider_id == texts_to(fake_notify, WORKER_MOBILE)[0]["id"]


@pytest.fixture
def quick_escalation(app_config):
    """Two seconds instead of 15 minutes without an answer, at any hour of any day."""
    app_config.update(
        ALERT_ESCALATE_AFTER=2,
        WORKING_HOURS=["00:00", "23:59"],
        DUTY_CONTACT={"name": "Duty desk", "mobile": "07700 900789", "email": "duty@example.org"},
        OUT_OF_HOURS_CONTACT={"name": "Emergency duty team", "mobile": "07700 900790"},
    )


def test_no_answer_reaches_the_manager_and_an_acknowledgement_stops_the_chain(
    quick_escalation, fake_notify, app, amy, make_worker, worker_process
):
    manager = make_worker(Role.TEAM_MANAGER, name="Jo Manager")
    manager.mobile = MANAGER_MOBILE
    db.session.commit()
    worker_process.start()
    amy.post(f"/activities/{amy.activity.public_id}/worry")
    wait_for(lambda: texts_to(fake_notify, WORKER_MOBILE))
    wait_for(lambda: texts_to(fake_notify, MANAGER_MOBILE), timeout=30)

    # Jo taps the link, signs in and says what she is doing: nobody else is told.
    alert = db.session.scalars(select(WorryAlert)).one()
    jo = app.test_client()
    jo.post("/staff/sign-in", data={"email": manager.email, "password": PASSWORD})
    page = jo.get(f"/alerts/{alert.public_id}")
    assert page.status_code == 200
    form = {"action": "other", "detail": "Calling Amy's carer now"}
    assert jo.post(f"/alerts/{alert.public_id}", data=form).status_code in (200, 302, 303)
    db.session.expire_all()
    assert db.session.get(WorryAlert, alert.id).acknowledged_at is not None
    told = len(fake_notify.sms)
    time.sleep(5)  # more than two escalation periods
    # Nobody more is texted, whatever the day: out of hours (23:59 to midnight, weekends)
    # the emergency duty team was told at once, alongside Sam, and that stands.
    assert len(fake_notify.sms) == told
    assert len(texts_to(fake_notify, WORKER_MOBILE)) == 1
    assert len(texts_to(fake_notify, MANAGER_MOBILE)) == 1
