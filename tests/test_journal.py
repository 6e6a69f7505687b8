import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.journal.models import JournalAttachment, JournalEntry
from tests.audio_samples import voice_memo
from tests.helpers import page_text
from tests.test_drawings import jpeg_with_gps

RULE = "If Mum is drinking, Nan collects Amy from school"
POLISH = "Mama piła wieczorem. Babcia odebrała Amy ze szkoły. Wszystko w porządku."

# A real half-second Opus recording in WebM, as Chromium's MediaRecorder makes (the browser
# test sends one recorded by Chromium itself).
WEBM = voice_memo("webm")


@pytest.fixture
def network(make_worker, make_child, make_family, make_member, member_phone):
    """Amy's family with Nan (boss of the plan) and Aunt Jo, both signed in on phones."""
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    jo = make_member(family, worker, name="Aunt Jo")
    return worker, family, (nan, member_phone(nan)), (jo, member_phone(jo))


def write(phone, family, **fields):
    rule = family.plan.rules[0].public_id
    data = {"plan_worked": "yes", "rules": [rule], "what_happened": "Nan collected Amy"}
    data.update(fields)
    return phone.post("/network/journal/new", data=data, content_type="multipart/form-data")


def test_entry_is_logged_against_a_rule_and_reaches_the_worker(client, auth, network):
    worker, family, (nan, nan_phone), _jo = network
    form = page_text(nan_phone.get("/network/journal/new"))
    assert RULE in form and "Did the plan work?" in form
    response = write(nan_phone, family, what_happened=POLISH, language="pl", plan_worked="partly")
    assert response.status_code == 302
    assert "Sent. The social worker will see it." in page_text(
        nan_phone.get(response.headers["Location"])
    )
    entry = db.session.scalars(select(JournalEntry)).one()
    assert entry.what_happened == POLISH and entry.language == "pl"
    assert [r.text for r in entry.rules] == [RULE]

    auth.sign_in(worker)
    queue = page_text(client.get("/review"))
    assert "1 unread" in queue and "Safety journal: Nan Clarke (Grandmother)" in queue
    assert POLISH in page_text(client.get(f"/review/journal/{entry.public_id}"))
    assert "0 unread" in page_text(client.get("/review"))
    journal = page_text(client.get(f"/journal/family/{family.public_id}"))
    assert (
        RULE in journal
        and "Mostly kept" in journal
        and "worked: 0, partly: 1, did not: 0" in journal
    )


def test_record_entry_keeps_the_words_and_the_provenance(client, auth, network):
    worker, family, (nan, nan_phone), _jo = network
    write(nan_phone, family, what_happened=POLISH, language="pl")
    entry = db.session.scalars(select(JournalEntry)).one()
    auth.sign_in(worker)
    data = client.get(f"/record/journal/{entry.public_id}.json").get_json()
    assert data["what_happened"] == POLISH and data["language"] == "pl"
    assert data["written_by"] == {
        "id": nan.public_id,
        "name": "Nan Clarke",
        "relationship": "Grandmother",
        "boss_of_the_plan": True,
    }
    assert data["rules"][0]["text"] == RULE and data["occurred_at"]
    document = page_text(client.get(f"/record/journal/{entry.public_id}"))
    assert "Nan Clarke, Grandmother (boss of the plan)" in document and "Polish" in document
    assert client.get(f"/record/journal/{entry.public_id}.pdf").status_code == 202
    run_jobs()
    pdf = client.get(f"/record/journal/{entry.public_id}.pdf")
    assert pdf.data.startswith(b"%PDF")


def test_an_entry_needs_an_answer_and_something_said(network):
    _worker, family, (_nan, phone), _jo = network
    nothing = write(phone, family, what_happened="")
    assert nothing.status_code == 422
    assert "Tell us what happened" in page_text(nothing)
    no_answer = phone.post("/network/journal/new", data={"what_happened": "x"})
    assert no_answer.status_code == 422 and "Choose yes, partly or no." in page_text(no_answer)
    future = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert write(phone, family, occurred_at=future).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_boss_sees_every_entry_others_see_their_own_and_what_the_boss_shares(network):
    _worker, family, (_nan, nan_phone), (_jo, jo_phone) = network
    nan_entry = write(nan_phone, family, what_happened="Nan's private note").headers["Location"]
    jo_entry = write(jo_phone, family, what_happened="Jo saw Mum drinking").headers["Location"]
    assert "Jo saw Mum drinking" in page_text(nan_phone.get(jo_entry))  # the boss sees all
    assert nan_phone.get("/network").status_code == 200
    nan_url = nan_entry.split("?")[0]
    assert jo_phone.get(nan_url).status_code == 404
    assert "Nan's private note" not in page_text(jo_phone.get("/network"))
    assert (
        jo_phone.post(jo_entry.split("?")[0] + "/share", data={"share": "yes"}).status_code == 404
    )
    nan_phone.post(nan_url + "/share", data={"share": "yes"})
    assert "Nan's private note" in page_text(jo_phone.get(nan_url))


def test_photo_is_stored_without_gps_and_shown_only_to_those_allowed(
    app, client, auth, network, make_worker
):
    worker, family, (_nan, nan_phone), (_jo, jo_phone) = network
    response = write(nan_phone, family, photo=(io.BytesIO(jpeg_with_gps()), "photo.jpg"))
    assert response.status_code == 302
    attachment = db.session.scalars(select(JournalAttachment)).one()
    url = f"/journal/attachments/{attachment.public_id}"
    auth.sign_in(worker)
    with client.get(url) as served:
        image = Image.open(io.BytesIO(served.data))
        assert len(image.getexif()) == 0 and b"PhoneMaker" not in served.data
        assert served.headers["Cache-Control"] == "private, no-store"
    assert app.test_client().get(url).status_code == 404
    assert jo_phone.get(url).status_code == 404  # not Jo's entry, not shared
    other = make_worker()
    stranger = app.test_client()
    stranger.post(
        "/staff/sign-in", data={"email": other.email, "password": "correct horse battery staple"}
    )
    assert stranger.get(url).status_code == 404


def test_voice_memo_is_stored_and_playable_by_the_worker(client, auth, network):
    worker, family, (_nan, nan_phone), _jo = network
    response = write(nan_phone, family, what_happened="", voice=(io.BytesIO(WEBM), "memo.webm"))
    assert response.status_code == 302
    attachment = db.session.scalars(select(JournalAttachment)).one()
    assert attachment.kind == "voice" and attachment.media_type == "audio/webm"
    auth.sign_in(worker)
    entry_page = client.get(f"/review/journal/{attachment.entry.public_id}").get_data(as_text=True)
    assert (
        f'<audio controls preload="none" src="/journal/attachments/{attachment.public_id}"'
        in entry_page
    )
    with client.get(f"/journal/attachments/{attachment.public_id}") as served:
        assert served.mimetype == "audio/webm" and served.data == WEBM


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("notes.txt", b"this is not a recording, just some text " * 4, 415, "isn't a voice memo"),
        ("memo.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 300, 422, "looks damaged"),
        ("memo.m4a", b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 300, 422, "looks damaged"),
        ("memo.webm", b"\x1a\x45\xdf", 422, "cut short"),
    ],
)
def test_bad_voice_memos_get_a_clear_4xx(network, name, data, status, message):
    _worker, family, (_nan, phone), _jo = network
    response = write(phone, family, voice=(io.BytesIO(data), name))
    assert response.status_code == status
    assert message in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_oversize_voice_memo_and_bad_photo_are_refused(app, network):
    _worker, family, (_nan, phone), _jo = network
    app.config["VOICE_MAX_BYTES"] = 100
    big = write(phone, family, voice=(io.BytesIO(WEBM), "memo.webm"))
    assert big.status_code == 413 and "too long to send" in page_text(big)
    bad = write(phone, family, photo=(io.BytesIO(b"GIF89a not really"), "x.jpg"))
    assert bad.status_code == 415
    assert db.session.scalar(select(func.count()).select_from(JournalAttachment)) == 0


def test_a_photo_past_the_request_limit_gives_back_the_form_with_the_words_kept(app, network):
    """A 13 MB phone photo (over MAX_CONTENT_LENGTH) with the CSRF check reading the form:
    no dead-end "too big" page, Nan's words are on the form again and nothing is saved."""
    import re

    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    _worker, family, (_nan, phone), _jo = network
    app.config["WTF_CSRF_ENABLED"] = True
    page = phone.get("/network/journal/new").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    words = "Nan collected Amy and Dad was not there"
    photo = FileStorage(io.BytesIO(b"\xff\xd8\xff" + b"\x00" * (13 * 1024 * 1024)), "IMG_0001.jpg")
    fields = {"plan_worked": "yes", "what_happened": words, "csrf_token": token, "photo": photo}
    # Encoded in memory: the test client's own spooled body file would never be closed.
    boundary, body = encode_multipart(fields)
    response = phone.post(
        "/network/journal/new",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    text = page_text(response)
    assert "That picture is too big to send" in text and "Your words are kept below." in text
    assert words in response.get_data(as_text=True)  # in the textarea, ready to send again
    assert "Send to the social worker" in text
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_something_worrying_now_alerts_the_worker_and_says_call_999(client, auth, network):
    worker, family, (_nan, _p), (jo, jo_phone) = network
    response = jo_phone.post("/network/worry", headers={"HX-Request": "true"})
    assert "call 999" in page_text(response) and "<html" not in response.get_data(as_text=True)
    auth.sign_in(worker)
    queue = page_text(client.get("/review"))
    assert "Aunt Jo (Grandmother, Clarke family) says something worrying is happening now" in queue
    assert "1 worry alert" in queue
    again = jo_phone.post("/network/worry", headers={"HX-Request": "true"})
    assert "call 999" in page_text(again)  # pressed twice: help again, still one alert
    assert "1 worry alert" in page_text(client.get("/review"))


def test_a_worry_after_the_last_was_dealt_with_is_a_new_alert(client, auth, network):
    from participation.alerts.models import WorryAlert
    from participation.db_types import utcnow

    _worker, _family, _nan, (_jo, jo_phone) = network
    jo_phone.post("/network/worry")
    db.session.scalars(select(WorryAlert)).one().acknowledged_at = utcnow()
    db.session.commit()
    jo_phone.post("/network/worry")
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 2


def test_strangers_cannot_write_in_a_journal(client):
    assert client.get("/network/journal/new").status_code == 404
    assert client.post("/network/journal/new", data={"plan_worked": "yes"}).status_code == 404
    assert client.post("/network/worry").status_code == 404


def test_sending_the_same_entry_twice_makes_one(network):
    _worker, family, (_nan, phone), _jo = network
    form = phone.get("/network/journal/new").get_data(as_text=True)
    key = form.split('name="client_key" type="hidden" value="')[1].split('"')[0]
    first = write(phone, family, client_key=key, what_happened="Only once")
    second = write(phone, family, client_key=key, what_happened="Only once")
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 1
    write(phone, family, client_key="another-key", what_happened="A second entry")
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 2
