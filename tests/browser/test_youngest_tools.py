"""A young child on a 768 px tablet does Wizards and Fairies by touch: taps faces and pictures,
records their voice; the worker plays the recording on the review page."""

import pytest
from sqlalchemy import select

from participation.activities.models import Activity, ActivityArea, Status, VoiceNote
from participation.extensions import db
from participation.scales.models import ScaleAnswer
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

PORTRAIT_TABLET = {"width": 768, "height": 1024}


def test_wizards_and_fairies_by_touch_with_faces_and_voice(
    live_server, browser, artifacts, make_worker, make_child, make_activity, make_code
):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker, name="Lily Clarke"), worker)
    activity.tool = "wizards_and_fairies"
    db.session.commit()
    code = make_code(activity, worker)

    tablet = browser.new_context(
        viewport=PORTRAIT_TABLET, has_touch=True, is_mobile=True, permissions=["microphone"]
    )
    page = tablet.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/start")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").tap()
    page.get_by_role("link", name="Start the story").tap()

    page.wait_for_url("**/areas/worries")
    page.get_by_role("heading", name="The wizard of worries").wait_for()
    # Each face is a radio button with its feeling as its name, big enough for a finger.
    sad = page.get_by_role("radio", name="Sad", exact=True)
    box = page.locator("label.face").nth(1).bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    page.locator("label.face").nth(1).tap()
    assert sad.is_checked()
    page.locator("#save-status").get_by_text("Saved").wait_for()
    page.screenshot(path=artifacts / "wizards-and-fairies-faces-768.png", full_page=True)
    page.get_by_role("button", name="Next").tap()

    page.wait_for_url("**/areas/good_things")
    page.locator("label.face").nth(4).tap()
    page.locator("#child_words").fill("my cat")
    page.locator("#save-status").get_by_text("Saved").wait_for()
    # Picture mode: the child taps pictures; each is a checkbox named in words.
    page.locator(".symbol label", has_text="Pet").tap()
    page.locator(".symbol label", has_text="Family").tap()
    assert page.get_by_role("checkbox", name="Pet").is_checked()
    page.wait_for_timeout(300)
    page.locator("#save-status").get_by_text("Saved").wait_for()
    page.screenshot(path=artifacts / "wizards-and-fairies-symbols-768.png", full_page=True)
    page.get_by_role("button", name="Next").tap()

    page.wait_for_url("**/areas/dreams")
    page.get_by_text("If you had a magic wand, what would you change?").wait_for()
    # The fake microphone: a real MediaRecorder recording, sent with the no-JavaScript form.
    page.get_by_role("button", name="Record", exact=True).tap()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Stop", exact=True).tap()
    page.get_by_text("Your voice is ready. Tap Save to send it.").wait_for()
    page.get_by_role("button", name="Save", exact=True).tap()
    page.wait_for_url("**/areas/dreams?saved=1")
    page.get_by_text("Your voice, saved").wait_for()
    page.screenshot(path=artifacts / "wizards-and-fairies-voice-768.png", full_page=True)
    page.get_by_role("button", name="I've done all three").tap()
    page.wait_for_url("**/finish")
    page.get_by_role("button", name="I'm finished").tap()
    page.get_by_role("heading", name="Thank you!").wait_for()
    assert errors == []
    tablet.close()

    db.session.expire_all()
    assert db.session.get(Activity, activity.id).status == Status.SUBMITTED
    answered = db.session.scalars(select(ScaleAnswer).where(ScaleAnswer.value.is_not(None)))
    answers = {a.area: (a.value, a.out_of) for a in answered}
    assert answers == {"worries": (2, 5), "good_things": (5, 5)}
    good = db.session.scalars(select(ActivityArea).filter_by(area="good_things")).one()
    assert sorted(c["id"] for c in good.symbols) == ["family", "pet"]
    note = db.session.scalars(select(VoiceNote)).one()
    assert note.area == "dreams" and note.byte_size > 0

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/review/{activity.public_id}")
    page.get_by_text("face 2 of 5").wait_for()
    page.get_by_text("Pictures chosen:").wait_for()
    audio = page.locator(f'audio[src="/activities/voices/{note.public_id}"]')
    audio.wait_for()
    # The worker plays it: the browser loads and decodes the child's recording.
    audio.evaluate("a => { a.muted = true; return a.play(); }")
    page.wait_for_function(
        "src => { const a = document.querySelector(`audio[src='${src}']`);"
        " return a.readyState >= 2 && a.currentTime > 0; }",
        arg=f"/activities/voices/{note.public_id}",
    )
    page.screenshot(path=artifacts / "wizards-and-fairies-review.png", full_page=True)
    assert errors == []
    desk.close()
