"""When a tap or a form can't reach the server, people are told the truth at once: a child's
worry button still shows 999 and Childline, and a worker's reply that failed says so and keeps
what they typed."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.alerts.models import WorryAlert
from participation.extensions import db
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

DOWN_PAGE = (
    '<div class="problem" role="alert"><h1>Sorry</h1><p>That wasn\'t saved. Please try '
    "again in a minute. If it keeps happening, tell your worker.</p></div>"
)


def _child_on_first_house(browser, live_server, code):
    # page.route never sees requests from a page our service worker controls, so it is blocked.
    tablet = browser.new_context(
        viewport={"width": 1024, "height": 768}, has_touch=True, service_workers="block"
    )
    page = tablet.new_page()
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first house").click()
    page.wait_for_url("**/areas/worries")
    return tablet, page


@pytest.mark.parametrize("failure", ["offline", "server down"])
def test_a_worry_tap_that_cannot_reach_the_server_still_shows_999_and_childline(
    failure, live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = _child_on_first_house(browser, live_server, make_code(activity, worker))
    if failure == "offline":
        tablet.set_offline(True)
    else:
        page.route(
            "**/worry",
            lambda route: route.fulfill(status=503, body=DOWN_PAGE, content_type="text/html"),
        )
    page.get_by_role("button", name="I'm worried right now").click()
    panel = page.locator("#worry-panel")
    panel.get_by_text("If you are in danger now, call 999.").wait_for()
    assert panel.get_by_role("link", name="Call Childline 0800 1111").is_visible()
    assert "couldn't reach your worker" in panel.inner_text()
    # Nothing reached the worker, so the child is not told it did.
    assert "We have told your worker" not in panel.inner_text()
    page.screenshot(path=artifacts / f"worry-not-reached-{failure.replace(' ', '-')}.png")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 0
    tablet.close()


def test_a_reply_the_server_could_not_save_says_so_and_keeps_the_words(
    app, live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(f"/activities/{activity.public_id}/finish")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/review")
    page.goto(f"{live_server}/review/{activity.public_id}")
    words = "Thank you, Amy. I will talk to Dad about the shouting."
    page.locator("#reply textarea").fill(words)
    page.route(
        "**/reply",
        lambda route: route.fulfill(status=503, body=DOWN_PAGE, content_type="text/html"),
    )
    page.locator("#reply button[type=submit]").click()
    told = page.locator(".form-problem").get_by_text("That wasn't saved.")
    told.wait_for()
    expect(told).to_be_in_viewport()  # beside the button they pressed, not off the screen
    assert page.locator("#reply textarea").input_value() == words
    assert page.locator("#reply .saved").count() == 0
    page.screenshot(path=artifacts / "reply-not-saved.png")
    page.unroute("**/reply")  # the database is back: the next try saves, and says so
    page.locator("#reply button[type=submit]").click()
    page.wait_for_selector("#reply .saved")
    assert page.get_by_text("That wasn't saved.").count() == 0
    context.close()
