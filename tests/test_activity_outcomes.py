"""A child who chooses not to do it, or stops, is an outcome on the record, not a draft."""

from sqlalchemy import select

from participation.activities.models import Mode, Outcome, Status
from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.network.models import NetworkMember
from tests.helpers import page_text


def test_child_chooses_not_to_do_it_and_it_is_filed_as_their_choice(
    client, auth, tablet, make_worker
):
    activity = tablet.activity
    overview = page_text(tablet.get(f"/activities/{activity.public_id}"))
    assert "I don't want to do this" in overview
    response = tablet.post(f"/activities/{activity.public_id}/stop", data={"outcome": "declined"})
    assert response.headers["Location"] == "/activities/thanks"
    db.session.refresh(activity)
    assert activity.status == Status.SUBMITTED and activity.outcome == Outcome.DECLINED
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "activity_declined"))
    worker = activity.child.allocated_worker
    auth.sign_in(worker)
    name = activity.child.first_name
    assert f"{name} chose not to do this" in page_text(
        client.get(f"/children/{activity.child.public_id}")
    )
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["outcome"] == {"id": "declined", "text": f"{name} chose not to do this."}
    assert f"{name} chose not to do this." in page_text(
        client.get(f"/record/activity/{activity.public_id}")
    )


def test_worker_records_that_the_child_stopped_part_way_and_their_words_are_kept(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}"
    client.post(f"{base}/areas/worries/words", data={"child_words": "Dogs"})
    assert "Stop, I don't want to go on" in page_text(client.get(f"{base}/areas/worries"))
    response = client.post(f"{base}/stop", data={"outcome": "stopped"})
    assert response.headers["Location"] == f"{base}/seen"
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["outcome"]["id"] == "stopped" and "stopped part way" in entry["outcome"]["text"]
    assert entry["areas"][0]["child_words"] == "Dogs"
    # A second tap changes nothing.
    assert client.post(f"{base}/stop", data={"outcome": "declined"}).status_code == 302
    db.session.refresh(activity)
    assert activity.outcome == Outcome.STOPPED


def test_an_unknown_outcome_is_refused(client, auth, make_worker, make_child, make_activity):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    response = client.post(f"/activities/{activity.public_id}/stop", data={"outcome": "gone"})
    assert response.status_code == 422
    db.session.refresh(activity)
    assert activity.is_draft


def test_sharing_decisions_are_on_the_record(
    client, auth, make_worker, make_child, make_activity, make_code, app
):
    from participation.network.services import open_family_for, share_activity

    worker = make_worker(name="Sam Okafor")
    child = make_child(worker)
    activity = make_activity(child, worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    client.post(f"/activities/{activity.public_id}/finish")
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["shared_with"] == []
    assert "Not shared with anyone" in page_text(
        client.get(f"/record/activity/{activity.public_id}")
    )
    family = open_family_for(child, worker)
    db.session.flush()
    member = NetworkMember(
        family_id=family.id, name="Nan Clarke", relationship_to_child="Nan", invited_by_id=worker.id
    )
    db.session.add(member)
    db.session.flush()
    db.session.refresh(activity)
    share_activity(activity, member, worker)
    db.session.commit()
    entry = client.get(f"/record/activity/{activity.public_id}.json").get_json()
    assert entry["shared_with"][0]["member"] == "Nan Clarke"
    assert entry["shared_with"][0]["by"] == "Sam Okafor"
    assert "Nan Clarke (Nan), shared by Sam Okafor" in page_text(
        client.get(f"/record/activity/{activity.public_id}")
    )
