"""A care leaver on a 360 px phone finds "I need help now" on every screen, can call 999,
the emergency duty team and the crisis lines in one tap, and tells their PA, who is alerted."""

import pytest
from sqlalchemy import select

from participation.alerts import services as alert_services
from participation.alerts.models import AlertNotice, WorryAlert
from participation.auth.models import Role
from participation.extensions import db
from participation.jobs.testing import run_jobs
from tests.browser.conftest import PHONE, join_on_phone

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config, fake_notify):
    return {**app_config, "EMERGENCY_DUTY_PHONE": "0191 555 0100"}


def test_help_now_calls_and_tells_the_pa(
    monkeypatch, live_server, browser, artifacts, make_worker, make_young_person, fake_notify
):
    monkeypatch.setattr(alert_services, "in_working_hours", lambda now: True)
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Sam Okafor")
    adviser.mobile, adviser.contact_phone = "07700900101", "0191 555 0123"
    person = make_young_person(adviser, "Jordan Reid")
    yp, errors = join_on_phone(browser, live_server, person)
    yp.get_by_role("heading", name="My PA", exact=True).wait_for()
    yp.get_by_role("link", name="Call Sam").wait_for()
    yp.get_by_role("link", name="Money", exact=True).click()
    help_now = yp.get_by_role("link", name="I need help now")
    assert help_now.is_visible()  # in the header of every screen, above the fold
    assert help_now.bounding_box()["y"] < PHONE["height"]
    help_now.click()
    yp.get_by_role("heading", name="I need help now", exact=True).wait_for()
    links = {
        yp.get_by_role("link", name="Call 999").get_attribute("href"),
        yp.get_by_role("link", name="Call 0191 555 0100").get_attribute("href"),
        yp.get_by_role("link", name="Call 116 123").get_attribute("href"),
        yp.get_by_role("link", name="Text SHOUT to 85258").get_attribute("href"),
    }
    assert links == {"tel:999", "tel:01915550100", "tel:116123", "sms:85258?&body=SHOUT"}
    # Promised before the tap only what will happen: Sam has a mobile and an email, and no
    # manager or duty contact is set, so nobody else is promised.
    yp.get_by_text("Sam gets a text and an email straight away.").wait_for()
    assert yp.get_by_text("If nobody answers soon").count() == 0
    yp.get_by_role("button", name="Tell my PA I need help").click()
    yp.get_by_text("We are sending your PA Sam a message now.").wait_for()
    yp.screenshot(path=artifacts / "help-now-phone.png", full_page=True)
    width = yp.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing runs off the side of a small phone
    assert errors == []

    run_jobs()
    yp.reload()
    yp.get_by_text("Your PA Sam has been sent a message.").wait_for()
    db.session.expire_all()
    alert = db.session.scalars(select(WorryAlert)).one()
    assert alert.young_person_id == person.id
    told = db.session.scalars(select(AlertNotice).filter_by(alert_id=alert.id)).all()
    assert {(n.recipient_name, n.channel) for n in told} == {
        ("Sam Okafor", "sms"),
        ("Sam Okafor", "email"),
    }
    yp.context.close()
