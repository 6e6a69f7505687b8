"""A parent opens the family's Words and Pictures on a 360 px phone and adds a panel: a
photo and words in Polish, attributed to them."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.network.services import issue_invite
from participation.wordspictures.models import Storyboard, StoryboardPanel
from participation.wordspictures.services import create_storyboard
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD
from tests.test_drawings import jpeg_with_gps

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
POLISH = "To nasz dom. Babcia jest z nami każdego wieczoru."


def test_a_parent_adds_a_panel_on_their_phone(
    live_server, browser, artifacts, make_worker, make_child, make_family, make_member
):
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    family = make_family(child, worker)
    mum = make_member(family, worker, name="Kasia Clarke")
    mum.role, mum.relationship_to_child = "parent", "Mum"
    storyboard = create_storyboard(family, worker, "Why Sam visits", child)
    _invite, link, _code = issue_invite(mum)
    db.session.commit()
    storyboard_id = storyboard.public_id

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("heading", name="Hello Kasia Clarke").wait_for()
    page.goto(f"{live_server}/network/words-and-pictures")
    page.get_by_role("link", name="Why Sam visits").click()
    page.get_by_role("heading", name="Add a panel").wait_for()
    # One big control to take the photo: a label styled as a button, at least 44 px high.
    big = page.locator("label[for=picture]")
    assert big.inner_text().strip() == "Take a photo of my drawing"
    box = big.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 200
    page.get_by_label("Take a photo of my drawing").set_input_files(
        {"name": "home.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    )
    page.get_by_label("Words for this picture").fill(POLISH)
    page.get_by_label("Language you are writing in").select_option("pl")
    page.screenshot(path=artifacts / "words-and-pictures-phone-form.png", full_page=True)
    page.get_by_role("button", name="Add the panel").click()
    page.get_by_text("Added. The social worker will see it.").wait_for()
    assert page.get_by_text(POLISH).is_visible()
    assert page.get_by_text("By Kasia Clarke (parent)").is_visible()
    picture = page.get_by_role("img", name="Picture for panel 1")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "words-and-pictures-phone.png", full_page=True)
    assert errors == []
    phone.close()

    # The worker, on a tablet, sees the parent's panel with who wrote it and can agree it.
    tablet = browser.new_context(viewport={"width": 768, "height": 1024})
    page = tablet.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/families/{family.public_id}/words-and-pictures/{storyboard_id}")
    assert page.get_by_text("By Kasia Clarke (parent)").is_visible()
    page.get_by_role("button", name="Keep this as a new version").click()
    page.get_by_role("button", name="Agree this version").click()
    page.get_by_role("link", name="On the record").wait_for()
    page.screenshot(path=artifacts / "words-and-pictures-worker-tablet.png", full_page=True)
    assert errors == []
    tablet.close()

    db.session.expire_all()
    panel = db.session.scalars(select(StoryboardPanel)).one()
    assert panel.storyboard.public_id == storyboard_id
    assert (panel.words, panel.language, panel.written_by_kind) == (POLISH, "pl", "parent")
    assert panel.image is not None and db.session.scalars(select(Storyboard)).one()
