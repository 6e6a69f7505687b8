"""Agreeing a reviewed safety plan with most of its parts empty (issue #18): the worker is told
which parts are blank and asked again, with JavaScript (htmx swaps the form) and without it
(the page opens at the form), at 360 px and 768 px."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.network.version_models import SafetyPlanVersion
from tests.browser.conftest import sign_in_staff, watch_console
from tests.browser.test_accessibility import violations
from tests.browser.test_staff_header import in_lang

pytestmark = pytest.mark.browser


def agreed(family) -> list[SafetyPlanVersion]:
    db.session.expire_all()
    versions = select(SafetyPlanVersion).filter_by(family_id=family.id)
    return [v for v in db.session.scalars(versions) if v.agreed_at is not None]


@pytest.mark.parametrize(
    ("lang", "width", "script"), [("en", 360, False), ("en", 768, True), ("ar", 360, True)]
)
def test_a_mostly_empty_plan_is_agreed_only_after_a_warning(
    app, live_server, browser, artifacts, make_worker, make_child, make_family, lang, width, script
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    # In Arabic the CSP is bypassed only to inject axe-core; elsewhere it runs as in production.
    axe = lang == "ar"
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        locale=lang,
        java_script_enabled=script,
        bypass_csp=axe,
    )
    page = context.new_page()
    errors = watch_console(page)
    sign_in_staff(page, live_server, worker.email)
    page.wait_for_load_state()
    page.goto(f"{live_server}/families/{family.public_id}/plan/review")

    def say(msgid: str) -> str:
        return in_lang(app, lang, msgid)

    form = page.locator("#agree-review")
    form.get_by_role("button", name=say("Agree the reviewed plan")).click()
    warning = form.get_by_role("heading", name=say("Most of this plan is empty"))
    warning.wait_for()
    assert say("Red flags to look for") in form.inner_text()
    assert say("The safety object") in form.inner_text()
    assert agreed(family) == []  # nothing agreed yet
    # Without JavaScript the answer is the whole page, opened at the warning; with htmx only
    # the form changed. Either way the worker sees it without scrolling.
    box = warning.bounding_box()
    assert 0 <= box["y"] < 800
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    back = form.get_by_role("link", name=say("Go back and fill in the plan"))
    assert back.bounding_box()["height"] >= 44
    page.screenshot(path=artifacts / f"plan-review-empty-{lang}-{width}.png")
    assert not axe or violations(page) == []

    form.get_by_role("button", name=say("Agree it anyway")).click()
    page.wait_for_url(f"**/families/{family.public_id}/plan/versions/*")
    assert [v.is_review for v in agreed(family)] == [True]
    assert errors == [], errors
    context.close()
