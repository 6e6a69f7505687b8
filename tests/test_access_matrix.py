"""Every route, as every kind of person, with another family's IDs: nothing of theirs leaks,
nothing of theirs changes, and nothing crashes."""

import io

import pytest

from participation.activities.models import Activity, Status, WorryAlert
from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.codes.models import SignInCode
from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.network.models import NetworkMember
from participation.pathway.models import AgreedPlanVersion, PathwayAction, Suggestion
from participation.pathway.services import agree, plan_for, save_section, suggest
from tests.helpers import PASSWORD, png_bytes, upload

SECRET = "ZZ-SECRET-OF-FAMILY-B"
# Pages anyone may open: they must still show nothing of family B.
PUBLIC = {
    "children.home", "auth.sign_in", "codes.start", "activities.thanks", "activities.help_now",
    "network.join", "network.join_link", "network.join_with_link", "pathway.join",
    "pathway.join_link", "pathway.sign_in", "pathway.sign_in_code", "pathway.sign_out",
    "auth.sign_out",
}  # fmt: skip
REFUSED = {302, 400, 401, 403, 404, 405, 409, 422}


@pytest.fixture
def family_b(app, make_worker, make_child, make_activity, make_code, make_family, make_member,
             member_phone, make_young_person):  # fmt: skip
    """Everything a second family has, in another team, with a secret in every text."""
    team = get_or_create_team("Southside")
    db.session.commit()
    worker = make_worker(team=team, name="Worker B")
    child = make_child(worker, name=f"Child {SECRET}")
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": SECRET}
    )
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/worry")
    tablet.post(f"/activities/{activity.public_id}/finish")
    make_code(make_activity(child, worker), worker)
    family = make_family(child, worker, rules=(f"Rule {SECRET}",))
    member = make_member(family, worker, name=f"Member {SECRET}")
    phone = member_phone(member)
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": SECRET,
              "photo": (io.BytesIO(png_bytes()), "p.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    person = make_young_person(worker, name=f"Young {SECRET}")
    save_section(person, "health", 0, {"in_my_words": SECRET, "want_to_achieve": "",
                                       "scale": None, "shared_with_network": False})  # fmt: skip
    suggestion = suggest(person, "health", "in_my_words", SECRET, worker)
    db.session.flush()
    from participation.pathway.services import add_action

    action = add_action(person, "health", SECRET, "", None, "personal_adviser", "Worker B")
    agree(person, "young_person")
    agree(person, "personal_adviser")
    db.session.commit()
    plan_for(person)
    return {
        "child_id": child.public_id,
        "activity_id": activity.public_id,
        "drawing_id": activity.drawings[0].public_id,
        "code_id": db.session.query(SignInCode).first().id,
        "alert_id": db.session.query(WorryAlert).one().public_id,
        "family_id": family.public_id,
        "member_id": member.public_id,
        "entry_id": db.session.query(JournalEntry).one().public_id,
        "attachment_id": db.session.query(JournalAttachment).one().public_id,
        "person_id": person.public_id,
        "suggestion_id": suggestion.public_id,
        "action_id": action.public_id,
        "version_id": db.session.query(AgreedPlanVersion).one().public_id,
        "item_id": family.plan.rules[0].id,
        "object_id": activity.public_id,
        "file_id": activity.drawings[0].public_id,
        "kind": "rules",
        "slug": "health",
        "area": "worries",
        "token": "not-a-real-token",
    }


@pytest.fixture
def people_of_family_a(app, make_worker, make_child, make_activity, make_code, make_family,
                       make_member, member_phone, make_young_person, yp_phone):  # fmt: skip
    """One test client for each kind of person who is not part of family B."""
    worker = make_worker(name="Worker A")
    clients = {"anonymous": app.test_client()}
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PERSONAL_ADVISER, Role.ADMIN,
                 Role.INTERPRETER):  # fmt: skip
        staff = worker if role == Role.SOCIAL_WORKER else make_worker(role=role)
        client = app.test_client()
        client.post("/sign-in", data={"email": staff.email, "password": PASSWORD})
        clients[role.value] = client
    child = make_child(worker, name="Amy Clarke")
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(make_activity(child, worker), worker)})
    clients["child"] = tablet
    family = make_family(child, worker)
    clients["network member"] = member_phone(make_member(family, worker))
    clients["young person"] = yp_phone(make_young_person(worker, name="Jordan Reid"))
    return clients


def urls(app, ids):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {arg: ids[arg] for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        # Only identifiers of family B's things count; a page like /my-plan/<slug> is the
        # person's own and may well open.
        names_b = bool(set(rule.arguments) - {"slug", "area", "kind"})
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule.endpoint, method, url, names_b


def test_nobody_outside_family_b_can_read_or_change_its_records(app, family_b, people_of_family_a):
    checked = 0
    for who, client in people_of_family_a.items():
        for endpoint, method, url, names_b in urls(app, family_b):
            if endpoint in ("auth.sign_out", "pathway.sign_out") and method == "POST":
                continue  # would only sign this test client out
            response = client.open(url, method=method, data={})
            where = f"{who} {method} {url}"
            body = response.get_data().decode("utf-8", errors="replace")
            assert response.status_code != 500, where
            assert SECRET not in body, where
            if names_b and endpoint not in PUBLIC:
                assert response.status_code in REFUSED, f"{where} -> {response.status_code}"
            response.close()
            checked += 1
    assert checked > 400
    # And nothing of family B's changed.
    db.session.expire_all()
    activity = db.session.query(Activity).filter_by(public_id=family_b["activity_id"]).one()
    assert activity.status == Status.SUBMITTED and activity.areas[0].child_words == SECRET
    alert = db.session.query(WorryAlert).filter_by(public_id=family_b["alert_id"]).one()
    assert alert.acknowledged_at is None
    assert (
        db.session.query(NetworkMember).filter_by(public_id=family_b["member_id"]).one().removed_at
        is None
    )
    assert db.session.query(Suggestion).one().status == "open"
    assert db.session.query(PathwayAction).one().done is False
    assert all(code.revoked_at is None for code in db.session.query(SignInCode))
