"""The plan's other parts (bottom lines, contingencies, timeline, triggers, red flags, next
review), who wrote each sentence, parents in the network, and the parts in members' languages."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.extensions import db
from participation.network.models import NetworkMember, PlanItem
from participation.network.plan_review import today
from participation.translation.models import Translation
from tests.helpers import page_text


@pytest.fixture
def changes(monkeypatch):
    """Every change to the plan calls the versions helper's record_change."""
    calls: list[str] = []
    monkeypatch.setattr(
        "participation.network.services.record_change", lambda plan, by: calls.append(by)
    )
    return calls


def _item(kind):
    return db.session.scalar(select(PlanItem).filter_by(kind=kind))


def test_worker_writes_every_part_and_each_sentence_says_who_wrote_it(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone, changes
):
    worker = make_worker(name="Sam Okafor")
    amy = make_child(worker, name="Amy Clarke")
    family = make_family(amy, worker)
    nan = make_member(family, worker, name="Nana Joy")
    changes.clear()
    auth.sign_in(worker)
    plan_url = f"/families/{family.public_id}/plan"
    parts = {
        "bottom_line": "Dad does not live at home while he is drinking",
        "council_contingency": "If the plan breaks down the council goes to court",
        "network_contingency": "If Nan is ill, Aunt Hodan collects Amy",
        "trigger": "Friday evenings after payday",
        "red_flag": "Amy not at school on Monday",
    }
    for kind, text in parts.items():
        assert client.post(f"{plan_url}/parts/{kind}", data={"text": text}).status_code == 302
    client.post(
        f"{plan_url}/parts/timeline",
        data={"text": "Dad finishes the alcohol course", "who": "Dad", "by_when": "2027-03-01"},
    )
    assert changes[-1] == "Sam Okafor (social worker)" and len(changes) == 6
    timeline = _item("timeline")
    assert (timeline.who, timeline.by_when) == ("Dad", date(2027, 3, 1))
    assert (timeline.written_by_kind, timeline.written_by_name) == ("worker", "Sam Okafor")
    page = page_text(client.get(plan_url))
    assert all(text in page for text in parts.values())
    assert "Timeline to closure" in page and "Written by Sam Okafor (social worker)" in page

    # Empty words are refused on the part's own form.
    assert client.post(f"{plan_url}/parts/red_flag", data={"text": ""}).status_code == 422
    assert client.post(f"{plan_url}/parts/nonsense", data={"text": "x"}).status_code == 404

    # Change one and remove one.
    flag = _item("red_flag")
    client.post(f"{plan_url}/parts/red_flag/{flag.id}", data={"text": "Amy misses school"})
    db.session.refresh(flag)
    assert flag.text == "Amy misses school"
    trigger = _item("trigger")
    client.post(f"{plan_url}/items/{trigger.id}/delete")
    assert _item("trigger") is None
    assert len(changes) == 8

    # The safety object, the child who chose it, and the next review date (within a month).
    review_on = today() + timedelta(days=20)
    client.post(
        plan_url,
        data={"terminology": "safety", "safety_object": "Amy's teddy",
              "chosen_by": str(amy.id), "next_review_on": review_on.isoformat()},
    )  # fmt: skip
    db.session.refresh(family.plan)
    assert family.plan.object_chosen_by_child_id == amy.id
    assert family.plan.next_review_on == review_on

    # The member's phone shows every part, with authors.
    home = page_text(member_phone(nan).get("/network"))
    assert "Amy misses school" in home and "Bottom lines" in home
    assert "Written by Sam Okafor (social worker)" in home
    assert "Chosen by Amy" in home and "Next review:" in home


def test_a_manager_sets_a_bottom_line_and_it_says_so(
    client, auth, make_worker, make_child, make_family
):
    worker = make_worker()
    manager = make_worker(role=Role.TEAM_MANAGER, name="Priya Shah")
    family = make_family(make_child(worker), worker)
    auth.sign_in(manager)
    plan_url = f"/families/{family.public_id}/plan"
    client.post(f"{plan_url}/parts/bottom_line", data={"text": "No contact with Dad at night"})
    line = _item("bottom_line")
    assert line.written_by_kind == "manager"
    assert "Written by Priya Shah (team manager)" in page_text(client.get(plan_url))


def test_a_parent_is_added_invited_and_signs_in_like_a_member(
    app, client, auth, make_worker, make_child, make_family
):
    from participation.network.services import issue_invite

    worker = make_worker()
    family = make_family(make_child(worker), worker)
    auth.sign_in(worker)
    client.post(
        f"/families/{family.public_id}/members",
        data={"name": "Kim Clarke", "relationship": "Mum", "language": "en", "role": "parent"},
    )
    kim = db.session.scalar(select(NetworkMember).filter_by(name="Kim Clarke"))
    assert kim.role == "parent"
    assert "parent · Mum" in page_text(client.get(f"/families/{family.public_id}"))
    _invite, link, _code = issue_invite(kim)
    db.session.commit()
    phone = app.test_client()
    assert phone.post(f"/join/{link}").status_code == 302
    home = page_text(phone.get("/network"))
    assert "Hello Kim Clarke" in home
    assert phone.get("/network/journal/new").status_code == 200
    # Only the two roles there are.
    odd = client.post(
        f"/families/{family.public_id}/members",
        data={"name": "Lee", "relationship": "Friend", "language": "en", "role": "boss"},
    )
    assert odd.status_code == 422


def test_the_new_parts_are_asked_for_in_each_members_language(
    client, auth, make_worker, make_child, make_family
):
    from participation.network.services import plan_reading, plan_texts

    worker = make_worker()
    family = make_family(make_child(worker), worker)
    auth.sign_in(worker)
    client.post(
        f"/families/{family.public_id}/members",
        data={"name": "Hodan", "relationship": "Aunt", "language": "so"},
    )
    client.post(
        f"/families/{family.public_id}/plan/parts/red_flag",
        data={"text": "Amy is not at school", "who": "Nan"},
    )
    flag = _item("red_flag")
    field = f"item:{flag.public_id}:text"
    assert (field, "Amy is not at school") in plan_texts(family)
    asked = db.session.scalar(select(Translation).filter_by(field=field, target_language="so"))
    assert asked is not None and asked.source_text == "Amy is not at school"
    asked.status, asked.text, asked.translator_name = "done", "Amy ma joogto dugsiga", "Ayaan"
    db.session.commit()
    reading = plan_reading(family, "so")
    assert reading[field].translation.text == "Amy ma joogto dugsiga"
