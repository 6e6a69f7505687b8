"""A grandparent writes a journal entry with no signal: it waits on the phone and is sent,
once, when the connection comes back."""

import pytest

from participation.extensions import db
from participation.journal.models import JournalEntry
from participation.network.services import issue_invite

pytestmark = pytest.mark.browser


def test_entry_written_offline_is_sent_once_when_back_online(
    live_server, browser, make_worker, make_child, make_family, make_member
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    _invite, link, _code = issue_invite(make_member(family, worker))
    db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/join/{link}")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("link", name="Write in the safety journal").click()
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== undefined"
    )

    context.set_offline(True)
    page.get_by_label("Partly").check()
    page.get_by_label("What happened?").fill("Written with no signal at the bus stop")
    page.get_by_role("button", name="Send to the social worker").click()
    page.get_by_text("Your entry is saved on this phone").wait_for()
    page.get_by_text("Waiting to send: 1").wait_for()
    db.session.expire_all()
    assert db.session.query(JournalEntry).count() == 0

    context.set_offline(False)
    page.locator("#outbox-status").wait_for(state="hidden")
    db.session.expire_all()
    entries = db.session.query(JournalEntry).all()
    assert [e.what_happened for e in entries] == ["Written with no signal at the bus stop"]
    assert entries[0].plan_worked == "partly"
    page.reload()
    assert page.locator("#outbox-status").is_hidden()
    db.session.expire_all()
    assert db.session.query(JournalEntry).count() == 1  # nothing sent twice
    context.close()


def test_service_worker_and_manifest_are_served(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and "javascript" in worker.mimetype
    assert b"participation-static" in worker.data
    worker.close()
    manifest = client.get("/static/manifest.webmanifest")
    assert manifest.status_code == 200
    manifest.close()


def test_childs_words_written_offline_are_sent_when_back_online(
    live_server, browser, make_worker, make_child, make_activity, make_code
):
    from participation.activities.models import ActivityArea

    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Start with the first house").click()
    context.set_offline(True)
    page.locator("#child_words").fill("Typed while the wifi was off")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Your words are kept on this tablet").wait_for()
    assert page.locator("#child_words").input_value() == "Typed while the wifi was off"
    context.set_offline(False)
    page.locator("#outbox-status").wait_for(state="hidden")
    db.session.expire_all()
    row = db.session.query(ActivityArea).filter_by(activity_id=activity.id, area="worries").one()
    assert row.child_words == "Typed while the wifi was off"
    context.close()
