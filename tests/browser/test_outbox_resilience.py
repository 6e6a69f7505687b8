"""The outbox never stops a child's or family's words from going: storage blocked in the
browser, a drawing refused for good, an entry edited after a failed send."""

import pytest
from sqlalchemy import select

from participation.activities.models import ActivityArea
from participation.extensions import db
from participation.journal.models import JournalEntry
from tests.browser.test_writes_kept import (
    child_on_first_house,
    nan_on_journal_page,
    saved_drawing,
    stroke,
    wait_until,
)

pytestmark = pytest.mark.browser

# Private mode or storage blocked by the device's settings: IndexedDB can't be opened.
BLOCK_INDEXEDDB = """
(() => {
  IDBFactory.prototype.open = function () {
    const request = {};
    setTimeout(() => {
      request.error = new DOMException("Storage is blocked.", "UnknownError");
      if (request.onerror) request.onerror({ target: request });
    }, 0);
    return request;
  };
})();
"""


def test_a_childs_drawing_and_words_are_sent_when_the_browser_cannot_keep_them(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))
    tablet.add_init_script(BLOCK_INDEXEDDB)
    page.reload()

    stroke(page, 0.4, 0.4)
    page.locator(".drawing-status").get_by_text("Drawing saved").wait_for(timeout=10000)
    drawing = wait_until(lambda: saved_drawing(activity.id))
    assert drawing is not None

    # Words typed straight before pressing Save (no autosave has gone yet).
    page.locator("#child_words").evaluate("el => { el.value = 'My nan makes me laugh'; }")
    page.get_by_role("button", name="Save", exact=True).click()

    def words_arrived():
        db.session.expire_all()
        row = db.session.scalars(
            select(ActivityArea).filter_by(activity_id=activity.id)
        ).one_or_none()
        return row is not None and row.child_words == "My nan makes me laugh"

    assert wait_until(words_arrived)
    tablet.close()


def test_a_journal_entry_is_sent_when_the_browser_cannot_keep_it(
    live_server, browser, make_worker, make_child, make_family, make_member
):
    phone, page = nan_on_journal_page(
        browser, live_server, make_worker, make_child, make_family, make_member
    )
    phone.add_init_script(BLOCK_INDEXEDDB)
    page.reload()
    page.get_by_label("Partly").check()
    page.get_by_label("What happened?").fill("Written on a phone in private mode")
    page.get_by_role("button", name="Send to the social worker").click()
    page.wait_for_url("**/network/journal/*?saved=1", timeout=15000)
    db.session.expire_all()
    assert [e.what_happened for e in db.session.scalars(select(JournalEntry))] == [
        "Written on a phone in private mode"
    ]
    phone.close()


def test_a_drawing_refused_for_good_is_kept_but_not_sent_again_and_again(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))
    posts: list[str] = []

    def refused(route):
        if route.request.method == "POST":
            posts.append(route.request.url)
            route.fulfill(status=404, json={"error": "Not found."})
        else:
            route.continue_()

    page.route("**/drawing", refused)  # the code was stopped: every drawing answers 404
    stroke(page, 0.5, 0.5)
    # (Playwright answers routed requests only while the test waits through it.)
    page.wait_for_timeout(36000)  # the old code sent it again every 15 s (three times by now)
    assert 1 <= len(posts) <= 2

    kept = page.evaluate(
        """() => new Promise(resolve => {
            const open = indexedDB.open("participation-outbox", 1);
            open.onsuccess = () => {
                const all = open.result.transaction("waiting").objectStore("waiting").getAll();
                all.onsuccess = () => resolve(all.result.map(v => [v.kind, v.state]));
            };
        })"""
    )
    assert kept == [["drawing", "held"]]  # still on this tablet, sent on the next page
    assert page.locator("#outbox-status").is_visible()
    tablet.close()


def test_an_entry_edited_after_a_failed_send_is_not_dropped_as_a_resend(
    live_server, browser, make_worker, make_child, make_family, make_member
):
    phone, page = nan_on_journal_page(
        browser, live_server, make_worker, make_child, make_family, make_member
    )

    def lands_but_answer_lost(route):
        # The first copy reaches the server, but the phone only hears "503".
        if route.request.method == "POST":
            route.fetch()
            route.fulfill(status=503, body="Sorry", content_type="text/plain")
        else:
            route.continue_()

    page.route("**/network/journal/new", lands_but_answer_lost)
    page.get_by_label("Partly").check()
    page.get_by_label("What happened?").fill("Amy was upset")
    page.get_by_role("button", name="Send to the social worker").click()
    page.get_by_text("Not saved yet: something went wrong on our side").first.wait_for()
    page.unroute("**/network/journal/new")

    page.get_by_label("What happened?").fill("Amy was upset, then we talked and she felt better")
    page.get_by_role("button", name="Send to the social worker").click()
    page.wait_for_url("**/network/journal/*?saved=1", timeout=15000)

    def texts():
        db.session.expire_all()
        return sorted(e.what_happened for e in db.session.scalars(select(JournalEntry)))

    assert "Amy was upset, then we talked and she felt better" in wait_until(
        lambda: len(texts()) == 2 and texts()
    )
    phone.close()
