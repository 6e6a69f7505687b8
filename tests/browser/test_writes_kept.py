"""What a child, family member or young person wrote or drew is never lost in the browser:
no connection, a reload, a photo too big, a dropped request, a refused or failed send."""

import io
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.activities.models import ActivityArea, Drawing
from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.network.services import issue_invite
from participation.uploads import read
from tests.browser.conftest import watch_console

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 360, "height": 740}
KEPT = "We couldn’t send this yet. It is kept here. Ask your worker to help."
# These tests cut or refuse requests with page.route, which never sees a request made by a page
# that our service worker controls; so the service worker is blocked here (it only caches
# static files, and tests/browser/test_offline.py covers it).
NO_SW = "block"


def child_on_first_house(browser, live_server, code):
    tablet = browser.new_context(viewport=TABLET, has_touch=True, service_workers=NO_SW)
    page = tablet.new_page()
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first house").click()
    page.wait_for_url("**/areas/worries")
    return tablet, page


def stroke(page, fx: float, fy: float) -> None:
    """A short line drawn with the mouse, starting at a fraction of the canvas."""
    canvas = page.locator("canvas.canvas")
    canvas.evaluate("c => c.scrollIntoView({block: 'start'})")  # all of it on the screen
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 8):
        page.mouse.move(x + step * 6, y, steps=2)
    page.mouse.up()


def ink_on_canvas(page, fx: float, fy: float) -> bool:
    """Is there ink on the canvas the child sees at this point?"""
    return page.evaluate(
        """([fx, fy]) => {
            const c = document.querySelector("canvas.canvas");
            const pixel = c.getContext("2d").getImageData(c.width * fx + 10, c.height * fy, 1, 1);
            return pixel.data[3] > 0;
        }""",
        [fx, fy],
    )


def saved_drawing(activity_id: int) -> Image.Image | None:
    db.session.expire_all()
    drawing = db.session.scalars(select(Drawing).filter_by(activity_id=activity_id)).one_or_none()
    if drawing is None:
        return None
    return Image.open(io.BytesIO(read(drawing.storage_key))).convert("RGBA")


def ink_in(image: Image.Image, fx: float, fy: float) -> bool:
    return image.getpixel((int(image.width * fx) + 10, int(image.height * fy)))[3] > 0


def wait_until(check, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    return check()


def test_a_drawing_made_offline_is_kept_and_sent_by_itself_when_back_online(
    live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))

    tablet.set_offline(True)
    stroke(page, 0.3, 0.3)
    status = page.locator(".drawing-status")
    status.get_by_text("It is kept on this tablet and will be sent by itself").wait_for()
    assert "Failed to fetch" not in status.inner_text()
    page.get_by_text("Waiting to send: 1").wait_for()
    page.screenshot(path=artifacts / "drawing-kept-offline.png", full_page=True)
    assert saved_drawing(activity.id) is None

    tablet.set_offline(False)  # nobody taps anything
    status.get_by_text("Drawing saved").wait_for(timeout=10000)
    drawing = wait_until(lambda: saved_drawing(activity.id))
    assert drawing is not None and ink_in(drawing, 0.3, 0.3)
    page.locator("#outbox-status").wait_for(state="hidden")
    tablet.close()


def test_reloading_straight_after_a_stroke_or_a_word_loses_nothing(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))
    errors = watch_console(page)

    stroke(page, 0.2, 0.2)
    page.locator(".drawing-status").get_by_text("Drawing saved").wait_for()
    stroke(page, 0.6, 0.6)
    page.locator("#child_words").fill("I like my nan")
    page.reload()  # under a second later: before any autosave went

    # The canvas comes back with both strokes and the words, and both reach the server.
    page.wait_for_function(
        "() => document.querySelector('.drawing-status').textContent.includes('Drawing saved')"
    )
    assert ink_on_canvas(page, 0.2, 0.2) and ink_on_canvas(page, 0.6, 0.6)
    assert page.locator("#child_words").input_value() == "I like my nan"
    drawing = wait_until(
        lambda: (d := saved_drawing(activity.id)) is not None and ink_in(d, 0.6, 0.6) and d
    )
    assert drawing and ink_in(drawing, 0.2, 0.2) and ink_in(drawing, 0.6, 0.6)

    def words_saved():
        db.session.expire_all()
        row = db.session.scalars(
            select(ActivityArea).filter_by(activity_id=activity.id)
        ).one_or_none()
        return row is not None and row.child_words == "I like my nan"

    assert wait_until(words_saved)

    # A new stroke straight after opening the page again draws over the saved picture.
    page.reload()
    stroke(page, 0.4, 0.8)
    page.locator(".drawing-status").get_by_text("Drawing saved").wait_for()
    drawing = wait_until(
        lambda: (d := saved_drawing(activity.id)) is not None and ink_in(d, 0.4, 0.8) and d
    )
    assert drawing and all(ink_in(drawing, *p) for p in [(0.2, 0.2), (0.6, 0.6), (0.4, 0.8)])
    assert errors == []
    tablet.close()


def test_closing_the_page_straight_after_a_stroke_loses_nothing(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))
    area_url = page.url
    stroke(page, 0.5, 0.3)
    page.close(run_before_unload=True)  # the tablet's tab is shut at once

    # Opening the app again, on any page, sends the drawing by itself.
    page = tablet.new_page()
    page.goto(area_url.rsplit("/areas/", 1)[0])
    drawing = wait_until(lambda: saved_drawing(activity.id))
    assert drawing is not None and ink_in(drawing, 0.5, 0.3)
    tablet.close()


def test_an_untouched_canvas_is_never_sent_over_the_saved_drawing(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))
    stroke(page, 0.3, 0.5)
    page.locator(".drawing-status").get_by_text("Drawing saved").wait_for()
    db.session.expire_all()
    first = db.session.scalars(select(Drawing).filter_by(activity_id=activity.id)).one().sha256
    page.reload()
    page.locator("#child_words").fill("Just words this time")
    page.locator("#save-status").get_by_text("Saved").wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**saved=1")
    db.session.expire_all()
    assert (
        db.session.scalars(select(Drawing).filter_by(activity_id=activity.id)).one().sha256 == first
    )
    tablet.close()


def test_a_childs_words_refused_after_their_session_ended_are_kept_and_sent_next_session(
    live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))

    tablet.set_offline(True)
    page.locator("#child_words").fill("Written when the wifi was off")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Your words are kept on this tablet").wait_for()
    tablet.clear_cookies()  # the session ended (or the code stopped) while offline
    tablet.set_offline(False)

    # The server says 404: nothing is deleted, and the child is told in plain words.
    page.get_by_text(KEPT).wait_for(timeout=10000)
    page.screenshot(path=artifacts / "outbox-kept-after-refusal.png", full_page=True)
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(func.count()).select_from(ActivityArea).filter_by(activity_id=activity.id)
        )
        == 0
    )
    kept = page.evaluate(
        """() => new Promise(resolve => {
            const open = indexedDB.open("participation-outbox", 1);
            open.onsuccess = () => {
                const count = open.result.transaction("waiting").objectStore("waiting").count();
                count.onsuccess = () => resolve(count.result);
            };
        })"""
    )
    assert kept == 1  # still in the outbox on this tablet

    # The next session on this tablet (a new code from the worker) sends it by itself.
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(make_code(activity, worker))
    page.get_by_role("button", name="Start").click()

    def words_arrived():
        db.session.expire_all()
        row = db.session.scalars(
            select(ActivityArea).filter_by(activity_id=activity.id)
        ).one_or_none()
        return row is not None and row.child_words == "Written when the wifi was off"

    assert wait_until(words_arrived)
    page.locator("#outbox-status").wait_for(state="hidden")
    tablet.close()


def test_when_the_server_fails_the_child_is_told_it_was_not_saved(
    live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet, page = child_on_first_house(browser, live_server, make_code(activity, worker))
    down = "Sorry, the service is not available. Nothing was saved."

    def failing(route):
        if route.request.method == "POST":
            route.fulfill(status=503, body=down, content_type="text/plain")
        else:
            route.continue_()

    page.route("**/activities/**", failing)  # the database is down: every save answers 503
    page.locator("#child_words").fill("My worries")
    status = page.locator("#save-status")
    status.get_by_text("Not saved yet: something went wrong").wait_for()
    assert "✓" not in status.inner_text()
    stroke(page, 0.5, 0.5)
    page.locator(".drawing-status").get_by_text("Drawing not saved yet").wait_for()

    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Not saved yet: something went wrong on our side").wait_for()
    page.screenshot(path=artifacts / "server-failed-not-saved.png", full_page=True)
    assert page.url.endswith("/areas/worries")  # still on the page, words on screen
    assert page.locator("#child_words").input_value() == "My worries"
    assert page.get_by_text("saved work is safe").count() == 0

    page.unroute("**/activities/**")
    page.reload()  # the server is back: what was kept goes by itself

    def all_arrived():
        db.session.expire_all()
        row = db.session.scalars(
            select(ActivityArea).filter_by(activity_id=activity.id)
        ).one_or_none()
        drawing = db.session.scalars(
            select(Drawing).filter_by(activity_id=activity.id)
        ).one_or_none()
        return row is not None and row.child_words == "My worries" and drawing is not None

    assert wait_until(all_arrived)
    page.locator("#outbox-status").wait_for(state="hidden")
    tablet.close()


@pytest.fixture(scope="module")
def fifty_megapixel_photo(tmp_path_factory) -> Path:
    """A phone camera's 50 MP JPEG, bigger than the server takes (MAX_CONTENT_LENGTH)."""
    path = tmp_path_factory.mktemp("photos") / "IMG_2041.jpg"
    size = (8660, 5774)
    small = Image.effect_noise((size[0] // 4, size[1] // 4), 80).convert("RGB")
    small.resize(size, Image.Resampling.BILINEAR).save(path, quality=92)  # about 19 MB
    return path


def nan_on_journal_page(browser, live_server, make_worker, make_child, make_family, make_member):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    _invite, link, _code = issue_invite(make_member(family, worker))
    db.session.commit()
    phone = browser.new_context(viewport=PHONE, service_workers=NO_SW)
    page = phone.new_page()
    page.goto(f"{live_server}/join/{link}")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("link", name="Write in the safety journal").click()
    return phone, page


def test_a_fifty_megapixel_photo_is_made_smaller_on_the_phone_and_sent_with_the_words(
    app,
    live_server,
    browser,
    fifty_megapixel_photo,
    make_worker,
    make_child,
    make_family,
    make_member,
):
    assert fifty_megapixel_photo.stat().st_size > app.config["MAX_CONTENT_LENGTH"]
    phone, page = nan_on_journal_page(
        browser, live_server, make_worker, make_child, make_family, make_member
    )
    page.get_by_label("Yes", exact=True).first.check()
    page.get_by_label("What happened?").fill("Amy showed me her picture of the park")
    page.locator("input[name=photo]").set_input_files(str(fifty_megapixel_photo))
    page.get_by_role("button", name="Send to the social worker").click()
    page.wait_for_url("**/network/journal/*?saved=1", timeout=30000)
    db.session.expire_all()
    entry = db.session.scalars(select(JournalEntry)).one()
    assert entry.what_happened == "Amy showed me her picture of the park"
    photo = db.session.scalars(select(JournalAttachment).filter_by(kind="photo")).one()
    assert photo.byte_size <= app.config["UPLOAD_MAX_BYTES"]
    phone.close()


def test_a_journal_entry_whose_request_drops_is_kept_not_left_on_an_error_page(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member
):
    phone, page = nan_on_journal_page(
        browser, live_server, make_worker, make_child, make_family, make_member
    )
    # The phone thinks it is online, but the request never gets an answer.
    page.route(
        "**/network/journal/new",
        lambda route: (
            route.abort("connectionreset") if route.request.method == "POST" else route.continue_()
        ),
    )
    page.get_by_label("Partly").check()
    page.get_by_label("What happened?").fill("Sent from the hospital car park")
    page.get_by_role("button", name="Send to the social worker").click()
    page.get_by_text("Your entry is saved on this phone").wait_for()
    page.get_by_text("Waiting to send: 1").wait_for()
    assert page.url.startswith(live_server) and page.url.endswith("/network/journal/new")
    page.screenshot(path=artifacts / "journal-request-dropped.png", full_page=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0

    page.unroute("**/network/journal/new")
    page.reload()  # the next page sends what was kept, by itself

    def sent():
        db.session.expire_all()
        return [e.what_happened for e in db.session.scalars(select(JournalEntry))]

    assert wait_until(sent) == ["Sent from the hospital car park"]
    page.locator("#outbox-status").wait_for(state="hidden")
    phone.close()


def test_a_journal_entry_kept_on_a_phone_is_never_sent_in_another_members_name(
    live_server, browser, make_worker, make_child, make_family, make_member
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    nan, jo = make_member(family, worker), make_member(family, worker, name="Aunt Jo")
    _i, nan_link, _c = issue_invite(nan)
    _i, jo_link, _c = issue_invite(jo)
    db.session.commit()
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.goto(f"{live_server}/join/{nan_link}")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("link", name="Write in the safety journal").click()
    phone.set_offline(True)
    page.get_by_label("No", exact=True).first.check()
    page.get_by_label("What happened?").fill("Nan's words, written offline")
    page.get_by_role("button", name="Send to the social worker").click()
    page.get_by_text("Your entry is saved on this phone").wait_for()
    phone.clear_cookies()  # Nan's session ends before the phone is back online
    phone.set_offline(False)

    # Aunt Jo joins on the same phone: Nan's entry stays waiting for Nan.
    page.goto(f"{live_server}/join/{jo_link}")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("link", name="Write in the safety journal").click()
    page.wait_for_timeout(1500)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0
    assert page.get_by_label("What happened?").input_value() == ""

    # Nan signs in again on her phone: her entry goes by itself, in her name.
    _i, nan_again, _c = issue_invite(nan)
    db.session.commit()
    phone.clear_cookies()
    page.goto(f"{live_server}/join/{nan_again}")
    page.get_by_role("button", name="Join").click()

    def sent():
        db.session.expire_all()
        return [(e.member_id, e.what_happened) for e in db.session.scalars(select(JournalEntry))]

    assert wait_until(sent) == [(nan.id, "Nan's words, written offline")]
    phone.close()


def test_a_journal_entry_the_server_gives_back_shows_what_is_wrong_with_the_words_kept(
    live_server, browser, make_worker, make_child, make_family, make_member
):
    phone, page = nan_on_journal_page(
        browser, live_server, make_worker, make_child, make_family, make_member
    )
    errors = watch_console(page)
    page.get_by_label("What happened?").fill("Forgot to say if the plan worked")
    page.get_by_role("button", name="Send to the social worker").click()
    page.get_by_text("Choose yes, partly or no.").wait_for()
    assert page.get_by_label("What happened?").input_value() == "Forgot to say if the plan worked"
    assert page.locator("#outbox-status").is_hidden()  # answered: nothing left waiting
    page.get_by_label("Yes", exact=True).first.check()
    page.get_by_role("button", name="Send to the social worker").click()
    page.wait_for_url("**/network/journal/*?saved=1")
    db.session.expire_all()
    assert [e.what_happened for e in db.session.scalars(select(JournalEntry))] == [
        "Forgot to say if the plan worked"
    ]
    assert [e for e in errors if "422" not in e] == []  # no script error on the page shown
    phone.close()
