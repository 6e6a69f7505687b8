import io
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sqlalchemy import select

from participation.activities.models import Mode
from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.jobs.testing import run_jobs
from tests.helpers import page_text, png_bytes, upload

WORRY = "Dad shouts when he drinks\nand I hide in my room"


@pytest.fixture
def sent(app, client, auth, make_worker, make_child, make_activity):
    """Done together with a worker scribing, Nan present, an interpreter used."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    activity = make_activity(
        child,
        worker,
        mode=Mode.TOGETHER,
        seen_alone=False,
        present="Nan (Amy asked for her to stay)",
        interpreter="Maria Kowalska, Polish",
        language="pl",
    )
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}/areas"
    client.post(f"{base}/worries/words", data={"child_words": WORRY})
    client.post(f"{base}/good_things/words", data={"scribed_words": "Nan's dog Biscuit"})
    upload(client, activity, "worries", png_bytes(size=(80, 60)))
    client.post(f"/activities/{activity.public_id}/finish")
    # Who was there, said at the end by the worker who was.
    client.post(
        f"/activities/{activity.public_id}/seen",
        data={"seen_alone": "no", "present": "Nan (Amy asked for her to stay)",
              "reason": "Amy asked for her Nan", "where": "Nan's kitchen"},
    )  # fmt: skip
    client.post(f"/review/{activity.public_id}/analysis", data={"analysis": "Worker's view."})
    return worker, activity


def test_record_document_shows_words_verbatim_and_provenance(client, sent):
    _worker, activity = sent
    response = client.get(f"/record/activity/{activity.public_id}")
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert "Dad shouts when he drinks\nand I hide in my room" in html  # line break kept
    assert "Typed by the child" in text
    assert "Said by the child, written down by Sam Okafor" in text and "Nan's dog Biscuit" in text
    assert "Not seen alone. Present: Nan (Amy asked for her to stay)" in text
    assert "Maria Kowalska, Polish" in text
    assert "Three Houses" in text
    assert "Worker's analysis (opinion, not the child's words)" in text
    assert '<img src="/activities/drawings/' in html


def test_pdf_contains_the_drawing_and_the_words(client, sent):
    _worker, activity = sent
    assert client.get(f"/record/activity/{activity.public_id}.pdf").status_code == 202  # being made
    run_jobs()
    response = client.get(f"/record/activity/{activity.public_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert b"/Subtype /Image" in response.data or b"/Subtype/Image" in response.data
    assert "attachment" in response.headers["Content-Disposition"]


def test_json_export_has_stable_ids_and_the_same_content(client, sent):
    _worker, activity = sent
    first = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    second = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert first["schema"] == "participation.record-entry.v1"
    assert first["id"] == second["id"] == activity.public_id
    assert first["child"]["id"] == activity.child.public_id
    worries = next(a for a in first["areas"] if a["id"] == "worries")
    assert worries["child_words"] == WORRY
    assert worries["drawing"]["id"] == second["areas"][0]["drawing"]["id"]
    good = next(a for a in first["areas"] if a["id"] == "good_things")
    assert good["scribed_by"] == "Sam Okafor"
    assert first["seen_alone"] is False
    assert first["seen"]["why_not_alone"] == "Amy asked for her Nan"
    assert first["interpreter"] == "Maria Kowalska, Polish"
    assert first["language"] == "pl"
    assert first["worker_analysis"]["text"] == "Worker's view."
    assert worries["drawing"]["url"].startswith("http://127.0.0.1:5000/")  # the base URL
    with client.get(urlsplit(worries["drawing"]["url"]).path) as drawing:
        assert Image.open(io.BytesIO(drawing.data)).size == (80, 60)


def test_views_and_exports_are_in_the_audit_log(client, sent):
    worker, activity = sent
    client.get(f"/review/{activity.public_id}")
    client.get(f"/record/activity/{activity.public_id}")
    client.get(f"/record/activity/{activity.public_id}.pdf")
    run_jobs()
    client.get(f"/record/activity/{activity.public_id}.pdf")
    client.get(f"/record/activity/{activity.public_id}.json")
    actions = [
        (e.action, e.actor_name)
        for e in db.session.scalars(
            select(AuditEvent).filter_by(child_public_id=activity.child.public_id)
        )
    ]
    for action in ("view_submission", "view_record_document", "export_record_pdf",
                   "export_record_json", "save_analysis"):  # fmt: skip
        assert (action, "Sam Okafor") in actions
    log = page_text(client.get(f"/access-log/children/{activity.child.public_id}"))
    assert "export record pdf" in log and "Sam Okafor" in log


def test_old_record_urls_redirect_to_the_activitys_record(client, sent):
    """Case systems hold links to the record as it was first published."""
    _worker, activity = sent
    for suffix in ("", ".pdf", ".json"):
        old = client.get(f"/record/{activity.public_id}{suffix}")
        assert old.status_code == 308
        assert old.location == f"/record/activity/{activity.public_id}{suffix}"
    moved = client.get(f"/record/{activity.public_id}.json", follow_redirects=True)
    assert moved.get_json()["id"] == activity.public_id


def test_another_worker_cannot_view_or_export_the_record(app, make_worker, sent):
    _worker, activity = sent
    other = make_worker()
    intruder = app.test_client()
    intruder.post(
        "/staff/sign-in", data={"email": other.email, "password": "correct horse battery staple"}
    )
    for suffix in ("", ".pdf", ".json"):
        assert intruder.get(f"/record/activity/{activity.public_id}{suffix}").status_code == 404
    anonymous = app.test_client()
    assert anonymous.get(f"/record/activity/{activity.public_id}.json").status_code == 302


def test_drafts_have_no_record_entry_yet(client, auth, make_worker, make_child, make_activity):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    auth.sign_in(worker)
    assert client.get(f"/record/activity/{activity.public_id}.json").status_code == 404
