"""Members and parents propose words for the plan on their phones; the worker accepts,
edits then accepts, or declines; every accepted sentence keeps who wrote it."""

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.network.models import PlanItem, PlanProposal, PlanRule
from tests.helpers import page_text

RULE = "If Mum is drinking, Nan collects Amy from school"


@pytest.fixture
def changes(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(
        "participation.network.services.record_change", lambda plan, by: calls.append(by)
    )
    return calls


def _propose(phone, part, text, target="", key=None):
    data = {"part": part, "target": target, "text": text}
    if key:
        data["client_key"] = key
    return phone.post("/network/proposals", data=data)


def _proposal(**filters):
    return db.session.scalar(select(PlanProposal).filter_by(**filters))


def test_a_parents_new_sentence_is_accepted_in_her_words_and_language(
    client, auth, member_phone, family_with_parent, changes
):
    worker, family, _nana, kasia = family_with_parent
    phone = member_phone(kasia)
    assert phone.get("/network/propose").status_code == 200
    assert phone.get("/network/propose?part=red_flag").status_code == 200
    text = "Amy nie chce iść do szkoły"
    response = _propose(phone, "red_flag", text, key="k1")
    assert response.status_code == 302
    proposal = _proposal(member_id=kasia.id)
    assert (proposal.status, proposal.language) == ("open", "pl")
    assert db.session.scalar(
        select(AuditEvent).filter_by(action="propose_plan_wording", detail=proposal.public_id)
    )
    assert text in page_text(phone.get("/network/proposals"))

    auth.sign_in(worker)
    plan_url = f"/families/{family.public_id}/plan"
    page = page_text(client.get(plan_url))
    assert "Proposed by the network" in page and text in page and "Kasia Nowak (parent)" in page
    changes.clear()
    client.post(f"{plan_url}/proposals/{proposal.public_id}", data={"action": "accept"})
    item = db.session.scalar(select(PlanItem).filter_by(kind="red_flag"))
    assert item.text == text
    assert (item.written_by_kind, item.written_by_name, item.language) == (
        "parent",
        "Kasia Nowak",
        "pl",
    )
    assert item.written_by_member_id == kasia.id
    assert changes == ["Kasia Nowak (parent)"]
    db.session.refresh(proposal)
    assert proposal.status == "accepted"
    # Accepted once: a second answer finds nothing open.
    again = client.post(f"{plan_url}/proposals/{proposal.public_id}", data={"action": "accept"})
    assert again.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(PlanItem)) == 1
    page = page_text(client.get(plan_url))
    assert "Written by Kasia Nowak (parent)" in page and "written in Polish" in page
    # Kept as written: her Polish is not sent to be translated from English.
    from participation.network.services import plan_texts

    assert all(t != text for _f, t in plan_texts(family))
    home = page_text(phone.get("/network"))
    # Her phone is in Polish: her words as she wrote them, and who wrote them, in Polish.
    assert text in home and "Napisał(a): Kasia Nowak (rodzic)" in home
    assert "W planie, bez zmian." in page_text(phone.get("/network/proposals"))  # "as you wrote it"


def test_a_change_to_a_rule_is_edited_then_accepted_and_keeps_the_proposer(
    client, auth, member_phone, family_with_parent
):
    worker, family, nana, _kasia = family_with_parent
    rule = family.plan.rules[0]
    phone = member_phone(nana)
    assert RULE in page_text(phone.get(f"/network/propose?part=rule&target={rule.public_id}"))
    _propose(phone, "rule", "Nan or Aunt Hodan collects Amy", target=rule.public_id, key="k")
    proposal = _proposal(member_id=nana.id)
    auth.sign_in(worker)
    plan_url = f"/families/{family.public_id}/plan"
    assert RULE in page_text(client.get(plan_url))  # the words it would change
    empty = client.post(
        f"{plan_url}/proposals/{proposal.public_id}", data={"action": "edit", "text": " "}
    )
    assert empty.status_code == 422
    client.post(
        f"{plan_url}/proposals/{proposal.public_id}",
        data={"action": "edit", "text": "If Mum is drinking, Nan or Aunt Hodan collects Amy"},
    )
    db.session.refresh(proposal)
    rule = db.session.get(PlanRule, rule.id)
    assert rule.text == "If Mum is drinking, Nan or Aunt Hodan collects Amy"
    assert (rule.written_by_kind, rule.written_by_name) == ("member", "Nana Joy")
    assert (proposal.status, proposal.final_text) == ("edited", rule.text)
    assert "Written by Nana Joy (Grandmother)" in page_text(client.get(plan_url))
    assert "with some changes" in page_text(phone.get("/network/proposals"))


def test_a_declined_proposal_shows_the_reason_to_the_proposer(
    client, auth, member_phone, family_with_parent
):
    worker, family, nana, _kasia = family_with_parent
    phone = member_phone(nana)
    _propose(phone, "network_contingency", "Dad can come round on Sundays")
    proposal = _proposal(member_id=nana.id)
    auth.sign_in(worker)
    client.post(
        f"/families/{family.public_id}/plan/proposals/{proposal.public_id}",
        data={"action": "decline", "reason": "The court order says no visits yet."},
    )
    db.session.refresh(proposal)
    assert proposal.status == "declined"
    assert db.session.scalar(select(func.count()).select_from(PlanItem)) == 0
    assert db.session.scalar(
        select(AuditEvent).filter_by(action="decline_plan_proposal", detail=proposal.public_id)
    )
    mine = page_text(phone.get("/network/proposals"))
    assert "Not put in the plan." in mine and "The court order says no visits yet." in mine


def test_a_second_identical_tap_makes_one_proposal_and_empty_words_are_refused(
    member_phone, family_with_parent
):
    _worker, _family, nana, _kasia = family_with_parent
    phone = member_phone(nana)
    for _tap in range(2):
        assert _propose(phone, "trigger", "Payday Fridays", key="same-key").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PlanProposal)) == 1
    assert _propose(phone, "trigger", "", key="other").status_code == 422
    assert _propose(phone, "nonsense", "words", key="third").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(PlanProposal)) == 1


def test_a_parent_of_family_a_cannot_propose_to_or_see_family_b(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone,
    family_with_parent,
):  # fmt: skip
    worker_a, family_a, _nana, kasia = family_with_parent
    worker_b = make_worker(name="Other Worker")
    family_b = make_family(
        make_child(worker_b, name="Ben Smith"), worker_b, rules=("Ben's own private rule",)
    )
    stranger = make_member(family_b, worker_b, name="Bob Smith")
    b_rule = family_b.plan.rules[0]
    phone = member_phone(kasia)
    # B's sentences are not targets for A's parent, nor shown.
    assert phone.get(f"/network/propose?part=rule&target={b_rule.public_id}").status_code == 404
    assert _propose(phone, "rule", "Mine now", target=b_rule.public_id).status_code == 404
    assert "Ben's own private rule" not in page_text(phone.get("/network"))
    assert "Ben's own private rule" not in page_text(phone.get("/network/propose"))
    # B's member's proposal is not A's parent's to see, nor A's worker's to answer.
    b_phone = member_phone(stranger)
    _propose(b_phone, "red_flag", "Secret words of family B", key="b")
    b_proposal = _proposal(member_id=stranger.id)
    assert "Secret words of family B" not in page_text(phone.get("/network/proposals"))
    auth.sign_in(worker_a)
    assert "Secret words of family B" not in page_text(
        client.get(f"/families/{family_a.public_id}/plan")
    )
    answer = client.post(
        f"/families/{family_a.public_id}/plan/proposals/{b_proposal.public_id}",
        data={"action": "accept"},
    )
    assert answer.status_code == 404
    assert client.get(f"/families/{family_b.public_id}/plan").status_code == 404
    db.session.refresh(b_proposal)
    assert b_proposal.status == "open"


def test_a_change_to_a_rule_journal_entries_use_is_refused_and_stays_open(
    client, auth, member_phone, family_with_parent
):
    worker, family, nana, _kasia = family_with_parent
    rule = family.plan.rules[0]
    phone = member_phone(nana)
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "rules": [rule.public_id], "what_happened": "Kept"},
    )
    _propose(phone, "rule", "Other words", target=rule.public_id, key="r")
    proposal = _proposal(member_id=nana.id)
    auth.sign_in(worker)
    response = client.post(
        f"/families/{family.public_id}/plan/proposals/{proposal.public_id}",
        data={"action": "accept"},
    )
    assert response.status_code == 409 and "journal entries already" in page_text(response)
    db.session.expire_all()
    assert db.session.get(PlanRule, rule.id).text == RULE
    assert db.session.get(PlanProposal, proposal.id).status == "open"
