"""The child's page doesn't jump when the canvas appears (issue #14: CLS 0.232 before), and the
service worker serves the fingerprinted scripts and styles from its own cache."""

import pytest

from tests.browser.conftest import watch_console

pytestmark = pytest.mark.browser

LAYOUT = """() => {
  const box = document.querySelector('.canvas-box').getBoundingClientRect();
  const below = document.querySelector('.file-button-field').getBoundingClientRect();
  return {box: Math.round(box.height), below: Math.round(below.top)};
}"""

# Layout shifts the page had by now (the browser reports those before the observer started).
SHIFTS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


def child_on_first_house(browser, live_server, code, width, block_canvas_js):
    context = browser.new_context(viewport={"width": width, "height": 800}, service_workers="block")
    page = context.new_page()
    if block_canvas_js:
        page.route("**/static/js/canvas.js*", lambda route: route.abort())
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first house").click()
    page.wait_for_load_state("load")
    return context, page


@pytest.mark.parametrize("width", [1024, 390])
def test_the_canvas_takes_the_same_room_before_and_after_its_script(
    live_server, browser, make_worker, make_child, make_activity, make_code, artifacts, width
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)

    code = make_code(activity, worker)  # a code signs in once
    context, page = child_on_first_house(browser, live_server, code, width, block_canvas_js=True)
    assert page.locator("canvas").is_hidden()  # the script did not run
    before = page.evaluate(LAYOUT)
    context.close()

    code = make_code(activity, worker)
    context, page = child_on_first_house(browser, live_server, code, width, block_canvas_js=False)
    errors = watch_console(page)
    page.locator("canvas").wait_for(state="visible")
    after = page.evaluate(LAYOUT)
    shifted = page.evaluate(SHIFTS)
    page.screenshot(path=str(artifacts / f"canvas-layout-{width}.png"))
    context.close()

    assert before["box"] > 200  # the room is really held, not two empty boxes
    assert after == before
    assert shifted < 0.01, shifted
    assert errors == []


def test_the_service_worker_serves_fingerprinted_files_from_its_cache(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    # A function, not a bare expression: Playwright polls an expression with eval(), which
    # the app's CSP refuses, so the test failed whenever the worker took over late.
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    kept = page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
          }
          return urls;
        }"""
    )
    htmx = page.evaluate("document.querySelector('script[src*=\"htmx\"]').src")
    assert "?v=" in htmx and htmx in kept
    assert all("?v=" in url and "/static/" in url for url in kept), kept
    # Offline, the page's own fingerprinted script still comes, from the worker's cache.
    context.set_offline(True)
    status = page.evaluate("(url) => fetch(url).then((r) => r.status, () => 'failed')", htmx)
    assert status == 200
    # People's pages are never kept: offline, the page itself does not come back.
    page_status = page.evaluate("() => fetch(location.href).then((r) => r.status, () => 'failed')")
    assert page_status == "failed"
    context.close()
