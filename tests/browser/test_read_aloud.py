"""'Read to me' is offered only where it can really be heard: a council's recording first, then
a device voice for the page's language, else no button (Debian's headless Chromium has no voices
at all, like most phones for Somali)."""

import os
import time
import wave

import pytest

from participation.prompts import prompt_id
from tests.browser.conftest import watch_console

pytestmark = pytest.mark.browser

HELLO = "Hello! Type the code your worker gave you."
# Watch what the page plays: the recording's address, once play() is called.
WATCH_PLAY = """
window.__played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.__played.push(this.currentSrc || this.src);
  window.__audio = this;
  return play.call(this);
};
"""
# A device that has an English voice and no other (like many phones).
ENGLISH_VOICE_ONLY = """
const english = [{lang: "en-GB", name: "English", default: true, voiceURI: "en"}];
speechSynthesis.getVoices = () => english;
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
speechSynthesis.speak = (u) => { window.__spoken = (window.__spoken || []).concat([u.text]); };
"""


@pytest.fixture
def app_config(app_config, tmp_path):
    (tmp_path / "audio").mkdir()
    return {**app_config, "AUDIO_PROMPTS_DIR": str(tmp_path / "audio")}


def drop_in_recording(app, lang: str, msgid: str) -> None:
    """What a council does: a file named by the prompt's id in the language's folder."""
    folder = app.config["AUDIO_PROMPTS_DIR"] + "/" + lang
    os.makedirs(folder, exist_ok=True)
    with wave.open(f"{folder}/{prompt_id(msgid)}.wav", "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x10" * 4000)  # half a second


def eventually(page, expression: str, seconds: float = 5) -> bool:
    """Poll from Python: the strict CSP forbids the eval that wait_for_function needs."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return True
        time.sleep(0.1)
    return bool(page.evaluate(expression))


def open_start(browser, live_server, lang: str, script: str = ""):
    context = browser.new_context()
    if script:
        context.add_init_script(script)
    context.add_init_script(WATCH_PLAY)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/start?lang={lang}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # voices arrive late in Chromium: give voiceschanged a chance
    return context, page, errors


def test_no_voice_and_no_recording_means_no_button(live_server, browser, app):
    context, page, errors = open_start(browser, live_server, "so")
    assert page.evaluate("speechSynthesis.getVoices().length") == 0
    button = page.locator("button.say")
    assert button.count() == 1
    assert not button.is_visible()
    assert errors == []
    context.close()


def test_a_dropped_in_recording_shows_the_button_and_plays(live_server, browser, app, artifacts):
    drop_in_recording(app, "so", HELLO)
    context, page, errors = open_start(browser, live_server, "so")
    button = page.locator("button.say")
    assert button.is_visible()
    page.screenshot(path=str(artifacts / "read-aloud-somali-recording.png"))
    button.click()
    assert eventually(page, "window.__played.length > 0")
    assert page.evaluate("window.__played")[0].endswith(f"/audio/so/{prompt_id(HELLO)}.wav")
    # It really plays (served from 'self' under the CSP, and it decodes): its time moves on.
    assert eventually(page, "window.__audio.currentTime > 0 || window.__audio.ended")
    assert errors == []
    context.close()


def test_a_device_voice_is_used_only_for_its_own_language(live_server, browser, app):
    context, page, errors = open_start(browser, live_server, "en", ENGLISH_VOICE_ONLY)
    page.locator("button.say").click()
    assert page.evaluate("window.__spoken") == [HELLO]
    assert page.evaluate("window.__played") == []
    context.close()
    # The same device on a Somali page: an English voice would be gibberish, so no button.
    context, page, errors = open_start(browser, live_server, "so", ENGLISH_VOICE_ONLY)
    assert not page.locator("button.say").is_visible()
    assert errors == []
    context.close()


def test_a_somali_grandparent_hears_the_journal_questions_once_recorded(
    live_server, browser, app, artifacts, make_worker, make_child, make_family, make_member
):
    from participation.extensions import db
    from participation.network.services import issue_invite

    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    member.language = "so"
    _invite, link, _code = issue_invite(member)
    db.session.commit()
    drop_in_recording(app, "so", "Did the plan work?")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script(WATCH_PLAY)
    page = context.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/join/{link}")
    page.locator("main button[type=submit]").first.click()
    page.locator("a[href$='/journal/new']").first.click()
    page.locator("#what_happened").wait_for()
    page.wait_for_timeout(300)
    visible = page.locator("button.say:visible")
    # Only the recorded question can be heard; the others have no recording and no voice.
    assert visible.count() == 1
    assert page.locator("button.say").count() >= 5
    page.screenshot(path=str(artifacts / "read-aloud-journal-somali.png"), full_page=True)
    visible.click()
    assert eventually(page, "window.__played.length > 0")
    assert page.evaluate("window.__played")[0].endswith(
        f"/audio/so/{prompt_id('Did the plan work?')}.wav"
    )
    assert errors == []
    context.close()
