"""The child's first language apart from their screens' one, and optional identity fields."""

from sqlalchemy import select

from participation.activities.models import Mode
from participation.audit.models import AuditEvent
from participation.extensions import db
from tests.helpers import page_text

DETAILS = {
    "preferred_language": "en",
    "first_language": "ti",
    "communication_needs": "",
    "religion": "Orthodox Christian",
    "ethnicity": "Eritrean",
    "nationality": "Eritrean",
    "immigration_status": "Asylum seeker",
    "disability": "",
}


def test_edit_form_keeps_first_language_apart_and_identity_optional(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    child = make_child(worker)
    auth.sign_in(worker)
    form = page_text(client.get(f"/children/{child.public_id}/edit"))
    assert "First language" in form and "Religion (optional)" in form
    response = client.post(f"/children/{child.public_id}/edit", data=DETAILS)
    assert response.status_code == 302
    db.session.refresh(child)
    assert child.first_language == "ti" and child.preferred_language == "en"
    assert child.religion == "Orthodox Christian" and child.disability is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_child"))
    page = page_text(client.get(f"/children/{child.public_id}"))
    assert "Language for the screens English" in page
    assert "Immigration status Asylum seeker" in page and "Disability" not in page

    activity = make_activity(child, worker, mode=Mode.TOGETHER)
    client.post(f"/activities/{activity.public_id}/finish")
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["child"]["first_language"] == "ti"
    assert entry["child"]["screen_language"] == "en"
    assert entry["child"]["religion"] == "Orthodox Christian"
    assert entry["child"]["disability"] is None
    record = page_text(client.get(f"/record/activity/{activity.public_id}"))
    assert "Religion Orthodox Christian" in record and "Nationality Eritrean" in record


def test_all_identity_fields_may_be_left_empty(client, auth, make_worker, make_child):
    worker = make_worker()
    child = make_child(worker)
    auth.sign_in(worker)
    empty = {k: "" for k in DETAILS} | {"preferred_language": "en"}
    assert client.post(f"/children/{child.public_id}/edit", data=empty).status_code == 302
    db.session.refresh(child)
    assert child.first_language is None and child.religion is None


def test_another_workers_child_cannot_be_edited(client, auth, make_worker, make_child):
    child = make_child(make_worker())
    auth.sign_in(make_worker())
    assert client.get(f"/children/{child.public_id}/edit").status_code == 404
