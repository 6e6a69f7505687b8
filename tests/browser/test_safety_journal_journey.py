"""A grandparent joins the network on a phone and logs a journal entry with a voice memo;
the worker finds it in the queue and in the journal grouped by rule."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.network.services import issue_invite
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
RULE = "If Mum is drinking, Nan collects Amy from school"


def test_member_logs_an_entry_and_the_worker_sees_it(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    _invite, link, _code = issue_invite(nan)
    db.session.commit()

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    phone.grant_permissions(["microphone"])
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("heading", name="Hello Nan Clarke").wait_for()
    assert page.get_by_text(RULE).is_visible()
    page.get_by_role("link", name="Write in the safety journal").click()

    page.get_by_label("Yes", exact=True).check()
    page.get_by_label(RULE).check()
    page.get_by_label("What happened?").fill("Mum had been drinking so I picked Amy up at 3.")
    page.get_by_text("Add more").click()  # the voice memo waits under "Add more"
    page.get_by_role("button", name="Record").click()
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop").click()
    page.get_by_text("Voice memo ready").wait_for()
    page.screenshot(path=artifacts / "journal-phone.png", full_page=True)
    page.get_by_role("button", name="Send to the social worker").click()
    page.get_by_text("Sent. The social worker will see it.").wait_for()
    assert errors == []
    phone.close()

    db.session.expire_all()
    entry = db.session.scalars(select(JournalEntry)).one()
    memo = db.session.scalars(select(JournalAttachment)).one()
    assert memo.kind == "voice" and memo.media_type == "audio/webm" and memo.byte_size > 500
    assert [r.text for r in entry.rules] == [RULE]

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Safety journal: Nan Clarke (Grandmother)").click()
    page.get_by_text("Mum had been drinking so I picked Amy up at 3.").wait_for()
    audio = page.locator("audio")
    response = page.request.get(live_server + audio.get_attribute("src"))
    assert response.headers["content-type"] == "audio/webm"
    page.get_by_role("link", name="Journal by rule").click()
    page.get_by_role("heading", name=RULE).wait_for()
    assert page.get_by_text("Being kept").is_visible()
    page.screenshot(path=artifacts / "journal-by-rule.png", full_page=True)
    assert errors == []
    desk.close()
