"""The "Older" / "Newer" links of a long list work with JavaScript switched off."""

from participation.audit.services import record
from participation.extensions import db
from tests.helpers import PASSWORD


def test_an_access_log_pages_without_javascript(
    app, live_server, browser, artifacts, make_worker, make_child
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    for k in range(60):
        record("view_child", child, actor_kind="worker", actor_name=f"Colleague {k}")
    db.session.commit()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server}/staff/sign-in")
    page.fill("input[name=email]", worker.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server}/access-log/children/{child.public_id}")
    assert page.locator("tbody tr").count() == 50
    page.locator(".pager").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "paging-access-log.png"), full_page=False)
    page.click("a[rel=next]")
    assert page.locator("tbody tr").count() == 10
    assert page.locator("a[rel=next]").count() == 0
    page.click("a[rel=prev]")
    assert page.locator("tbody tr").count() == 50
    context.close()
