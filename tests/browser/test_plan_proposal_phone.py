"""A parent who reads Polish proposes a red flag on her phone (360 px); the worker accepts it
on the plan page; her phone then shows it in the plan, in her words, with her name."""

import pytest

from participation.extensions import db
from participation.network.models import NetworkMember
from participation.network.services import issue_invite
from tests.browser.conftest import watch_console
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
WORDS = "Amy nie chce iść do szkoły w poniedziałek"


def test_a_parent_proposes_on_her_phone_and_the_worker_accepts(
    live_server, browser, artifacts, make_worker, make_child, make_family
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    kasia = NetworkMember(
        family_id=family.id, name="Kasia Nowak", relationship_to_child="Mum", language="pl",
        role="parent", invited_by_id=worker.id,
    )  # fmt: skip
    db.session.add(kasia)
    db.session.flush()
    _invite, link, _code = issue_invite(kasia)
    db.session.commit()

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/network/propose?part=red_flag")
    page.fill("#text", WORDS)
    page.screenshot(path=artifacts / "plan-proposal-phone.png", full_page=True)
    page.locator('form[action$="/network/proposals"] button[type=submit]').click()
    page.wait_for_load_state()
    assert WORDS in page.inner_text("main")

    desk = browser.new_page()
    desk_errors = watch_console(desk)
    desk.goto(f"{live_server}/staff/sign-in")
    desk.fill("input[name=email]", worker.email)
    desk.fill("input[name=password]", PASSWORD)
    desk.locator("main form button[type=submit]").first.click()
    desk.wait_for_load_state()
    desk.goto(f"{live_server}/families/{family.public_id}/plan")
    card = desk.locator("#proposals li").first
    assert WORDS in card.inner_text() and "Kasia Nowak (parent)" in card.inner_text()
    desk.screenshot(path=artifacts / "plan-proposals-worker.png", full_page=True)
    card.locator("button", has_text="Accept as written").click()
    desk.wait_for_load_state()
    assert "Written by Kasia Nowak (parent)" in desk.locator("#part-red_flag").inner_text()

    page.goto(f"{live_server}/network")
    plan = page.locator(".plan").inner_text()
    assert WORDS in plan
    assert page.locator(".plan-part span[lang=pl]").first.inner_text() == WORDS
    page.screenshot(path=artifacts / "plan-proposal-accepted-phone.png", full_page=True)
    assert errors == [] and desk_errors == []
    phone.close()
    desk.close()
