"""The worker agrees the plan on the versions page; a Somali-reading aunt finds the agreed plan
on her phone in Somali, "agreed on" its date, with a copy to print; the review page opens on
what went well (issue #15)."""

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.network.services import issue_invite, request_plan_translations
from participation.translation.models import Translation
from participation.translation.services import complete
from tests.browser.conftest import watch_console
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
RULE = "If Mum is drinking, Nan collects Amy from school"
SOMALI_RULE = "Haddii Hooyo cabbayso, Ayeeyo ayaa Amy ka soo qaadda dugsiga"


def test_the_agreed_plan_on_a_somali_phone(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member
):
    worker = make_worker(name="Sam Okafor")
    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    member = make_member(family, worker, name="Hodan Clarke")
    member.language = "so"
    request_plan_translations(family, worker)
    for item in db.session.scalars(select(Translation)).all():
        text = SOMALI_RULE if item.source_text == RULE else f"[so] {item.source_text}"
        complete(item, interpreter, text)
    _invite, link, _code = issue_invite(member)
    db.session.commit()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = desk.new_page()
    staff_errors = watch_console(staff)
    staff.goto(f"{live_server}/staff/sign-in")
    staff.fill("input[name=email]", worker.email)
    staff.fill("input[name=password]", PASSWORD)
    staff.locator("main form button[type=submit]").first.click()
    staff.wait_for_load_state()
    staff.goto(f"{live_server}/families/{family.public_id}/plan/versions")
    staff.get_by_role("button", name="Agree this plan").click()
    staff.wait_for_load_state()
    # Only a rule is written: the worker is warned that most of the plan is empty first.
    assert "Most of this plan is empty" in staff.inner_text("main")
    staff.get_by_role("button", name="Agree it anyway").click()
    staff.wait_for_load_state()
    assert "Agreed on" in staff.inner_text("main")
    staff.screenshot(path=artifacts / "plan-version-agreed.png", full_page=True)
    staff.goto(f"{live_server}/families/{family.public_id}/plan/review")
    staff.screenshot(path=artifacts / "plan-review.png", full_page=True)
    assert staff_errors == []
    desk.close()

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/network/plan/agreed")
    rule = page.locator("ol.rules li").first
    assert rule.locator(".their-words[lang=so]").first.inner_text() == SOMALI_RULE
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing runs off the side of a small phone
    page.screenshot(path=artifacts / "agreed-plan-somali.png", full_page=True)
    page.goto(f"{live_server}/network/plan/agreed/print")
    page.emulate_media(media="print")
    page.screenshot(path=artifacts / "agreed-plan-print.png", full_page=True)
    assert errors == []
    phone.close()
