"""Transfer of cases: a manager or an admin moves children to another worker, the child sees
their new worker's name, and the move is audited and on the child's record."""

from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.caserecord.models import RecordEntry
from participation.caserecord.services import create_client
from participation.children.models import Child
from participation.children.transfer_models import CaseTransfer
from participation.extensions import db
from participation.retention.services import delete_child
from tests.helpers import PASSWORD, page_text


def signed_in(app, worker):
    client = app.test_client()
    response = client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_manager_moves_one_child_and_the_child_sees_their_new_worker(
    app, make_worker, make_child, make_activity, make_code, team
):
    sam = make_worker(name="Sam Okafor")
    priya = make_worker(name="Priya Shah")
    manager = make_worker(role=Role.TEAM_MANAGER, name="Jo Fletcher")
    amy = make_child(sam, name="Amy Clarke")
    activity = make_activity(amy, sam)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, sam)})
    assert "Sam" in page_text(tablet.get("/me"))

    desk = signed_in(app, manager)
    assert "Transfer to another worker" in page_text(desk.get(f"/children/{amy.public_id}"))
    form = desk.get(f"/children/{amy.public_id}/transfer")
    assert form.status_code == 200 and "Priya Shah" in page_text(form)
    response = desk.post(
        f"/children/{amy.public_id}/transfer",
        data={"to_worker": priya.id, "reason": "Sam has moved to another team"},
    )
    assert response.status_code == 303
    assert "1 child is now allocated to Priya Shah" in page_text(desk.get(response.location))

    assert db.session.get(Child, amy.id).allocated_worker_id == priya.id
    # The child's own screens name the new worker, by first name.
    space = page_text(tablet.get("/me"))
    assert "Priya" in space and "Sam" not in space
    # On the record: the move, an audit event, and an entry for the case system.
    moved = db.session.scalars(select(CaseTransfer)).one()
    assert (moved.from_name, moved.to_name, moved.by_name) == ("Sam Okafor", "Priya Shah",
                                                               "Jo Fletcher")  # fmt: skip
    event = db.session.scalars(select(AuditEvent).filter_by(action="transfer_child")).one()
    assert event.object_id == moved.public_id and "Amy" not in event.detail
    entry = db.session.scalars(select(RecordEntry).filter_by(kind="case_transfer")).one()
    assert entry.object_id == moved.public_id and entry.team_id == team.id
    client, token = create_client("Mosaic", team.id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    document = api.get(f"/api/v1/entries/{moved.public_id}").get_json()
    body = str(document)
    assert "Sam Okafor" in body and "Priya Shah" in body and "Sam has moved" in body
    # Sam no longer sees Amy; Priya does.
    assert signed_in(app, sam).get(f"/children/{amy.public_id}").status_code == 404
    assert signed_in(app, priya).get(f"/children/{amy.public_id}").status_code == 200


def test_an_admin_moves_a_whole_caseload_seeing_case_references_not_names(
    app, make_worker, make_child
):
    sam = make_worker(name="Sam Okafor")
    priya = make_worker(name="Priya Shah")
    admin = make_worker(role=Role.ADMIN, name="Robin Admin")
    children = [make_child(sam, name=f"Child Secretname{n}") for n in range(3)]
    desk = signed_in(app, admin)
    page = desk.get(f"/children/transfer/from/{sam.id}")
    text = page_text(page)
    assert page.status_code == 200 and "3 children allocated to Sam Okafor" in text
    # Privacy: admins manage accounts, not casework.
    assert "Secretname" not in text and children[0].case_reference in text
    response = desk.post(
        f"/children/transfer/from/{sam.id}",
        data={"to_worker": priya.id, "child": [c.public_id for c in children]},
    )
    assert response.status_code == 303
    assert "3 children are now allocated to Priya Shah" in page_text(desk.get(response.location))
    db.session.expire_all()
    assert {c.allocated_worker_id for c in db.session.scalars(select(Child))} == {priya.id}
    assert len(db.session.scalars(select(CaseTransfer)).all()) == 3
    # Each child's access log shows the admin saw their case reference.
    seen = db.session.scalars(select(AuditEvent).filter_by(action="view_caseload_for_transfer"))
    assert len(list(seen)) == 3


def test_only_the_ticked_children_move_and_none_ticked_is_said(app, make_worker, make_child):
    sam, priya = make_worker(name="Sam Okafor"), make_worker(name="Priya Shah")
    manager = make_worker(role=Role.TEAM_MANAGER)
    amy, ben = make_child(sam, name="Amy Clarke"), make_child(sam, name="Ben Clarke")
    desk = signed_in(app, manager)
    none = desk.post(f"/children/transfer/from/{sam.id}", data={"to_worker": priya.id})
    assert none.status_code == 422 and "Choose at least one child" in page_text(none)
    desk.post(
        f"/children/transfer/from/{sam.id}", data={"to_worker": priya.id, "child": [ben.public_id]}
    )
    db.session.expire_all()
    assert db.session.get(Child, amy.id).allocated_worker_id == sam.id
    assert db.session.get(Child, ben.id).allocated_worker_id == priya.id


def test_workers_and_other_teams_cannot_transfer(app, make_worker, make_child):
    sam, priya = make_worker(name="Sam Okafor"), make_worker(name="Priya Shah")
    amy = make_child(sam)
    south = get_or_create_team("Southside")
    db.session.commit()
    other_manager = make_worker(role=Role.TEAM_MANAGER, team=south)
    worker = signed_in(app, sam)
    assert worker.get(f"/children/transfer/from/{sam.id}").status_code == 403
    assert worker.get(f"/children/{amy.public_id}/transfer").status_code == 403
    other = signed_in(app, other_manager)
    assert other.get(f"/children/transfer/from/{sam.id}").status_code == 404
    assert other.get(f"/children/{amy.public_id}/transfer").status_code == 404
    response = other.post(f"/children/{amy.public_id}/transfer", data={"to_worker": priya.id})
    assert response.status_code == 404
    # An admin's one-child page does not exist: they move caseloads by case reference.
    admin = signed_in(app, make_worker(role=Role.ADMIN))
    assert admin.get(f"/children/{amy.public_id}/transfer").status_code == 403
    db.session.expire_all()
    assert db.session.get(Child, amy.id).allocated_worker_id == sam.id


def test_a_manager_cannot_move_a_child_to_another_teams_worker(app, make_worker, make_child):
    sam = make_worker(name="Sam Okafor")
    manager = make_worker(role=Role.TEAM_MANAGER)
    south = get_or_create_team("Southside")
    db.session.commit()
    elsewhere = make_worker(team=south, name="Elsewhere Worker")
    amy = make_child(sam)
    desk = signed_in(app, manager)
    assert "Elsewhere" not in page_text(desk.get(f"/children/{amy.public_id}/transfer"))
    response = desk.post(f"/children/{amy.public_id}/transfer", data={"to_worker": elsewhere.id})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Child, amy.id).allocated_worker_id == sam.id


def test_deleting_the_child_deletes_their_transfers_and_record_entries(
    app, make_worker, make_child
):
    sam, priya = make_worker(name="Sam Okafor"), make_worker(name="Priya Shah")
    manager = make_worker(role=Role.TEAM_MANAGER)
    amy = make_child(sam)
    signed_in(app, manager).post(
        f"/children/{amy.public_id}/transfer", data={"to_worker": priya.id}
    )
    db.session.expire_all()
    assert db.session.scalars(select(CaseTransfer)).all()
    delete_child(db.session.get(Child, amy.id), "retention period over")
    db.session.commit()
    assert db.session.scalars(select(CaseTransfer)).all() == []
    assert db.session.scalars(select(RecordEntry).filter_by(kind="case_transfer")).all() == []
