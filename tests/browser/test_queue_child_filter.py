"""The review queue's child filter (issue #18): a list of the worker's own children, kept in the
address, with htmx (on change) and without JavaScript (the Filter button), at 360 and 768 px."""

import pytest

from tests.browser.conftest import sign_in_staff, watch_console
from tests.browser.test_accessibility import violations
from tests.test_queue import sent

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "script"), [(360, True), (768, False)])
def test_a_worker_narrows_the_queue_to_one_child(
    live_server, browser, artifacts, make_worker, make_child, width, script
):
    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke")
    sent(amy, worker, words="I hide in my room")
    sent(make_child(worker, name="Bartek Nowak"), worker, words="Tata krzyczy")
    other = make_worker(name="Other Worker")
    sent(make_child(other, name="Zara Secret"), other, words="secret words")
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        locale="en",
        java_script_enabled=script,
        bypass_csp=script,  # only to inject axe-core, which needs JavaScript
    )
    page = context.new_page()
    errors = watch_console(page)
    sign_in_staff(page, live_server, worker.email)
    page.wait_for_url(f"{live_server}/review")

    child = page.get_by_label("Child", exact=True)
    options = [o.strip() for o in child.locator("option").all_inner_texts()]
    assert options == ["Every child", "Amy Clarke", "Bartek Nowak"]  # never Zara
    assert child.bounding_box()["height"] >= 44
    assert page.get_by_label("Child's name or case reference").bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    child.select_option(label="Amy Clarke")
    if not script:
        page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**/review?*child={amy.public_id}*")
    results = page.locator("#queue-results")
    results.get_by_text("Amy Clarke").first.wait_for()
    # A function: Playwright polls a bare expression with eval(), which the CSP refuses.
    page.wait_for_function(
        "() => !document.querySelector('#queue-results').innerText.includes('Bartek')"
    )
    page.screenshot(path=artifacts / f"queue-child-filter-{width}.png", full_page=True)
    assert not script or violations(page) == []

    # The address is the bookmark: opened again, the list shows the child chosen.
    page.goto(page.url)
    assert (
        page.get_by_label("Child", exact=True).evaluate("s => s.options[s.selectedIndex].text")
        == "Amy Clarke"
    )
    assert "Bartek" not in page.locator("#queue-results").inner_text()
    assert errors == [], errors
    context.close()
