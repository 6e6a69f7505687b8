"""Every read of a child's, young person's or network member's words or files is on that
person's "Who has looked at this record" page and in their subject access bundle."""

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.caserecord.services import create_client
from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.translation.models import Translation
from tests.helpers import PASSWORD, page_text, png_bytes, upload


def signed_in(app, worker):
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return client


@pytest.fixture
def world(
    app, make_worker, make_child, make_family, make_member, member_phone, make_activity,
    make_code, make_young_person,
):  # fmt: skip
    """Amy's Three Houses (with a drawing) shared with Nan, the boss of the plan; Aunt Jo's
    journal entry in Polish with a photo; Jordan, a young person in the same family."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    family = make_family(child, worker)
    nan = make_member(family, worker, name="Nan Clarke", boss=True)
    jo = make_member(family, worker, name="Aunt Jo")
    jordan = make_young_person(worker, name="Jordan Reid")
    jordan.family_id = family.id
    db.session.commit()
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": "I hide in my room"},
    )
    drawing_id = upload(tablet, activity, "worries", png_bytes()).get_json()["id"]
    # The child looking at their own drawing is not someone looking at their record.
    assert opened(tablet, f"/activities/drawings/{drawing_id}") == 200
    tablet.post(f"/activities/{activity.public_id}/finish")
    staff = signed_in(app, worker)
    staff.post(f"/families/share/{activity.public_id}", data={"member": nan.public_id})
    jo_phone = member_phone(jo)
    jo_phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "Mama piła wieczorem.", "language": "pl",
              "photo": (io.BytesIO(png_bytes()), "photo.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    entry = db.session.scalars(select(JournalEntry)).one()
    return {
        "worker": worker, "staff": staff, "child": child, "family": family, "activity": activity,
        "drawing_id": drawing_id, "nan": nan, "nan_phone": member_phone(nan), "jo": jo,
        "jo_phone": jo_phone, "entry": entry, "jordan": jordan,
    }  # fmt: skip


def opened(client, url: str) -> int:
    """Fetch a stored file and close it, as a browser would."""
    with client.get(url) as response:
        return response.status_code


def events(action: str) -> list[tuple[str, str, str]]:
    """(who, subject kind, subject id) of each event with this action."""
    rows = db.session.scalars(select(AuditEvent).filter_by(action=action))
    return [(e.actor_name, e.subject_kind, e.subject_id) for e in rows]


def looked(w, person) -> str:
    """The text of the worker's "Who has looked" page for this person."""
    kind = type(person).__name__
    path = {
        "Child": f"/access-log/children/{person.public_id}",
        "YoungPerson": f"/access-log/young-people/{person.public_id}",
        "NetworkMember": f"/access-log/members/{person.public_id}",
    }[kind]
    response = w["staff"].get(path)
    assert response.status_code == 200
    return page_text(response)


def test_a_member_opening_shared_work_and_its_drawing_is_on_the_childs_trail(world):
    w = world
    activity, amy = w["activity"], w["child"]
    page = w["nan_phone"].get(f"/network/shared/{activity.public_id}")
    assert page.status_code == 200
    drawing = f"/network/shared/{activity.public_id}/drawings/{w['drawing_id']}"
    assert opened(w["nan_phone"], drawing) == 200
    assert events("network_view_shared_work") == [("Nan Clarke", "child", amy.public_id)]
    assert events("network_view_drawing") == [("Nan Clarke", "child", amy.public_id)]
    log = looked(w, amy)
    assert "network view shared work" in log and "network view drawing" in log
    assert "Nan Clarke" in log


def test_staff_opening_a_drawing_is_recorded_but_the_child_opening_it_is_not(world):
    w = world
    assert events("view_drawing") == []  # the tablet opened it in the fixture
    assert opened(w["staff"], f"/activities/drawings/{w['drawing_id']}") == 200
    assert events("view_drawing") == [("Sam Okafor", "child", w["child"].public_id)]
    assert "view drawing" in looked(w, w["child"])


def test_staff_opening_a_childs_activity_pages_is_recorded(world):
    w = world
    activity, amy = w["activity"].public_id, ("child", w["child"].public_id)
    assert w["staff"].get(f"/activities/{activity}").status_code == 200
    assert w["staff"].get(f"/activities/{activity}/areas/worries").status_code == 200
    assert events("view_activity") == [("Sam Okafor", *amy)]
    assert events("view_activity_area") == [("Sam Okafor", *amy)]
    assert "view activity area" in looked(w, w["child"])


def test_an_interpreter_opening_an_item_is_on_the_writers_trail(app, world, make_worker):
    w = world
    interpreter = make_worker(role=Role.INTERPRETER, name="Maria Kowalska")
    w["staff"].post(
        f"/translations/journal/{w['entry'].public_id}",
        data={"interpreter": interpreter.id},
    )
    item = db.session.scalars(select(Translation)).first()
    assert signed_in(app, interpreter).get(f"/translations/{item.public_id}").status_code == 200
    assert events("interpreter_view") == [("Maria Kowalska", "network_member", w["jo"].public_id)]
    log = looked(w, w["jo"])
    assert "Maria Kowalska" in log and "interpreter view" in log


def test_the_boss_reading_another_members_entry_and_photo_is_on_the_writers_trail(world):
    w = world
    entry, jo = w["entry"], w["jo"]
    photo = f"/journal/attachments/{db.session.scalars(select(JournalAttachment)).one().public_id}"
    # Jo rereading her own entry and photo is not recorded.
    assert w["jo_phone"].get(f"/network/journal/{entry.public_id}").status_code == 200
    assert opened(w["jo_phone"], photo) == 200
    assert events("network_view_journal_entry") == [] and events("view_photo") == []
    assert w["nan_phone"].get(f"/network/journal/{entry.public_id}").status_code == 200
    assert opened(w["nan_phone"], photo) == 200
    assert opened(w["staff"], photo) == 200
    assert events("network_view_journal_entry") == [("Nan Clarke", "network_member", jo.public_id)]
    assert sorted(events("view_photo")) == [
        ("Nan Clarke", "network_member", jo.public_id),
        ("Sam Okafor", "network_member", jo.public_id),
    ]
    log = looked(w, jo)
    assert "network view journal entry" in log and "view photo" in log and "Nan Clarke" in log


def test_api_reads_are_on_the_trail_of_everyone_listed(app, world):
    w = world
    _client, token = create_client("Mosaic", w["worker"].team_id)
    db.session.commit()
    http = app.test_client()
    http.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    listing = http.get("/api/v1/entries?since=0").get_json()["entries"]
    assert {e["kind"] for e in listing} == {"child_activity", "journal_entry"}
    activity = w["activity"].public_id
    entry = http.get(f"/api/v1/entries/{activity}").get_json()
    drawing_url = next(a["drawing"]["url"] for a in entry["areas"] if a["drawing"])
    assert opened(http, drawing_url) == 200
    amy, jo = ("child", w["child"].public_id), ("network_member", w["jo"].public_id)
    assert sorted(events("api_list_entries")) == sorted([("Mosaic", *amy), ("Mosaic", *jo)])
    assert events("api_fetch_entry") == [("Mosaic", *amy)]
    assert events("api_fetch_file") == [("Mosaic", *amy)]
    log = looked(w, w["child"])
    assert "Mosaic" in log and "api list entries" in log and "api fetch file" in log
    assert "api list entries" in looked(w, w["jo"])


def test_family_and_plan_pages_are_on_the_trail_of_the_people_they_show(world):
    w = world
    family, amy, jordan = w["family"], w["child"], w["jordan"]
    assert w["staff"].get(f"/families/{family.public_id}").status_code == 200
    assert w["staff"].get(f"/families/{family.public_id}/plan").status_code == 200
    assert w["staff"].get(f"/journal/family/{family.public_id}").status_code == 200
    assert w["nan_phone"].get("/network").status_code == 200
    assert w["staff"].get(f"/young-people/{jordan.public_id}").status_code == 200
    assert sorted(events("view_family")) == sorted([
        ("Sam Okafor", "child", amy.public_id),
        ("Sam Okafor", "young_person", jordan.public_id),
        ("Sam Okafor", "network_member", w["nan"].public_id),
        ("Sam Okafor", "network_member", w["jo"].public_id),
    ])  # fmt: skip
    assert ("Sam Okafor", "child", amy.public_id) in events("view_safety_plan")
    assert ("Sam Okafor", "network_member", w["jo"].public_id) in events("view_family_journal")
    assert ("Nan Clarke", "young_person", jordan.public_id) in events("network_view_plan")
    assert events("view_pathway_plan") == [("Sam Okafor", "young_person", jordan.public_id)]
    log = looked(w, jordan)
    assert "view pathway plan" in log and "network view plan" in log and "Nan Clarke" in log
    assert "view safety plan" in looked(w, amy)
    assert "view family journal" in looked(w, w["jo"])


def test_subject_access_bundles_hold_the_reads_about_the_person(world):
    w = world
    entry, activity = w["entry"], w["activity"]
    w["nan_phone"].get(f"/network/journal/{entry.public_id}")
    w["nan_phone"].get("/network")
    opened(w["nan_phone"], f"/network/shared/{activity.public_id}/drawings/{w['drawing_id']}")

    def access_log(url: str) -> set[tuple[str, str]]:
        bundle = zipfile.ZipFile(io.BytesIO(w["staff"].get(url).data))
        return {(e["who"], e["action"]) for e in json.loads(bundle.read("access_log.json"))}

    jo_log = access_log(f"/exports/members/{w['jo'].public_id}.zip")
    assert ("Nan Clarke", "network_view_journal_entry") in jo_log
    jordan_log = access_log(f"/exports/young-people/{w['jordan'].public_id}.zip")
    assert ("Nan Clarke", "network_view_plan") in jordan_log
    amy_log = access_log(f"/exports/children/{w['child'].public_id}.zip")
    assert ("Nan Clarke", "network_view_drawing") in amy_log


def test_another_familys_worker_sees_none_of_these_events(app, world, make_worker, make_child):
    w = world
    w["nan_phone"].get(f"/network/journal/{w['entry'].public_id}")
    w["nan_phone"].get("/network")
    w["nan_phone"].get(f"/network/shared/{w['activity'].public_id}")
    for person in (w["child"], w["jo"], w["jordan"]):
        assert "Nan Clarke" in looked(w, person)
    other = make_worker(team=get_or_create_team("Southside"), name="Pat Other")
    their_child = make_child(other, name="Zofia Nowak")
    desk = signed_in(app, other)
    for path in (
        f"/access-log/children/{w['child'].public_id}",
        f"/access-log/members/{w['jo'].public_id}",
        f"/access-log/young-people/{w['jordan'].public_id}",
    ):
        assert desk.get(path).status_code == 404
    own = page_text(desk.get(f"/access-log/children/{their_child.public_id}"))
    assert "Nan Clarke" not in own and "Sam Okafor" not in own
