"""The worker's observation: what was seen, kept apart from the child's words and the
worker's analysis, and labelled so on the record."""

import pytest
from flask import render_template
from sqlalchemy import select

from participation.activities.models import Mode, Observation
from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.record.services import record_entry
from tests.helpers import page_text

SEEN = "Lily (9 months) reached for her nan and settled; she turned away from her dad."


@pytest.fixture
def sent(client, auth, make_worker, make_child, make_activity):
    worker = make_worker(name="Sam Okafor")
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    client.post(f"/activities/{activity.public_id}/areas/worries/words",
                data={"scribed_words": "no words: a baby"})  # fmt: skip
    client.post(f"/activities/{activity.public_id}/finish")
    return worker, activity


def test_the_review_page_has_an_observation_field_labelled_as_the_workers(client, sent):
    _worker, activity = sent
    page = page_text(client.get(f"/review/{activity.public_id}"))
    assert "What I saw (my observation, not the child's words)" in page


def test_saving_works_without_javascript_and_with_htmx_and_is_audited(client, sent):
    worker, activity = sent
    url = f"/activities/{activity.public_id}/observation"
    response = client.post(url, data={"observation": SEEN})
    assert response.status_code == 200 and "Saved" in page_text(response)
    assert "In " in page_text(response)  # the whole review page, without JavaScript
    fragment = client.post(url, data={"observation": SEEN + "\n"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.get_data(as_text=True).lstrip().startswith("<form")
    observation = db.session.scalars(select(Observation)).one()
    assert observation.text == SEEN + "\n"  # exactly as written
    assert observation.by == worker
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "record_observation")
    ).all()
    assert len(events) == 2


def test_too_long_is_refused_with_the_fragment(client, sent):
    _worker, activity = sent
    response = client.post(
        f"/activities/{activity.public_id}/observation",
        data={"observation": "x" * 20_001},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.scalars(select(Observation)).first() is None


def test_only_a_worker_who_may_see_the_child_can_write_one(app, sent, make_worker):
    from participation.auth.services import get_or_create_team
    from tests.helpers import PASSWORD

    _worker, activity = sent
    stranger = make_worker(team=get_or_create_team("Southside"))
    other = app.test_client()
    other.post("/staff/sign-in", data={"email": stranger.email, "password": PASSWORD})
    response = other.post(f"/activities/{activity.public_id}/observation",
                          data={"observation": "x"})  # fmt: skip
    assert response.status_code == 404
    assert db.session.scalars(select(Observation)).first() is None


def test_on_the_record_apart_from_the_childs_words_and_the_analysis(app, client, sent):
    _worker, activity = sent
    client.post(f"/activities/{activity.public_id}/observation", data={"observation": SEEN})
    client.post(
        f"/review/{activity.public_id}/analysis", data={"analysis": "She feels safe with nan."}
    )
    data = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert data["worker_observation"]["text"] == SEEN
    assert data["worker_observation"]["by"] == "Sam Okafor"
    assert data["worker_analysis"]["text"] == "She feels safe with nan."
    assert all(SEEN not in (a["child_words"] + a["scribed_words"]) for a in data["areas"])
    doc = page_text(client.get(f"/record/activity/{activity.public_id}"))
    label = "Worker's observation (what the worker saw; not the child's words, not analysis)"
    assert label in doc and SEEN in doc
    assert doc.index(label) > doc.index("The child's own words and drawings")
    assert doc.index(label) < doc.index("Worker's analysis")
    # The PDF is made from the same template, for print.
    with app.test_request_context():
        printed = render_template(
            "record/document.html", entry=record_entry(activity), image_src=str, for_pdf=True
        )
    assert label in printed and SEEN in printed
    assert client.get(f"/record/activity/{activity.public_id}.pdf").status_code == 202
    run_jobs()
    assert client.get(f"/record/activity/{activity.public_id}.pdf").data.startswith(b"%PDF")


def test_no_observation_means_nothing_is_said_about_one(client, sent):
    _worker, activity = sent
    data = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert data["worker_observation"] is None
    assert "Worker's observation" not in page_text(
        client.get(f"/record/activity/{activity.public_id}")
    )
