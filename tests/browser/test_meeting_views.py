"""A meeting's views end to end on a 768 px tablet (issue #16): the worker asks (due by the
meeting kind's date), the child does "My meeting" in Polish on their own tablet and presses the
finish button themselves, the chair reads it, the outcome reaches the child who reads it in
their space and answers, and the worker sees it read and the answer."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from participation.activities.models import Activity, Status
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
ANSWER = "Dziękuję, cieszę się"
OUTCOME = "You will stay with Nan, as you asked."
POLISH = "Zostaniesz z babcią, tak jak prosiłaś."


def sign_in(browser, live_server, worker):
    context = browser.new_context(viewport=TABLET, has_touch=True)
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
    # Due three working days before the looked-after review, as the setting says.
    due = page.get_by_label("Views due by")
    due.wait_for()
    assert due.input_value() == "2026-12-11"
    page.screenshot(path=artifacts / "meeting-views-ask.png", full_page=True)
    page.get_by_role("button", name="Ask for their views").click()  # My meeting, with a code
    page.wait_for_url("**/codes/**")
    code = page.locator("#code-value").inner_text().strip().replace(" ", "")
    assert errors == []

    # The child, on their own tablet, in Polish: one house, then the finish button they see.
    tablet = browser.new_context(viewport=TABLET, has_touch=True)
    kid = tablet.new_page()
    kid_errors = watch_console(kid)
    kid.goto(f"{live_server}/start")
    kid.locator("input[name=code]").fill(code)
    kid.locator("form button[type=submit]").first.click()
    kid.wait_for_load_state()
    assert kid.locator("html").get_attribute("lang") == "pl"
    activity = db.session.scalars(select(Activity)).one()
    kid.goto(f"{live_server}/activities/{activity.public_id}")
    kid.screenshot(path=artifacts / "meeting-views-child-start-pl.png", full_page=True)
    kid.get_by_role("link", name="Zacznij od pierwszego domu").tap()
    areas = ["going_well", "worries", "want_to_happen", "who_there", "come_or_chair", "advocate"]
    kid.wait_for_url(f"**/areas/{areas[0]}")
    for area in areas[1:]:
        # Words in "What I want to happen", as the child types them; then on to the next house.
        if area == "who_there":
            kid.locator("textarea[name=child_words]").fill(WORDS)
            kid.screenshot(path=artifacts / "meeting-views-child-pl.png", full_page=True)
            assert kid.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        kid.get_by_role("button", name="Następny dom").tap()
        kid.wait_for_url(f"**/areas/{area}")
    kid.get_by_role("button", name="Wszystko gotowe").tap()
    kid.wait_for_url(f"**/activities/{activity.public_id}/finish")
    kid.get_by_text(WORDS).wait_for()  # what they are sending, before they send it
    kid.screenshot(path=artifacts / "meeting-views-child-finish-pl.png", full_page=True)
    # The finish button the child presses ("I'm finished").
    kid.get_by_role("button", name=re.compile("^Gotowe")).tap()
    kid.wait_for_url("**/activities/thanks")
    kid.screenshot(path=artifacts / "meeting-views-child-thanks-pl.png", full_page=True)
    assert kid_errors == [], kid_errors
    tablet.close()
    db.session.expire_all()
    sent = db.session.get(Activity, activity.id)
    assert sent.status == Status.SUBMITTED and sent.outcome is None

    board, chair_page = sign_in(browser, live_server, chair)
    chair_page.goto(f"{live_server}/chair")
    chair_page.get_by_text("Zosia Nowak: Looked-after review").wait_for()
    chair_page.get_by_text("Views due Dec 11, 2026").wait_for()
    chair_page.screenshot(path=artifacts / "meeting-views-chair-list.png", full_page=True)
    chair_page.get_by_role("link", name="Read their views").first.click()
    chair_page.get_by_text(WORDS).first.wait_for()
    chair_page.get_by_text("Views for: Looked-after review, 16 Dec · due 11 Dec").wait_for()
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
    # Sent with nothing written: the same card again, with a plain reason, not an error page.
    card.locator("button[type=submit]").tap()
    card = page.locator(".meeting-outcome")
    card.locator("[role=alert]").wait_for()
    assert page.locator("html").get_attribute("lang") == "pl"
    page.screenshot(path=artifacts / "meeting-answer-empty-pl.png", full_page=True)
    # The refusal is a 422 (the browser logs it): that and nothing else.
    assert [e for e in errors if "422" not in e] == []
    errors.clear()
    card.locator("textarea[name=answer]").fill(ANSWER)
    card.locator("button[type=submit]").tap()
    # Back to their space, at the meeting's card (the form's address keeps its place).
    page.wait_for_url(re.compile(r"/space/together#meeting-card-"))
    page.locator(".meeting-outcome .their-words", has_text=ANSWER).wait_for()
    page.goto(f"{live_server}/meetings/{meeting.public_id}")
    page.get_by_text("Zosia has read it").wait_for()
    page.get_by_text(ANSWER).wait_for()
    page.screenshot(path=artifacts / "meeting-outcome-read.png", full_page=True)
    assert errors == []
    desk.close()
    db.session.expire_all()
    share = db.session.scalars(select(ChildShare)).one()
    assert share.first_read_at is not None and share.read_mode == "together"
    assert db.session.get(Meeting, meeting.id).answer == ANSWER
