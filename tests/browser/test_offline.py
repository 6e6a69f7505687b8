"""A grandparent writes a journal entry with no signal: it waits on the phone and is sent,
once, when the connection comes back."""

import pytest
from sqlalchemy import func, select

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
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0

    context.set_offline(False)
    page.locator("#outbox-status").wait_for(state="hidden")
    db.session.expire_all()
    entries = db.session.scalars(select(JournalEntry)).all()
    assert [e.what_happened for e in entries] == ["Written with no signal at the bus stop"]
    assert entries[0].plan_worked == "partly"
    page.reload()
    assert page.locator("#outbox-status").is_hidden()
    db.session.expire_all()
    # nothing sent twice
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 1
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
    row = db.session.scalars(
        select(ActivityArea).filter_by(activity_id=activity.id, area="worries")
    ).one()
    assert row.child_words == "Typed while the wifi was off"
    context.close()


def test_a_plan_section_written_offline_is_sent_and_never_lost_in_a_clash(
    app, live_server, browser, make_worker, make_young_person
):
    from participation.auth.models import Role
    from participation.pathway.invites import issue_invite
    from participation.pathway.models import PlanSection

    person = make_young_person(make_worker(role=Role.PERSONAL_ADVISER))
    link, _code = issue_invite(person)
    db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server}/yp/join/{link}")
    page.locator("input[name=username]").fill("jordan.r")
    page.locator("input[name=password]").fill("my long password")
    page.locator("input[name=confirm]").fill("my long password")
    page.locator("main button[type=submit]").click()
    page.goto(f"{live_server}/my-plan/health")
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== undefined"
    )

    context.set_offline(True)
    page.locator("#in_my_words").fill("Written on the bus with no signal")
    page.locator("main form[data-outbox] button[type=submit]").click()
    page.get_by_text("Your words are kept on this phone").wait_for()
    page.get_by_text("Waiting to send: 1").wait_for()

    # Meanwhile the young person saves the same section on a laptop.
    laptop = app.test_client()
    laptop.post("/yp/sign-in", data={"username": "jordan.r", "password": "my long password"})
    laptop.post("/my-plan/health", data={"version": "0", "in_my_words": "Written on the laptop",
                                         "want_to_achieve": ""})  # fmt: skip

    context.set_offline(False)
    page.locator("#outbox-status").wait_for(state="hidden")
    db.session.expire_all()
    assert db.session.scalars(select(PlanSection)).one().in_my_words == "Written on the laptop"
    page.goto(f"{live_server}/my-plan/health")
    page.get_by_text("This section was changed somewhere else").wait_for()
    assert page.get_by_text("Written on the bus with no signal").count() >= 1  # not lost
    assert page.locator("#in_my_words").input_value() == "Written on the bus with no signal"
    context.close()
