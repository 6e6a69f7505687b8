"""A girl's Arabic screen speaks to her as a girl; the worker's form says what the choice is for."""

import pytest

from participation.extensions import db
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}


def test_an_arabic_girl_sees_her_own_form_and_the_worker_sees_the_choice(
    live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    child = make_child(worker, language="ar")
    child.address_as = "girl"
    db.session.commit()
    activity = make_activity(child, worker, language="ar")
    code = make_code(activity, worker)

    page = browser.new_page(viewport=TABLET)
    page.goto(f"{live_server}/start")
    page.fill("input[name=code]", code)
    page.press("input[name=code]", "Enter")
    page.goto(f"{live_server}/activities/{activity.public_id}/areas/worries?lang=ar")
    assert page.get_by_text("اكتبي كلماتك هنا").is_visible()
    page.screenshot(path=str(artifacts / "addressed-ar-girl.png"), full_page=True)
    page.close()

    staff = browser.new_page(viewport=TABLET)
    staff.goto(f"{live_server}/staff/sign-in")
    staff.fill("input[name=email]", worker.email)
    staff.fill("input[name=password]", PASSWORD)
    staff.press("input[name=password]", "Enter")
    staff.goto(f"{live_server}/children/new")
    assert staff.get_by_label("Address them as").is_visible()
    staff.screenshot(path=str(artifacts / "addressed-new-child.png"), full_page=True)
    staff.close()
