"""A member who reads Somali finds the safety plan in Somali on their phone, each piece
labelled with who translated it, the English one tap away, and the journal's rules too."""

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.network.services import issue_invite, request_plan_translations
from participation.translation.models import Translation
from participation.translation.services import complete
from tests.browser.conftest import watch_console

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
RULE = "If Mum is drinking, Nan collects Amy from school"
SOMALI_RULE = "Haddii Hooyo cabbayso, Ayeeyo ayaa Amy ka soo qaadda dugsiga"


def test_a_somali_member_reads_the_plan_in_somali(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member
):
    worker = make_worker(name="Sam Okafor")
    interpreter = make_worker(role=Role.INTERPRETER, name="Faadumo Warsame")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    member = make_member(family, worker, name="Hodan Clarke")
    member.language = "so"
    request_plan_translations(family, worker)
    # Every piece but the goal is back from the interpreter; the goal is still being done.
    for item in db.session.scalars(select(Translation)).all():
        if item.source_text == RULE:
            complete(item, interpreter, SOMALI_RULE)
        elif not item.field.endswith(":goal"):
            complete(item, interpreter, f"[so] {item.source_text}")
    _invite, link, _code = issue_invite(member)
    db.session.commit()

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/network")
    rules = page.locator("ol.rules li").first
    assert rules.locator(".their-words[lang=so]").first.inner_text() == SOMALI_RULE
    english = rules.locator("details.original span[lang=en]").first
    assert not english.is_visible()
    rules.locator("details.original summary").first.click()
    assert english.inner_text() == RULE and english.is_visible()
    assert page.locator(".plan .hint").count() == 1  # the goal is still being translated
    page.screenshot(path=artifacts / "plan-in-somali.png", full_page=True)

    page.goto(f"{live_server}/network/journal/new")
    choice = page.locator(".rule-choice").first
    assert choice.locator("label .their-words").inner_text() == SOMALI_RULE
    page.screenshot(path=artifacts / "journal-rules-in-somali.png", full_page=True)
    assert errors == []
    phone.close()
