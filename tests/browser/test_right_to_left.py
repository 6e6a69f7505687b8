"""Arabic and Urdu pages mirror: direction, header, drawing toolbar and the 0-10 scale."""

import pytest

from participation.extensions import db
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}


def _centre_x(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    return box["x"] + box["width"] / 2


def _layout(page) -> dict:
    """Where things sit across the screen, to compare a language with English."""
    return {
        "direction": page.evaluate("getComputedStyle(document.documentElement).direction"),
        "brand": _centre_x(page, ".brand"),
        "first_colour": _centre_x(page, ".swatch-black"),
        "last_colour": _centre_x(page, ".swatch-brown"),
        "zero": _centre_x(page, ".scale-number:has(input[value='0'])"),
        "ten": _centre_x(page, ".scale-number:has(input[value='10'])"),
        "arrow": page.evaluate("getComputedStyle(document.querySelector('.flips')).transform"),
    }


@pytest.fixture
def safety_paths(make_worker, make_child, make_activity, make_code):
    """One child per language, each on the safety path of their own Safety House."""
    worker = make_worker()
    codes = {}
    for lang in ("en", "ar", "ur"):
        activity = make_activity(make_child(worker, language=lang), worker, language=lang)
        activity.tool = "safety_house"
        db.session.commit()
        codes[lang] = (activity.public_id, make_code(activity, worker))
    return worker, codes


def test_arabic_and_urdu_mirror_the_layout(live_server, browser, artifacts, safety_paths):
    worker, codes = safety_paths
    layouts = {}
    for lang, (activity_id, code) in codes.items():
        context = browser.new_context(viewport=TABLET, has_touch=True)
        page = context.new_page()
        errors = watch_console(page)
        page.goto(f"{live_server}/start")
        page.locator("input[name=code]").fill(code)
        page.locator("main button[type=submit]").click()
        page.goto(f"{live_server}/activities/{activity_id}/areas/path")
        page.locator(".toolbar").wait_for(state="visible")
        layouts[lang] = _layout(page)
        page.screenshot(path=str(artifacts / f"rtl-safety-path-{lang}.png"), full_page=True)
        assert errors == []
        context.close()

    width = TABLET["width"]
    english = layouts["en"]
    assert english["direction"] == "ltr"
    assert english["brand"] < width / 2 and english["zero"] < english["ten"]
    assert english["first_colour"] < english["last_colour"]
    assert english["arrow"] == "none"
    for lang in ("ar", "ur"):
        mirrored = layouts[lang]
        assert mirrored["direction"] == "rtl", lang
        assert mirrored["brand"] > width / 2, f"{lang}: the header does not start on the right"
        # Read from the right: 0 at the right, 10 at the left; the toolbar starts on the right.
        assert mirrored["zero"] > mirrored["ten"], lang
        assert mirrored["first_colour"] > mirrored["last_colour"], lang
        assert mirrored["arrow"].startswith("matrix(-1"), f"{lang}: arrows point the wrong way"


def test_a_worker_reads_their_queue_in_arabic(live_server, browser, artifacts, safety_paths):
    worker, _codes = safety_paths
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.locator("input[name=email]").fill(worker.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/review")
    assert page.locator("h1").first.inner_text() != ""
    assert "المراجعة" in page.locator("header").inner_text()
    page.screenshot(path=str(artifacts / "rtl-review-queue-ar.png"), full_page=True)
    brand = page.locator(".brand").bounding_box()
    nav = page.locator("header nav a").first.bounding_box()
    assert brand["x"] > 1280 / 2  # the header starts on the right
    assert nav["x"] < brand["x"]  # and the menu follows it, leftwards
    context.close()
