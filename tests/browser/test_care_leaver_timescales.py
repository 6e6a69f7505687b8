"""On a 360 px phone: a young person says "I've moved" and sees the review date it sets,
asks their foster carer for their views, and the carer's answer arrives for both of them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.pathway.models import PathwayPlan, ReviewContributor
from participation.pathway.plans import today
from tests.browser.conftest import PHONE, join_on_phone, watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def fits(page) -> None:
    """Nothing wider than the phone: no sideways scrolling at 360 px."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_move_sets_the_review_date_and_a_carers_answer_arrives(
    live_server, browser, artifacts, make_worker, make_young_person, yp_phone, app
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    person = make_young_person(adviser, "Jordan Reid")
    yp, errors = join_on_phone(browser, live_server, person)

    yp.get_by_role("link", name="I've moved").click()
    moved_on = today() - timedelta(days=1)
    yp.get_by_label("When did you move?").fill(moved_on.isoformat())
    yp.get_by_label("Where are you living now?").select_option("supported_lodgings")
    yp.get_by_label("Anything you want to say about it (optional)").fill("New room, nice landlady.")
    fits(yp)
    yp.screenshot(path=str(artifacts / "timescales-move-360.png"), full_page=True)
    yp.get_by_role("button", name="Save my move").click()
    yp.get_by_text("Your move is saved").wait_for()
    review_on = moved_on + timedelta(days=28)
    shown = yp.locator("[data-review-date]").inner_text()
    assert str(review_on.day) in shown and str(review_on.year) in shown
    db.session.expire_all()
    plan = db.session.scalars(select(PathwayPlan).filter_by(young_person_id=person.id)).one()
    assert plan.review_due == review_on

    yp.get_by_label("Or their name").fill("Sue Patel")
    yp.get_by_label("Who they are to you (for example: my foster carer)").fill("My foster carer")
    yp.get_by_role("button", name="Get a link to send them").click()
    views_link = yp.locator("[data-views-link]").input_value()
    assert "/views/" in views_link
    fits(yp)
    yp.screenshot(path=str(artifacts / "timescales-link-360.png"), full_page=True)

    carer_phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    carer = carer_phone.new_page()
    carer_errors = watch_console(carer)
    carer.goto(f"{live_server}/views/{views_link.split('/views/')[1]}")
    carer.get_by_role("heading", name="Jordan has asked for your views").wait_for()
    carer.get_by_label("What is going well?").fill("Jordan is cooking every night.")
    carer.get_by_label("What should happen next?").fill("A budgeting course.")
    fits(carer)
    carer.screenshot(path=str(artifacts / "timescales-contributor-360.png"), full_page=True)
    carer.get_by_role("button", name="Send my answers").click()
    carer.get_by_role("heading", name="Thank you").wait_for()

    yp.goto(f"{live_server}/my-plan/review")
    views = yp.locator("#views")
    views.get_by_text("Jordan is cooking every night.").wait_for()
    assert "Sue Patel" in views.inner_text() and "answered" in views.inner_text()
    fits(yp)
    yp.screenshot(path=str(artifacts / "timescales-answer-arrived-360.png"), full_page=True)

    desk = browser.new_context(viewport=PHONE)
    pa = desk.new_page()
    pa.goto(f"{live_server}/staff/sign-in")
    pa.get_by_label("Email").fill(adviser.email)
    pa.get_by_label("Password").fill(PASSWORD)
    pa.get_by_role("button", name="Sign in").click()
    pa.goto(f"{live_server}/young-people/{person.public_id}/review")
    pa.locator("#views").get_by_text("A budgeting course.").wait_for()
    assert "Supported lodgings" in pa.locator("#moves").inner_text()
    pa.screenshot(path=str(artifacts / "timescales-adviser-360.png"), full_page=True)
    db.session.expire_all()
    assert db.session.scalars(select(ReviewContributor)).one().redeemed_at is not None
    assert errors == [] and carer_errors == []
