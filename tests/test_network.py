from sqlalchemy import func, select

from participation.auth.services import get_or_create_team
from participation.extensions import db
from participation.network.models import NetworkInvite, NetworkMember
from tests.helpers import page_text, png_bytes, upload

RULE = "If Mum is drinking, Nan collects Amy from school"


def test_worker_writes_the_safety_plan_with_the_councils_terms(
    client, auth, make_worker, make_child
):
    worker = make_worker()
    amy = make_child(worker, name="Amy Clarke")
    jayden = make_child(worker, name="Jayden Clarke")
    auth.sign_in(worker)
    response = client.post(f"/families/for-child/{amy.public_id}")
    family_url = response.headers["Location"]
    client.post(family_url + "/children", data={"child": jayden.public_id})
    assert "Jayden Clarke" in page_text(client.get(family_url))
    plan_url = family_url + "/plan"
    assert "Danger statement" in page_text(client.get(plan_url))
    client.post(plan_url + "/pairs", data={"statement": "Dad shouts", "goal": "Amy feels safe"})
    client.post(plan_url + "/rules", data={"text": RULE, "who": "Nan"})
    client.post(
        plan_url,
        data={
            "terminology": "wellbeing",
            "safety_object": "Amy's teddy",
            "usual_place": "on her bed",
            "moved_means": "Amy is scared: call Nan",
            "who_acts": "Nan",
        },
    )
    page = page_text(client.get(family_url))
    assert "Worry statement: Dad shouts" in page and "Wellbeing goal: Amy feels safe" in page
    assert RULE in page and "Amy's teddy" in page
    empty = client.post(plan_url + "/rules", data={"text": ""})
    assert empty.status_code == 422


def test_invitation_link_is_confirmed_not_used_by_a_preview_and_works_once(
    app, make_worker, make_child, make_family, make_member
):
    from participation.network.services import issue_invite

    worker = make_worker()
    family = make_family(make_child(worker), worker)
    member = make_member(family, worker)
    _invite, link, code = issue_invite(member)
    db.session.commit()
    preview = app.test_client()
    assert preview.get(f"/join/{link}").status_code == 200  # a link preview fetches it
    phone = app.test_client()
    assert phone.post(f"/join/{link}").status_code == 302
    home = page_text(phone.get("/network"))
    assert "Hello Nan Clarke" in home and RULE in home
    assert app.test_client().post(f"/join/{link}").status_code == 422
    assert app.test_client().post("/join", data={"code": code}).status_code == 422


def test_invitation_code_works_and_a_new_invite_replaces_the_old(
    app, make_worker, make_child, make_family, make_member
):
    from participation.network.services import issue_invite

    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    _i, old_link, old_code = issue_invite(member)
    _i, _link, code = issue_invite(member)
    db.session.commit()
    assert app.test_client().post("/join", data={"code": old_code}).status_code == 422
    assert app.test_client().post(f"/join/{old_link}").status_code == 422
    assert app.test_client().post("/join", data={"code": code.lower()}).status_code == 302
    assert (
        db.session.scalar(
            select(func.count()).select_from(NetworkInvite).filter_by(member_id=member.id)
        )
        == 2
    )


def test_removing_a_member_signs_their_phone_out(
    client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    phone = member_phone(member)
    assert phone.get("/network").status_code == 200
    auth.sign_in(worker)
    client.post(f"/families/members/{member.public_id}/remove")
    assert phone.get("/network").status_code == 404


def test_member_of_one_family_sees_nothing_of_another(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family_a = make_family(make_child(worker, name="Amy Clarke"), worker)
    family_b = make_family(
        make_child(worker, name="Zofia Nowak"), worker, rules=("Tata never drives after drinking",)
    )
    nan = make_member(family_a, worker, name="Nan Clarke")
    babcia = make_member(family_b, worker, name="Babcia Nowak")
    phone_a, phone_b = member_phone(nan), member_phone(babcia)
    entry = phone_b.post(
        "/network/journal/new", data={"plan_worked": "yes", "what_happened": "Quiet week"}
    )
    entry_url = entry.headers["Location"].split("?")[0]
    page_a = page_text(phone_a.get("/network"))
    assert (
        "Tata never drives" not in page_a and "Babcia" not in page_a and "Quiet week" not in page_a
    )
    assert phone_a.get(entry_url).status_code == 404


def test_members_never_see_childrens_work_unless_the_worker_shares_it(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone,
    make_activity, make_code,
):  # fmt: skip
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    family = make_family(child, worker)
    nan = make_member(family, worker, name="Nan Clarke")
    aunt = make_member(family, worker, name="Aunt Jo")
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": "I hide in my room"},
    )
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/finish")
    nan_phone, aunt_phone = member_phone(nan), member_phone(aunt)
    shared_url = f"/network/shared/{activity.public_id}"
    assert nan_phone.get(shared_url).status_code == 404
    assert nan_phone.get(f"/activities/{activity.public_id}").status_code == 404

    auth.sign_in(worker)
    client.post(f"/families/share/{activity.public_id}", data={"member": nan.public_id})
    page = nan_phone.get(shared_url)
    assert page.status_code == 200 and "I hide in my room" in page_text(page)
    drawing = page.get_data(as_text=True).split('src="/network/shared/')[1].split('"')[0]
    with nan_phone.get("/network/shared/" + drawing) as image:
        assert image.status_code == 200 and image.headers["Cache-Control"] == "private, no-store"
    assert aunt_phone.get(shared_url).status_code == 404
    assert aunt_phone.get("/network/shared/" + drawing).status_code == 404
    client.post(
        f"/families/share/{activity.public_id}", data={"member": nan.public_id, "action": "stop"}
    )
    assert nan_phone.get(shared_url).status_code == 404


def test_contact_details_and_child_details_stay_with_the_worker(
    make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    nan = make_member(family, worker, name="Nan Clarke")
    make_member(family, worker, name="Uncle Ray", contact="07700 900222", shared=True)
    make_member(family, worker, name="Aunt Jo", contact="07700 900333")
    page = page_text(member_phone(nan).get("/network"))
    assert "Uncle Ray" in page and "07700 900222" in page  # shared by the worker
    assert "Aunt Jo" in page and "07700 900333" not in page  # not shared
    assert "REF-" not in page and "2017" not in page  # no case reference or date of birth


def test_workers_outside_the_team_cannot_reach_the_family(
    client, auth, make_worker, make_child, make_family, make_member
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    member = make_member(family, worker)
    outsider = make_worker(team=get_or_create_team("Southside"))
    db.session.commit()
    auth.sign_in(outsider)
    for url in (f"/families/{family.public_id}", f"/families/{family.public_id}/plan",
                f"/journal/family/{family.public_id}"):  # fmt: skip
        assert client.get(url).status_code == 404
    assert client.post(f"/families/members/{member.public_id}/invite").status_code == 404
    assert client.post(f"/families/members/{member.public_id}/remove").status_code == 404
    assert db.session.get(NetworkMember, member.id).removed_at is None


def test_a_rule_with_journal_entries_cannot_be_deleted(
    client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    phone = member_phone(make_member(family, worker))
    rule = family.plan.rules[0]
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "rules": [rule.public_id], "what_happened": "Kept"},
    )
    auth.sign_in(worker)
    response = client.post(f"/families/{family.public_id}/plan/rules/{rule.id}/delete")
    assert response.status_code == 409
    assert "other records depend on it" in page_text(response)
    assert RULE in page_text(client.get(f"/families/{family.public_id}/plan"))


def test_plan_form_errors_keep_the_rest_of_the_plan_on_screen(
    client, auth, make_worker, make_child, make_family
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    auth.sign_in(worker)
    url = f"/families/{family.public_id}/plan"
    client.post(url, data={"terminology": "safety", "safety_object": "Amy's teddy"})
    response = client.post(url + "/pairs", data={"statement": "", "goal": ""})
    assert response.status_code == 422
    assert 'value="Amy&#39;s teddy"' in response.get_data(as_text=True)
