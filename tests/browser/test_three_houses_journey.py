"""A child on a tablet does Three Houses; the worker finds it in the queue and the record."""

import io

import pytest
from PIL import Image

from participation.activities.models import Activity, Status
from participation.extensions import db
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
WORDS = {
    "worries": "Dad shouts when he drinks and I hide in my room",
    "good_things": "Nan's dog Biscuit and football on Saturday",
    "dreams": "Everyone is kind at home",
}


def draw_squiggle(page, offset: int) -> None:
    """Real pointer events on the canvas: press, move in steps, release."""
    box = page.locator("canvas.canvas").bounding_box()
    x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 18, y + ((step + offset) % 3) * 25, steps=3)
    page.mouse.up()


def test_child_draws_and_writes_then_worker_finds_it_in_the_record(
    live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    code = make_code(activity, worker)

    tablet = browser.new_context(viewport=TABLET, has_touch=True)
    page = tablet.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first house").click()

    for index, (area, words) in enumerate(WORDS.items()):
        page.wait_for_url(f"**/areas/{area}")
        draw_squiggle(page, index)
        page.locator("#child_words").fill(words)
        page.locator(".drawing-status").get_by_text("Drawing saved").wait_for()
        page.locator("#save-status").get_by_text("Saved").wait_for()
        if index == 0:
            page.screenshot(path=artifacts / "three-houses-tablet.png", full_page=True)
        last = index == len(WORDS) - 1
        page.get_by_role("button", name="I've done all three" if last else "Next house").click()

    page.wait_for_url("**/finish")
    page.get_by_role("button", name="I'm finished").click()
    page.get_by_role("heading", name="Thank you!").wait_for()
    assert errors == []
    tablet.close()

    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.SUBMITTED

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="New Amy Clarke").click()
    for words in WORDS.values():
        page.get_by_text(words).wait_for()
    page.get_by_role("link", name="Record document").click()
    page.get_by_role("heading", name="Amy Clarke").wait_for()

    drawing = page.get_by_role("img", name="The child's drawing: House of worries")
    drawing.wait_for()
    # Loaded in full (on a busy machine the picture arrives after the page's heading).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=drawing.element_handle()
    )
    assert drawing.evaluate("img => img.naturalWidth") == 1600
    raw = page.request.get(live_server + drawing.get_attribute("src")).body()
    pixels = Image.open(io.BytesIO(raw)).convert("L")
    assert pixels.getextrema()[0] < 100  # there is ink on the paper, not a blank canvas
    page.screenshot(path=artifacts / "record-document.png", full_page=True)
    assert errors == []
    desk.close()
