"""On Arabic and Urdu pages, phone numbers, codes and times read left-to-right, as dialled."""

import re

import pytest

from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}

# Where, across the screen, each of two parts of one piece of text is drawn: a Range over the
# characters of each part, in the first text holding both inside the elements `selector`.
WHERE_DRAWN = """([selector, first, second]) => {
  for (const root of document.querySelectorAll(selector)) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const a = node.data.indexOf(first), b = node.data.indexOf(second, a + first.length);
    if (a < 0 || b < 0) continue;
    const left = (start, length) => {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + length);
      return range.getBoundingClientRect().left;
    };
    return [left(a, first.length), left(b, second.length)];
  }
  }
  return null;
}"""


def drawn_left_to_right(page, selector: str, first: str, second: str) -> bool:
    """Whether `first` is drawn to the left of `second`, as in "0800 1111"."""
    where = page.evaluate(WHERE_DRAWN, [selector, first, second])
    assert where is not None, f"{first} … {second} not found in {selector}"
    return where[0] < where[1]


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_childline_reads_0800_1111_on_a_right_to_left_page(
    lang,
    live_server,
    browser,
    artifacts,
    make_worker,
    make_child,
    make_activity,
    make_code,
):
    worker = make_worker()
    activity = make_activity(make_child(worker, language=lang), worker, language=lang)
    code = make_code(activity, worker)
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server}/start")
    page.locator("input[name=code]").fill(code)
    page.locator("main button[type=submit]").click()
    page.locator("button.worry").wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"

    page.locator("button.worry").click()
    help_box = page.locator("#worry-panel .worry-help")
    help_box.wait_for()
    sentence = "#worry-panel .worry-help p.big:has(bdi)"
    assert page.locator(sentence).count() >= 1, "the numbers are not isolated"
    # The Childline sentence and its button: 0800 on the left, 1111 on the right.
    childline = page.locator(sentence).filter(has_text="0800").inner_text()
    # Only a right-to-left sentence can turn a number round: make sure that is what we test.
    assert re.search("[\u0600-\u06ff]", childline), f"{lang}: the sentence is not translated"
    assert drawn_left_to_right(page, sentence, "0800", "1111"), f"{lang}: sentence reversed"
    button = "#worry-panel a[href='tel:08001111']"
    assert drawn_left_to_right(page, button, "0800", "1111"), f"{lang}: button reversed"
    # Read aloud says the words, never the markup that keeps the number in order.
    said = page.locator("#worry-panel button.say").first.get_attribute("data-say") or ""
    assert "0800 1111" in said and "<" not in said
    help_box.screenshot(path=str(artifacts / f"rtl-childline-{lang}.png"))
    context.close()


def test_a_sign_in_code_and_its_time_read_left_to_right_in_arabic(
    live_server, browser, artifacts, make_worker, make_child, make_activity
):
    worker = make_worker()
    child = make_child(worker)
    make_activity(child, worker)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    page.locator("input[name=email]").fill(worker.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/review")
    page.goto(f"{live_server}/children/{child.public_id}")
    page.locator("form[action*='/codes/activity/'] button").first.click()
    page.wait_for_url("**/codes/*")
    assert page.evaluate("document.documentElement.dir") == "rtl"

    shown = page.locator(".code").inner_text().strip()
    first, last = shown.split("-")
    assert drawn_left_to_right(page, ".code", first, last), "the code reads backwards"
    # "It works … until 14:30": the time is the isolate holding only HH:mm.
    until = page.locator("main bdi").filter(has_text=re.compile(r"^\d\d:\d\d$"))
    hours, minutes = until.inner_text().split(":")
    until.evaluate("bdi => bdi.id = 'until'")
    assert drawn_left_to_right(page, "#until", hours, minutes), "the time reads backwards"
    page.screenshot(path=str(artifacts / "rtl-sign-in-code-ar.png"), full_page=True)

    # Back on the child's page, the code's row keeps its time in order too.
    page.goto(f"{live_server}/children/{child.public_id}")
    made = page.locator("a[href*='/codes/'] time").first
    when = made.inner_text()
    clock = when.rsplit(" ", 1)[-1]
    hours, minutes = clock.split(":")
    # (Found as "HH:" so the year's "20" in an Arabic date is never mistaken for the hour.)
    assert drawn_left_to_right(page, "a[href*='/codes/'] time", f"{hours}:", minutes)
    page.screenshot(path=str(artifacts / "rtl-child-codes-ar.png"), full_page=True)
    context.close()


@pytest.mark.parametrize(("lang", "width"), [("ar", 360), ("ur", 768)])
def test_past_99_unread_the_badge_reads_99_plus_on_a_right_to_left_page(
    lang, width, live_server, browser, artifacts, make_worker, make_child
):
    from tests.browser.conftest import sign_in_staff
    from tests.helpers import add_submitted

    worker = make_worker()
    add_submitted(make_child(worker), worker, 101)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
    page = context.new_page()
    sign_in_staff(page, live_server, worker.email)
    page.wait_for_url("**/review")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    badge = page.locator("header .badge").filter(has_text="99")
    assert badge.inner_text().strip() == "99+"
    # "+" after the number, as written: a bare "99+" in right-to-left text is drawn "+99".
    assert drawn_left_to_right(page, "header .badge", "99", "+"), f"{lang}: the badge reads +99"
    page.screenshot(path=str(artifacts / f"rtl-badge-99-plus-{lang}-{width}.png"))
    context.close()
