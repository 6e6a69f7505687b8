"""An interpreter plays a family's voice memo and writes down what was said and its English."""

import io

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.extensions import db
from participation.translation.models import Translation
from tests.audio_samples import voice_memo
from tests.browser.conftest import watch_console
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def test_the_interpreter_hears_the_memo_and_saves_both_texts(
    app, live_server, browser, artifacts, make_worker, make_child, make_family, make_member,
    member_phone,
):  # fmt: skip
    worker = make_worker(name="Sam Okafor")
    member = make_member(make_family(make_child(worker), worker), worker, name="Faadumo Cali")
    member.language = "so"
    db.session.commit()
    member_phone(member).post(
        "/network/journal/new",
        data={
            "plan_worked": "yes",
            "language": "so",
            "voice": (io.BytesIO(voice_memo()), "m.webm"),
        },
        content_type="multipart/form-data",
    )
    amina = make_worker(role=Role.INTERPRETER, name="Amina Warsame", team=None)
    amina.languages, amina.serves = "so", [get_or_create_team("Northside")]
    db.session.commit()

    page = browser.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/staff/sign-in")
    page.fill("input[name=email]", amina.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{live_server}/translations")
    page.get_by_role("button", name="I'll do this one").click()
    page.wait_for_selector("audio")
    duration = page.evaluate(
        """() => new Promise(done => { const a = document.querySelector('audio');
             a.addEventListener('loadedmetadata', () => done(a.duration)); a.load(); })"""
    )
    assert duration > 0  # the recording really plays
    page.screenshot(path=str(artifacts / "interpreter-voice-memo.png"), full_page=True)
    page.get_by_label("What was said (in Somali)").fill("Hooyo guriga ayay joogtay.")
    page.get_by_label("In English").fill("Mum was at home.")
    page.get_by_role("button", name="Save translation").click()
    page.wait_for_url("**/translations")
    db.session.expire_all()
    item = db.session.scalars(select(Translation)).one()
    assert (item.transcript, item.text, item.status) == (
        "Hooyo guriga ayay joogtay.", "Mum was at home.", "done",
    )  # fmt: skip
    assert errors == []
