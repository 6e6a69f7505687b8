"""A parent who reads Polish scales two danger statements by tapping on a 360 px phone, and the
worker's chart shows her numbers (issue #15)."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.network.services import add_pair, issue_invite
from participation.planscales.models import PlanScaleAnswer
from participation.planscales.services import open_round
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
WHY_PL = "Tata nie pije od miesiąca, babcia jest codziennie."


def test_a_polish_parent_scales_two_statements_by_tap_and_the_worker_sees_the_chart(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    add_pair(family.plan, "Amy sees Dad hit Mum", "Amy lives with calm grown-ups")
    mum = make_member(family, worker, name="Marta Clarke")
    mum.role, mum.language = "parent", "pl"
    open_round(family, worker, None)
    _invite, link, _code = issue_invite(mum)
    db.session.commit()
    first, second = family.plan.pairs

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/network/scaling")
    assert page.locator("html").get_attribute("lang") == "pl"
    # The interface speaks Polish (words already in the catalogue).
    assert page.get_by_text("Dlaczego ta liczba?").first.is_visible()

    for pair, number, why in ((first, "3", WHY_PL), (second, "6", "")):
        card = page.locator(f"#pair-{pair.id}")
        target = card.locator(".scale-number", has_text=re.compile(f"^{number}$"))
        box = target.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44  # a finger's worth
        target.tap()
        if why:
            card.locator("textarea[name=why]").fill(why)
        card.locator("button[type=submit]").tap()
        page.wait_for_url(re.compile(rf"saved={pair.id}"))
        page.locator(f"#pair-{pair.id} [role=status]").wait_for()
        assert page.locator(f"#pair-{pair.id} input[value='{number}']").is_checked()
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "plan-scaling-phone-pl.png", full_page=True)
    assert errors == []
    phone.close()

    db.session.expire_all()
    answers = db.session.scalars(select(PlanScaleAnswer).order_by(PlanScaleAnswer.id)).all()
    assert [(a.pair_id, a.value, a.language) for a in answers] == [
        (first.id, 3, "pl"),
        (second.id, 6, "pl"),
    ]
    assert answers[0].why == WHY_PL

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/families/{family.public_id}/scaling")
    for pair, number in ((first, "3"), (second, "6")):
        chart = page.locator(f"#chart-{pair.id}")
        assert chart.locator("svg circle title").first.text_content() == f"Marta Clarke: {number}"
        assert chart.locator("table tbody td").first.inner_text() == number
    page.locator(f"#chart-{first.id} details summary").click()
    assert page.get_by_text(WHY_PL).is_visible()
    page.screenshot(path=artifacts / "plan-scaling-worker-chart.png", full_page=True)
    assert errors == []
    desk.close()
