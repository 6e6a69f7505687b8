"""A worker changing a rule that journal entries are about sees why it stays, on that rule,
on the plan page, with what they typed kept (issue #13 review)."""

import pytest

from tests.browser.conftest import watch_console
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

CHANGED = "If Mum is drinking, Nan collects Amy and Jayden from school"


def test_a_rule_in_journal_entries_says_why_it_keeps_its_words(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member,
    member_phone,
):  # fmt: skip
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    rule = family.plan.rules[0]
    member_phone(make_member(family, worker)).post(
        "/network/journal/new",
        data={"plan_worked": "yes", "rules": [rule.public_id], "what_happened": "Kept"},
    )
    page = browser.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.fill("input[name=email]", worker.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/families/{family.public_id}/plan")
    item = page.locator("ol.rules li").first
    item.locator("summary").click()
    item.locator("textarea").fill(CHANGED)
    item.locator("button", has_text="Save").click()
    page.wait_for_load_state()
    item = page.locator("ol.rules li").first
    refused = item.locator(f"#rule-{rule.public_id}-refused")
    assert refused.is_visible() and "journal entries already" in refused.inner_text()
    assert item.locator("textarea").input_value() == CHANGED
    page.screenshot(path=artifacts / "rule-edit-refused.png", full_page=True)
    # The refusal itself is the only "error" the console sees (the page's own 409).
    assert [e for e in errors if "409" not in e] == []
    page.close()
