"""A member who reads Arabic is told, on their phone, that the worker's reply is being
translated; the English is one tap away and marked as English."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.network.services import issue_invite
from participation.review.services import reply_to_journal_entry
from tests.browser.conftest import watch_console

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
REPLY = "Thank you. Collecting Amy was the right thing to do."


def test_a_member_sees_the_reply_is_being_translated(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    member = make_member(family, worker, name="Layla Hassan")
    member.language = "ar"
    _invite, link, _code = issue_invite(member)
    db.session.commit()

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/network/journal/new")
    page.locator("input[name=plan_worked][value=yes]").check()
    page.locator("textarea[name=what_happened]").fill("Nan picked Amy up.")
    page.locator("form[data-outbox] button.huge.primary").click()
    page.wait_for_url("**saved=*")
    db.session.expire_all()

    entry = db.session.scalars(select(JournalEntry)).one()
    reply_to_journal_entry(entry, worker, REPLY)
    db.session.commit()

    page.goto(f"{live_server}/network/journal/{entry.public_id}")
    waiting = page.locator(".being-translated")
    assert waiting.inner_text() == "تتم ترجمة رسالة Sam."  # "Sam's message is being translated."
    assert waiting.get_attribute("role") == "status"
    english = page.locator("details.original p[lang=en]")
    assert not english.is_visible()
    page.locator("details.original summary").click()
    assert english.inner_text() == REPLY and english.is_visible()
    page.screenshot(path=artifacts / "reply-being-translated.png", full_page=True)
    assert errors == []
    phone.close()
