"""On a 768 px tablet: code mode says "done alone on the child's own device"; together mode
asks the worker at the end who was there, and the record says exactly that."""

from participation.activities.models import Mode
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

TABLET = {"width": 768, "height": 1024}


def _sign_in(page, live_server, worker) -> None:
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_seen_alone_is_confirmed_on_the_record(
    browser, live_server, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    # Code mode: done later on the child's own tablet, though the worker said "alone" first.
    code_activity = make_activity(child, worker, seen_alone=True)
    code = make_code(code_activity, worker)
    together = make_activity(child, worker, mode=Mode.TOGETHER, seen_alone=True)

    tablet = browser.new_context(viewport=TABLET, has_touch=True)
    page = tablet.new_page()
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").tap()
    page.get_by_role("link", name="Start with the first house").wait_for()
    page.goto(f"{live_server}/activities/{code_activity.public_id}/finish")
    page.get_by_role("button", name="Send anyway").tap()  # nothing added: asked to confirm
    page.wait_for_url("**/activities/thanks")
    tablet.close()

    desk = browser.new_context(viewport=TABLET, has_touch=True)
    page = desk.new_page()
    errors = watch_console(page)
    _sign_in(page, live_server, worker)
    page.goto(f"{live_server}/record/activity/{code_activity.public_id}")
    seen = page.locator("td.seen")
    assert seen.inner_text() == "Done alone on the child's own device; worker not present."

    page.goto(f"{live_server}/activities/{together.public_id}/finish")
    page.get_by_role("button", name="Send anyway").tap()
    page.wait_for_url(f"**/activities/{together.public_id}/seen")
    page.get_by_label("No, someone else was there").check()
    page.get_by_label("Who else was there?").fill("Nan (Amy asked her to stay)")
    page.get_by_label("Why was the child not seen alone?").fill("Amy asked for her Nan")
    page.get_by_label("Where did it happen?").fill("Nan's kitchen")
    page.screenshot(path=str(artifacts / "seen_alone_confirm_768.png"), full_page=True)
    page.get_by_role("button", name="Save").tap()
    page.wait_for_url(f"**/review/{together.public_id}")
    page.goto(f"{live_server}/record/activity/{together.public_id}")
    text = page.locator("td.seen").inner_text()
    assert text.startswith("Not seen alone. Present: Nan (Amy asked her to stay)")
    assert "Why: Amy asked for her Nan" in text and "Sam Okafor" in text
    page.screenshot(path=str(artifacts / "seen_alone_record_768.png"), full_page=True)
    assert errors == []
    desk.close()
