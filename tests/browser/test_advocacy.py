"""A care leaver on a 360 px phone finds "someone independent" on every screen, asks for an
advocate with a double tap, and one request goes; the advocacy service is emailed."""

import pytest
from sqlalchemy import select

from participation.advocacy.models import AdvocacyNotice, AdvocacyRequest
from participation.auth.models import Role
from participation.extensions import db
from participation.jobs.testing import run_jobs
from tests.browser.conftest import join_on_phone

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config, fake_notify):
    contact = {"name": "Advocacy Matters", "email": "advocacy@example.gov.uk", "days": 3}
    return {**app_config, "ADVOCACY_CONTACT": contact}


def test_a_young_person_asks_for_an_advocate_on_a_phone(
    live_server, browser, artifacts, make_worker, make_young_person
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Sam Okafor")
    person = make_young_person(adviser, "Jordan Reid")
    yp, errors = join_on_phone(browser, live_server, person)
    yp.get_by_role("link", name="I'm not happy about something").wait_for()
    yp.get_by_role("link", name="I'd like an advocate, someone who isn't my worker").click()
    yp.get_by_text("Advocacy Matters is told").wait_for()
    yp.get_by_text("within 3 working days").first.wait_for()
    yp.get_by_label("Anything you want to say (you don't have to)").fill("I want help to move")
    yp.get_by_role("button", name="Send").dblclick()  # a double tap
    yp.get_by_text("Sent. Thank you for telling us.").wait_for()
    yp.screenshot(path=artifacts / "advocacy-phone.png", full_page=True)
    assert yp.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []

    db.session.expire_all()
    assert len(db.session.scalars(select(AdvocacyRequest)).all()) == 1
    run_jobs()
    db.session.expire_all()
    (notice,) = db.session.scalars(select(AdvocacyNotice)).all()
    assert notice.address == "advocacy@example.gov.uk" and notice.status == "sent"
