"""A young person on a 360 px phone writes a section, takes their adviser's suggestion and
agrees the plan."""

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.pathway.models import PlanSection
from tests.browser.conftest import join_on_phone
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def test_young_person_writes_accepts_a_suggestion_and_agrees(
    live_server, browser, artifacts, make_worker, make_young_person
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    person = make_young_person(adviser, "Jordan Reid")
    yp, errors = join_on_phone(browser, live_server, person)
    yp.get_by_role("link", name="My health").click()
    yp.get_by_label("In my words").fill("I have asthma. I forget my inhaler when I'm stressed.")
    yp.locator(".scale-number", has_text="6").click()
    yp.get_by_role("button", name="Save").click()
    yp.get_by_text("Saved").first.wait_for()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    pa = desk.new_page()
    pa.goto(f"{live_server}/staff/sign-in")
    pa.get_by_label("Email").fill(adviser.email)
    pa.get_by_label("Password").fill(PASSWORD)
    pa.get_by_role("button", name="Sign in").click()
    pa.goto(f"{live_server}/young-people/{person.public_id}")
    health = pa.locator("#health")
    health.get_by_text("Suggest wording", exact=True).click()
    health.get_by_label("Suggested wording").fill("I will keep a spare inhaler at college.")
    health.get_by_role("button", name="Send suggestion to Jordan").click()
    pa.get_by_text("1 suggestion is waiting for Jordan.").wait_for()

    yp.goto(f"{live_server}/my-plan")
    yp.get_by_text("Suggestions from Alex").wait_for()
    yp.get_by_role("button", name="Use these words").click()
    yp.get_by_role("button", name="I agree this plan").click()
    yp.get_by_text("You agreed this plan").wait_for()
    yp.get_by_role("link", name="Read my whole plan").click()
    yp.get_by_text("suggested by Alex Byrne, accepted by Jordan Reid").wait_for()
    yp.screenshot(path=artifacts / "pathway-phone.png", full_page=True)
    width = yp.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing runs off the side of a small phone
    assert errors == []

    db.session.expire_all()
    row = db.session.scalars(select(PlanSection).filter_by(section="health")).one()
    assert row.in_my_words == (
        "I have asthma. I forget my inhaler when I'm stressed.\n"
        "I will keep a spare inhaler at college."
    )
    assert row.scale == 6
    yp.context.close()
    desk.close()
