import io
import json
import zipfile
from datetime import date

from click.testing import CliRunner
from sqlalchemy import func, select

from participation.activities.models import Activity, Drawing
from participation.audit.models import AuditEvent
from participation.auth.services import get_or_create_team
from participation.children.models import Child
from participation.cli import retention
from participation.extensions import db
from participation.network.versions import agree
from participation.retention.services import retention_ended
from participation.uploads import exists
from tests.helpers import png_bytes, upload


def sent_activity(app, worker, child, make_activity, make_code):
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "Mine"}
    )
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/finish")
    return activity


def test_subject_access_bundle_holds_everything_about_the_child(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    activity = sent_activity(app, worker, child, make_activity, make_code)
    auth.sign_in(worker)
    response = client.get(f"/exports/children/{child.public_id}.zip")
    assert response.mimetype == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    names = bundle.namelist()
    assert "child.json" in names and "access_log.json" in names
    assert f"activities/{activity.public_id}/worries.png" in names
    data = json.loads(bundle.read(f"activities/{activity.public_id}.json"))
    assert data["areas"][0]["child_words"] == "Mine"
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).filter_by(action="export_subject_access")
        )
        == 1
    )
    other = make_worker()
    auth.sign_out()
    auth.sign_in(other)
    assert client.get(f"/exports/children/{child.public_id}.zip").status_code == 404


def test_retention_ends_at_the_configured_birthday(app, make_worker, make_child):
    child = make_child(make_worker())
    child.date_of_birth = date(2000, 2, 29)
    assert retention_ended(child, date(2025, 2, 28))
    assert not retention_ended(child, date(2025, 2, 27))


def test_deleting_a_childs_records_removes_files_and_keeps_the_audit_log(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    activity = sent_activity(app, worker, child, make_activity, make_code)
    file = db.session.scalars(select(Drawing)).one().storage_key
    assert exists(file)
    public_id, activity_id = child.public_id, activity.public_id
    runner = CliRunner()
    with app.app_context():
        refused = runner.invoke(retention, ["delete-child", public_id, "--reason", "test"])
    assert refused.exit_code != 0 and "retention has not ended" in refused.output
    child.date_of_birth = date(1990, 1, 1)
    db.session.commit()
    with app.app_context():
        due = runner.invoke(retention, ["due"])
        assert public_id in due.output
        done = runner.invoke(retention, ["delete-child", public_id, "--reason", "Retention ended"])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert (
        db.session.scalar(select(func.count()).select_from(Child)) == 0
        and db.session.scalar(select(func.count()).select_from(Activity)) == 0
    )
    assert not exists(file)
    events = db.session.scalars(select(AuditEvent).filter_by(child_public_id=public_id)).all()
    assert "delete_child_records" in {e.action for e in events}
    assert "submit_activity" in {e.action for e in events}  # the earlier trail is kept
    assert (
        db.session.scalar(
            select(func.count()).select_from(Activity).filter_by(public_id=activity_id)
        )
        == 0
    )


def test_deleting_the_last_child_removes_the_family_network_journal_and_translations(
    app, make_worker, make_child, make_activity, make_code, make_family, make_member,
    member_phone, make_young_person,
):  # fmt: skip
    from participation.auth.models import Role
    from participation.journal.models import JournalAttachment, JournalEntry
    from participation.network.models import Family, NetworkMember
    from participation.pathway.models import YoungPerson
    from participation.retention.services import delete_child
    from participation.translation.models import Translation

    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    activity = sent_activity(app, worker, child, make_activity, make_code)
    family = make_family(child, worker)
    phone = member_phone(make_member(family, worker))
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "Nan collected Amy.",
              "photo": (io.BytesIO(png_bytes()), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    photo = db.session.scalars(select(JournalAttachment)).one().storage_key
    assert exists(photo)
    entry = db.session.scalars(select(JournalEntry)).one()
    interpreter = make_worker(role=Role.INTERPRETER)
    for kind, object_id in (("activity", activity.public_id), ("journal_entry", entry.public_id)):
        db.session.add(Translation(object_kind=kind, object_id=object_id, field="x",
                                   source_text="Mine", source_language="pl",
                                   requested_by=worker, assigned_to=interpreter))  # fmt: skip
    person = make_young_person(make_worker(role=Role.PERSONAL_ADVISER))
    person.family_id = family.id
    db.session.commit()
    family_id = family.public_id

    delete_child(child, "Retention ended")
    db.session.expire_all()
    # no copy of anyone's words is left
    assert db.session.scalar(select(func.count()).select_from(Translation)) == 0
    assert (
        db.session.scalar(select(func.count()).select_from(Family)) == 0
        and db.session.scalar(select(func.count()).select_from(NetworkMember)) == 0
    )
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0 and not exists(
        photo
    )
    # their plan is their own
    assert db.session.scalars(select(YoungPerson)).one().family_id is None
    events = db.session.scalars(select(AuditEvent).filter_by(object_id=family_id)).all()
    assert "delete_family_records" in {e.action for e in events}


def test_a_sibling_keeps_the_family_when_one_childs_records_are_deleted(
    app, make_worker, make_child, make_family
):
    from participation.network.models import Family
    from participation.retention.services import delete_child

    worker = make_worker()
    amy, jayden = make_child(worker, name="Amy Clarke"), make_child(worker, name="Jayden Clarke")
    family = make_family(amy, worker)
    jayden.family_id = family.id
    db.session.commit()
    delete_child(amy, "Retention ended")
    assert db.session.scalar(select(func.count()).select_from(Family)) == 1


def test_a_sibling_keeps_the_plan_and_the_familys_storyboard_but_not_amys(
    app, make_worker, make_child, make_family
):
    """Amy's own storyboard (and its picture file), the plan shared into her space and her
    choice of safety object go with her; Jayden's family keeps the plan and the storyboard
    made for every child."""
    from participation.childspace.models import ChildShare
    from participation.childspace.services import share
    from participation.retention.services import delete_child
    from participation.wordspictures.models import Storyboard, StoryboardImage
    from participation.wordspictures.services import Author, add_panel, create_storyboard

    worker = make_worker()
    amy, jayden = make_child(worker, name="Amy Clarke"), make_child(worker, name="Jayden Clarke")
    family = make_family(amy, worker)
    jayden.family_id = family.id
    family.plan.object_chosen_by_child_id = amy.id
    with app.test_request_context():
        amys = create_storyboard(family, worker, "Amy's story", amy)
        add_panel(amys, "Amy at school", "en", png_bytes(), Author.of_worker(worker))
        everyones = create_storyboard(family, worker, "Our story", None)
        add_panel(everyones, "We are safe", "en", png_bytes(), Author.of_worker(worker))
        agreed = agree(family, worker)
        assert agreed is not None
        share(amy, "safety_plan", agreed.public_id, worker)  # one agreed version
        db.session.commit()
    amys_id, everyones_id = amys.id, everyones.id
    keys = {i.storyboard_id: i.storage_key for i in db.session.scalars(select(StoryboardImage))}
    delete_child(amy, "Retention ended")
    db.session.expire_all()
    assert [b.id for b in db.session.scalars(select(Storyboard))] == [everyones_id]
    assert not exists(keys[amys_id]) and exists(keys[everyones_id])
    assert db.session.scalar(select(func.count()).select_from(ChildShare)) == 0
    assert family.plan is not None and family.plan.object_chosen_by_child_id is None


def test_subject_access_and_retention_for_a_young_person(
    app, client, auth, make_worker, make_young_person, yp_phone
):
    from participation.auth.models import Role
    from participation.pathway.models import PathwayPlan, SectionVersion, YoungPerson

    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser, name="Jordan Reid")
    phone = yp_phone(person)
    words = "I want my own flat near college."
    phone.post("/my-plan/accommodation", data={"version": "0", "in_my_words": words,
                                               "want_to_achieve": ""})  # fmt: skip
    auth.sign_in(adviser)
    client.get(f"/young-people/{person.public_id}")  # the adviser reads the plan first
    response = client.get(f"/exports/young-people/{person.public_id}.zip")
    assert response.mimetype == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    plan = json.loads(bundle.read("pathway_plan.json"))
    assert [s["in_my_words"] for s in plan if s["section"] == "accommodation"] == [words]
    assert json.loads(bundle.read("every_saved_version.json"))[0]["in_my_words"] == words
    log = json.loads(bundle.read("access_log.json"))
    assert "view_pathway_plan" in {e["action"] for e in log}
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).filter_by(action="export_subject_access")
        )
        == 1
    )
    auth.sign_out()
    auth.sign_in(make_worker(role=Role.PERSONAL_ADVISER, team=get_or_create_team("Southside")))
    assert client.get(f"/exports/young-people/{person.public_id}.zip").status_code == 404

    # A care leaver's record is kept until their 75th birthday (configurable).
    runner = CliRunner()
    person_id = person.public_id
    person.date_of_birth = date(1990, 1, 1)
    db.session.commit()
    with app.app_context():
        refused = runner.invoke(retention, ["delete-young-person", person_id, "--reason", "x"])
        assert refused.exit_code != 0 and "retention has not ended" in refused.output
    person.date_of_birth = date(1940, 1, 1)
    db.session.commit()
    with app.app_context():
        assert f"young person {person_id}" in runner.invoke(retention, ["due"]).output
        done = runner.invoke(retention, ["delete-young-person", person_id, "--reason", "Ended"])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(YoungPerson)) == 0
    assert db.session.scalar(select(func.count()).select_from(PathwayPlan)) == 0
    assert db.session.scalar(select(func.count()).select_from(SectionVersion)) == 0
    events = db.session.scalars(select(AuditEvent).filter_by(object_id=person_id)).all()
    assert "delete_young_person_records" in {e.action for e in events}


def test_subject_access_for_a_network_member(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    member = make_member(family, worker, name="Nan Clarke", contact="07700 900789")
    phone = member_phone(member)
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "partly", "what_happened": "Mum was late; I waited with Amy.",
              "photo": (io.BytesIO(png_bytes()), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    auth.sign_in(worker)
    response = client.get(f"/exports/members/{member.public_id}.zip")
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    details = json.loads(bundle.read("member.json"))
    assert details["name"] == "Nan Clarke" and details["contact"] == "07700 900789"
    entries = [n for n in bundle.namelist() if n.startswith("journal/") and n.endswith(".json")]
    assert len(entries) == 1
    assert (
        json.loads(bundle.read(entries[0]))["what_happened"] == "Mum was late; I waited with Amy."
    )
    assert any(n.endswith("/photo.png") for n in bundle.namelist())
    auth.sign_out()
    auth.sign_in(make_worker(team=get_or_create_team("Southside")))
    assert client.get(f"/exports/members/{member.public_id}.zip").status_code == 404


def test_deleting_a_young_person_removes_their_network_its_journal_files_and_sign_ins(
    app, client, auth, make_worker, make_young_person, yp_phone, make_member, member_phone
):
    from participation.auth.models import Role
    from participation.caserecord.services import create_client
    from participation.journal.models import JournalAttachment
    from participation.retention.young_people import delete_young_person

    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser, name="Jordan Reid")
    phone = yp_phone(person)
    phone.post("/my-plan/health", data={"version": "0", "in_my_words": "Jordan Reid's words",
                                        "want_to_achieve": ""})  # fmt: skip
    auth.sign_in(adviser)
    client.post(f"/young-people/{person.public_id}/network")
    from participation.network.models import Family

    family = db.session.scalars(select(Family)).one()
    auntie = member_phone(make_member(family, adviser, name="Auntie Pat"))
    auntie.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "Jordan came for tea.",
              "photo": (io.BytesIO(png_bytes()), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    photo = db.session.scalars(select(JournalAttachment)).one().storage_key
    assert exists(photo)
    _api_client, token = create_client("Mosaic", adviser.team_id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert "Jordan Reid" in api.get("/api/v1/entries?since=0").get_data(as_text=True)

    person_id = person.public_id
    delete_young_person(person, "Retention ended")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Family)) == 0
    assert not exists(photo)
    assert "Jordan Reid" not in api.get("/api/v1/entries?since=0").get_data(as_text=True)
    assert auntie.get("/network").status_code in (302, 401, 404)  # her phone is signed out
    assert auntie.get("/network/journal/new").status_code in (302, 401, 404)
    assert phone.get("/my-plan").status_code in (302, 401, 404)
    assert_nothing_names(app, "Jordan Reid", "Auntie Pat")
    events = db.session.scalars(select(AuditEvent).filter_by(object_id=person_id)).all()
    assert "delete_young_person_records" in {e.action for e in events}  # the log stays


def assert_nothing_names(app, *names: str) -> None:
    """No text column of any table, the audit log included, holds any of these names."""
    from sqlalchemy import JSON, String, Text, cast, or_, select

    for table in db.metadata.sorted_tables:
        columns = [c for c in table.c if isinstance(c.type, String | Text | JSON)]
        if not columns:
            continue
        found = db.session.execute(
            select(table).where(or_(*(
                cast(c, Text).contains(name) for c in columns for name in names
            )))
        ).first()  # fmt: skip
        assert found is None, f"{table.name} still names someone: {found}"
