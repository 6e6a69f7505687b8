"""The child's voice in any area: checked and stored as journal voice memos are, on the
record, played by the worker and sent to be written down and translated."""

import io
from urllib.parse import urlsplit

from sqlalchemy import select

from participation.activities.models import Mode, VoiceNote
from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.extensions import db
from participation.translation.models import Translation
from participation.translation.services import recording_of
from tests.audio_samples import voice_memo
from tests.helpers import PASSWORD, page_text


def send_voice(client, activity, area, data, name="voice.webm", **form):
    return client.post(
        f"/activities/{activity.public_id}/areas/{area}",
        data={"voice": (io.BytesIO(data), name), "go": "stay", **form},
        content_type="multipart/form-data",
    )


def test_the_child_records_their_voice_in_any_area_and_it_is_kept_exactly(tablet):
    activity = tablet.activity
    page = tablet.get(f"/activities/{activity.public_id}/areas/good_things")
    html = page.get_data(as_text=True)
    assert 'name="voice"' in html and 'accept="audio/*"' in html and "voice.js" in html
    memo = voice_memo("webm")
    response = send_voice(tablet, activity, "good_things", memo, child_words="my dog")
    assert response.status_code == 302
    note = db.session.scalars(select(VoiceNote)).one()
    assert (note.area, note.media_type, note.byte_size) == ("good_things", "audio/webm", len(memo))
    assert note.recorded_on_device_of is None  # the child's own tablet
    again = tablet.get(f"/activities/{activity.public_id}/areas/good_things")
    assert f"/activities/voices/{note.public_id}" in again.get_data(as_text=True)
    with tablet.get(f"/activities/voices/{note.public_id}") as played:
        assert played.status_code == 200 and played.data == memo


def test_something_that_is_not_a_voice_is_refused_and_the_words_are_kept(tablet):
    activity = tablet.activity
    response = send_voice(tablet, activity, "worries", b"\x1a\x45\xdf\xa3" + b"x" * 500,
                          child_words="the dark")  # fmt: skip
    assert response.status_code == 422
    assert "damaged" in page_text(response) or "record" in page_text(response)
    assert db.session.scalars(select(VoiceNote)).first() is None
    area = activity.areas[0]
    db.session.refresh(area)
    assert area.child_words == "the dark"


def test_a_worker_cannot_put_a_voice_in_a_code_activity(app, client, auth, make_worker,
                                                        make_child, make_activity):  # fmt: skip
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.CODE)
    auth.sign_in(worker)
    response = send_voice(client, activity, "worries", voice_memo("webm"))
    assert response.status_code == 409
    assert db.session.scalars(select(VoiceNote)).first() is None


def sent_with_voice(client, auth, make_worker, make_child, make_activity, language="en"):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER, language=language)
    auth.sign_in(worker)
    assert send_voice(client, activity, "dreams", voice_memo("ogg")).status_code == 302
    client.post(f"/activities/{activity.public_id}/finish")
    return worker, activity, db.session.scalars(select(VoiceNote)).one()


def test_the_worker_plays_it_on_the_review_page_and_every_listen_is_audited(
    client, auth, make_worker, make_child, make_activity
):
    worker, activity, note = sent_with_voice(client, auth, make_worker, make_child, make_activity)
    assert note.recorded_on_device_of == worker
    review = client.get(f"/review/{activity.public_id}")
    html = review.get_data(as_text=True)
    assert f'src="/activities/voices/{note.public_id}"' in html
    assert "recorded on Sam Okafor's device" in page_text(review)
    with client.get(f"/activities/voices/{note.public_id}") as played:
        assert played.status_code == 200
    listens = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "listen_voice")
    ).all()
    assert [e.object_id for e in listens] == [note.public_id]
    assert str(listens[0].actor_id) == str(worker.id)


def test_a_worker_who_may_not_see_the_child_cannot_hear_them(
    app, client, auth, make_worker, make_child, make_activity
):
    _worker, _activity, note = sent_with_voice(client, auth, make_worker, make_child,
                                               make_activity)  # fmt: skip
    from participation.auth.services import get_or_create_team

    stranger = make_worker(team=get_or_create_team("Southside"))
    db.session.commit()
    other = app.test_client()
    other.post("/staff/sign-in", data={"email": stranger.email, "password": PASSWORD})
    assert other.get(f"/activities/voices/{note.public_id}").status_code in (302, 404)
    assert app.test_client().get(f"/activities/voices/{note.public_id}").status_code == 404


def test_it_is_on_the_record_html_and_json(client, auth, make_worker, make_child, make_activity):
    _worker, activity, note = sent_with_voice(client, auth, make_worker, make_child, make_activity)
    doc = client.get(f"/record/activity/{activity.public_id}")
    assert "The child's voice, recorded on" in page_text(doc)
    assert f"/activities/voices/{note.public_id}" in doc.get_data(as_text=True)
    data = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    dreams = next(a for a in data["areas"] if a["id"] == "dreams")
    assert dreams["voice"][0]["id"] == note.public_id
    assert dreams["voice"][0]["media_type"] == "audio/ogg"
    with client.get(urlsplit(dreams["voice"][0]["url"]).path) as played:
        assert played.status_code == 200 and played.data[:4] == b"OggS"


def test_send_for_writing_down_queues_it_for_an_interpreter_once(
    client, auth, make_worker, make_child, make_activity
):
    worker, activity, note = sent_with_voice(client, auth, make_worker, make_child, make_activity)
    review = page_text(client.get(f"/review/{activity.public_id}"))
    assert "Send the recordings to be written down" in review
    first = client.post(f"/activities/{activity.public_id}/voices/transcribe")
    assert first.status_code == 302
    client.post(f"/activities/{activity.public_id}/voices/transcribe")  # a double tap
    items = db.session.scalars(select(Translation)).all()
    assert len(items) == 1
    assert (items[0].object_kind, items[0].audio_id) == ("activity", note.public_id)
    assert recording_of(items[0]).public_id == note.public_id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request_transcription"))


def test_a_voice_in_another_language_goes_to_the_interpreter_as_it_arrives(
    client, auth, make_worker, make_child, make_activity
):
    make_worker(role=Role.INTERPRETER, name="Ewa Nowak")
    _worker, activity, note = sent_with_voice(
        client, auth, make_worker, make_child, make_activity, language="pl"
    )
    item = db.session.scalars(select(Translation).where(Translation.audio_id.is_not(None))).one()
    assert (item.source_language, item.target_language) == ("pl", "en")
    assert item.audio_id == note.public_id
