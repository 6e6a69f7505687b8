"""The record says "seen alone" only when it was confirmed at the end, never from the start."""

from participation.activities.models import Mode
from participation.extensions import db
from participation.record.pdfs import document_of
from participation.record.services import record_entry
from tests.helpers import page_text

WHO = {"seen_alone": "no", "present": "Mum", "reason": "Amy asked for Mum", "where": "At home"}


def _code_activity_done_on_the_tablet(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker, seen_alone=True)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "x"})
    tablet.post(f"/activities/{activity.public_id}/finish")
    return worker, activity


def test_code_mode_says_done_alone_on_the_childs_own_device(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker, activity = _code_activity_done_on_the_tablet(
        app, make_worker, make_child, make_activity, make_code
    )
    auth.sign_in(worker)
    text = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert "Done alone on the child's own device; worker not present." in text
    # The worker's "Yes, alone" at the start is not what the record says.
    assert "Seen alone (" not in text
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["seen_alone"] is None
    assert entry["seen"]["worker_present"] is False and entry["seen"]["confirmed"] is True
    # The PDF is made from the same document.
    pdf_html = document_of("activity").html(record_entry(activity))
    assert "Done alone on the child's own device; worker not present." in pdf_html
    # Code mode is never asked again: it said itself.
    assert client.get(f"/activities/{activity.public_id}/seen").status_code == 302


def test_together_unconfirmed_is_not_called_seen_alone(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER, seen_alone=True)
    auth.sign_in(worker)
    finished = client.post(f"/activities/{activity.public_id}/finish")
    assert finished.headers["Location"] == f"/activities/{activity.public_id}/seen"
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["seen_alone"] is None and entry["seen"]["confirmed"] is False
    text = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert "Not confirmed: nobody has said who was there." in text


def test_together_confirmed_at_the_end_with_who_where_and_why(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER, seen_alone=True)
    auth.sign_in(worker)
    client.post(f"/activities/{activity.public_id}/finish")
    missing = client.post(f"/activities/{activity.public_id}/seen", data={"seen_alone": "no"})
    assert missing.status_code == 422
    assert "Say who else was there" in page_text(missing)
    saved = client.post(f"/activities/{activity.public_id}/seen", data=WHO)
    assert saved.headers["Location"] == f"/review/{activity.public_id}"
    db.session.refresh(activity)
    assert activity.seen_alone is False and activity.seen_confirmed_by_id == worker.id
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["seen_alone"] is False
    assert entry["seen"]["where"] == "At home" and entry["seen"]["why_not_alone"] == WHO["reason"]
    text = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert "Not seen alone. Present: Mum" in text and "Why: Amy asked for Mum" in text
    assert "Where At home" in text
    # Said once: the record does not change what it said about how the child was seen.
    again = client.post(f"/activities/{activity.public_id}/seen", data={**WHO, "seen_alone": "yes"})
    assert again.status_code == 302
    db.session.refresh(activity)
    assert activity.seen_alone is False


def test_together_seen_alone_confirmed(client, auth, make_worker, make_child, make_activity):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    client.post(f"/activities/{activity.public_id}/finish")
    client.post(
        f"/activities/{activity.public_id}/seen", data={"seen_alone": "yes", "where": "School"}
    )
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["seen_alone"] is True and entry["seen"]["confirmed_by"] == "Sam Okafor"
    text = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert "Seen alone (confirmed by Sam Okafor at the end)." in text


def test_read_back_to_the_child_is_on_the_record(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    words = f"/activities/{activity.public_id}/areas"
    client.post(
        f"{words}/good_things/words",
        data={"scribed_words": "My dog", "read_back_shown": "1", "read_back": "yes"},
    )
    client.post(f"{words}/worries/words", data={"scribed_words": "School", "read_back_shown": "1"})
    client.post(f"/activities/{activity.public_id}/finish")
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    areas = {a["id"]: a for a in entry["areas"]}
    assert areas["good_things"]["read_back_and_confirmed"] is True
    assert areas["worries"]["read_back_and_confirmed"] is False
    text = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert text.count("Read back to the child, who said it was right.") == 1
