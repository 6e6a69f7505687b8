"""A child does Three Houses with the keyboard alone, and can always see where the focus is."""

import pytest

from participation.activities.models import Activity, Status
from participation.extensions import db

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element is focused, checking each stop shows a visible focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "sel => { const el = document.activeElement; const s = getComputedStyle(el);"
            " return {match: el.matches(sel), outline: s.outlineStyle, shadow: s.boxShadow,"
            " tag: el.tagName}; }",
            selector,
        )
        assert focused["outline"] != "none" or focused["shadow"] != "none", focused
        if focused["match"]:
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_three_houses_with_the_keyboard_alone(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server}/start")
    tab_to(page, "#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/*")
    tab_to(page, "a.button.primary")
    page.keyboard.press("Enter")
    for area in ("worries", "good_things", "dreams"):
        page.wait_for_url(f"**/areas/{area}")
        tab_to(page, "#child_words")
        page.keyboard.type(f"My {area} in words")
        tab_to(page, 'button[value="next"], button[value="finish"]')
        page.keyboard.press("Enter")
    page.wait_for_url("**/finish")
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks")
    db.session.expire_all()
    saved = db.session.get(Activity, activity.id)
    assert saved.status == Status.SUBMITTED
    assert sorted(a.child_words for a in saved.areas) == [
        "My dreams in words", "My good_things in words", "My worries in words",
    ]  # fmt: skip
    context.close()
