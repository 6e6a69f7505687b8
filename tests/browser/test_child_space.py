"""An Arabic-speaking child signs in with a code on a tablet and finds their own space: the
family's safety plan, their worker's reply and a Words and Pictures panel their mother made,
in Arabic, right to left, each with its read-aloud button; the worker sees it was read (#15)."""

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.childspace.models import ChildShare
from participation.extensions import db
from participation.network.versions import agree
from participation.translation.models import Translation
from participation.translation.services import complete
from participation.wordspictures.services import (
    Author,
    add_panel,
    agree_version,
    create_storyboard,
    keep_version,
)
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD, png_bytes

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}
RULE = "If Mum is drinking, Nan collects Amy from school"
ARABIC_RULE = "إذا كانت أمي تشرب، تأخذ جدتي أمل من المدرسة"
REPLY = "Thank you, Amal. I will talk to Mum about the shouting."
ARABIC_REPLY = "شكراً يا أمل. سأتحدث مع أمي عن الصراخ."
PARENT_WORDS = "سام يزورنا ليتأكد أنك بأمان"  # "Sam visits us to make sure you are safe"


def test_an_arabic_child_reads_their_space_on_a_tablet(
    app, live_server, browser, artifacts, make_worker, make_child, make_family, make_activity,
    make_code, make_member,
):  # fmt: skip
    worker = make_worker(name="Sam Okafor")
    interpreter = make_worker(role=Role.INTERPRETER, name="Layla Haddad")
    child = make_child(worker, name="Amal Haddad", language="ar")
    family = make_family(child, worker)
    agreed = agree(family, worker)  # only an agreed version can be shared with a child
    db.session.commit()
    # Amal finished a Three Houses on her tablet earlier; Sam replied.
    earlier = make_activity(child, worker, language="ar")
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(earlier, worker)})
    tablet.post(f"/activities/{earlier.public_id}/finish")
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    staff.post(f"/review/{earlier.public_id}/reply", data={"reply": REPLY})
    # Sam shares the plan and the reply with Amal from her page's panel.
    space = f"/children/{child.public_id}/space"
    staff.post(f"{space}/share", data={"kind": "safety_plan", "object_id": agreed.public_id})
    staff.post(f"{space}/share", data={"kind": "reply", "object_id": earlier.public_id})
    for item in db.session.scalars(
        select(Translation).where(Translation.target_language == "ar")
    ).all():
        text = {RULE: ARABIC_RULE, REPLY: ARABIC_REPLY}.get(item.source_text)
        complete(item, interpreter, text or f"[ar] {item.source_text}")
    # Amal's mother made a Words and Pictures panel on her phone, in Arabic; Sam agreed it.
    mother = make_member(family, worker, name="Huda Haddad")
    mother.role, mother.language = "parent", "ar"
    storyboard = create_storyboard(family, worker, "Why Sam visits", child)
    add_panel(storyboard, PARENT_WORDS, "ar", png_bytes(), Author.of_member(mother))
    version = keep_version(storyboard, worker)
    agree_version(version, worker)
    db.session.commit()
    staff.post(
        f"{space}/share", data={"kind": "words_and_pictures", "object_id": version.public_id}
    )
    today = make_activity(child, worker, language="ar")
    code = make_code(today, worker)
    db.session.commit()

    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/start")
    page.locator("input[name=code]").fill(code)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/me")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    rules = page.locator("ol.rules li").first
    assert rules.locator(".their-words[lang=ar]").first.inner_text() == ARABIC_RULE
    assert rules.locator("button.say[data-lang=ar]").count() >= 1  # read aloud in Arabic
    reply = page.locator(".space-cards .their-words[lang=ar]", has_text=ARABIC_REPLY)
    assert reply.count() == 1
    panel = page.locator(".words-and-pictures .panel").first
    assert panel.locator(".panel-words[lang=ar]").inner_text() == PARENT_WORDS
    assert "Huda Haddad" in panel.inner_text() and panel.locator("img").count() == 1
    english = page.locator("details.original p[lang=en]", has_text=REPLY)
    assert not english.is_visible()
    # Nothing else of Amal's record is on her space, and it fits the tablet's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    page.screenshot(path=artifacts / "child-space-ar.png", full_page=True)

    # The activity her code was made for is one tap away.
    page.locator(f"a[href='/activities/{today.public_id}']").click()
    page.wait_for_url(f"**/activities/{today.public_id}")
    assert errors == []
    context.close()

    db.session.expire_all()
    shares = db.session.scalars(select(ChildShare)).all()
    assert len(shares) == 3 and all(s.first_read_at and s.read_mode == "code" for s in shares)
    # Sam's panel says each was read; stopping sharing the reply swaps the panel in place.
    desk = browser.new_context(viewport=TABLET)
    page = desk.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}{space}")
    assert page.locator("#child-space").inner_text().count("Read by Amal on") == 3
    page.locator("#child-space li", has_text=REPLY[:30]).get_by_role("button").click()
    page.locator("#child-space button", has_text="Share with Amal").wait_for()
    assert page.locator("#child-space").inner_text().count("Read by Amal on") == 2
    page.screenshot(path=artifacts / "child-space-worker-panel.png", full_page=True)
    assert errors == []
    desk.close()
