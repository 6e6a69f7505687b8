"""The rest of the family's plan (issue #15): members and parents propose the safety object and
a new danger statement with its goal; the worker reads a proposal's translation beside it; the
proposer reads the worker's answer in their language; a member's sentence in their language
goes to the council's engine like a journal entry; and a mostly empty plan is agreed only once
the worker confirms (issue #18)."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.network.models import PlanPair, PlanProposal, SafetyPlan
from participation.network.version_models import SafetyPlanVersion
from participation.translation.models import Translation
from tests.helpers import page_text

MACHINE_LABEL = "Translated by a computer, so it may have mistakes."
STATEMENT = "Mama pije, kiedy jest sama w domu"
GOAL = "Amy zawsze ma dorosłego, który jest trzeźwy"


@pytest.fixture
def engine(app):
    """The council's own engine, switched on for English and Polish."""
    app.config["MACHINE_TRANSLATION_PROVIDER"] = "tests.test_translation.fake_engine"
    app.config["MACHINE_TRANSLATION_LANGUAGES"] = ["en", "pl"]
    yield
    app.config["MACHINE_TRANSLATION_PROVIDER"] = ""


def _propose(phone, part, text, goal="", target=""):
    return phone.post(
        "/network/proposals", data={"part": part, "target": target, "text": text, "goal": goal}
    )


def _proposal(member) -> PlanProposal:
    return db.session.scalars(
        select(PlanProposal).filter_by(member_id=member.id).order_by(PlanProposal.id.desc())
    ).first()


def _answer(client, family, proposal, **data):
    return client.post(
        f"/families/{family.public_id}/plan/proposals/{proposal.public_id}", data=data
    )


def test_a_parent_proposes_a_new_statement_with_its_goal_and_the_worker_edits_the_goal(
    client, auth, member_phone, family_with_parent
):
    worker, family, _nana, kasia = family_with_parent
    phone = member_phone(kasia)
    form = page_text(phone.get("/network/propose?part=pair"))
    with force_locale("pl"):
        assert gettext("What you want to happen instead") in form
    # A statement without its goal comes back with the words kept.
    missing = _propose(phone, "pair", STATEMENT)
    assert missing.status_code == 422 and STATEMENT in missing.get_data(as_text=True)
    assert _propose(phone, "pair", STATEMENT, GOAL).status_code == 302
    proposal = _proposal(kasia)
    assert (proposal.part, proposal.text, proposal.goal_text) == ("pair", STATEMENT, GOAL)
    # A pair is always new: it can never name a sentence to change.
    assert phone.get("/network/propose?part=pair&target=1").status_code == 404

    auth.sign_in(worker)
    page = page_text(client.get(f"/families/{family.public_id}/plan"))
    assert STATEMENT in page and GOAL in page and "Kasia Nowak (parent)" in page
    no_goal = _answer(client, family, proposal, action="edit", text=STATEMENT, goal=" ")
    assert no_goal.status_code == 422
    edited_goal = "Amy ma zawsze trzeźwego dorosłego obok"
    _answer(client, family, proposal, action="edit", text=STATEMENT, goal=edited_goal)
    pair = db.session.scalars(select(PlanPair).filter_by(statement=STATEMENT)).one()
    assert (pair.statement, pair.goal) == (STATEMENT, edited_goal)
    assert (pair.written_by_kind, pair.written_by_name, pair.language) == (
        "parent",
        "Kasia Nowak",
        "pl",
    )
    assert (pair.goal_written_by_name, pair.goal_edited_by_name) == ("Kasia Nowak", "Sam Okafor")
    db.session.refresh(proposal)
    assert (proposal.status, proposal.final_goal_text) == ("edited", edited_goal)
    assert edited_goal in page_text(phone.get("/network/proposals"))


def test_a_member_proposes_the_safety_object_and_it_keeps_her_name(
    client, auth, member_phone, family_with_parent
):
    worker, family, nana, _kasia = family_with_parent
    phone = member_phone(nana)
    assert phone.get("/network/propose?part=object").status_code == 200
    assert phone.get("/network/propose?part=object&target=x").status_code == 404
    _propose(phone, "object", "Amy's blue teddy in the front window")
    proposal = _proposal(nana)
    auth.sign_in(worker)
    page = page_text(client.get(f"/families/{family.public_id}/plan"))
    assert "The safety object" in page and "Amy's blue teddy in the front window" in page
    _answer(client, family, proposal, action="accept")
    plan = db.session.scalars(select(SafetyPlan)).one()
    assert plan.safety_object == "Amy's blue teddy in the front window"
    assert (plan.object_written_by_kind, plan.object_written_by_name) == ("member", "Nana Joy")
    assert plan.object_written_by_member_id == nana.id and plan.object_chosen_by_child_id is None
    # The next version (and the record entry it becomes) names her as the object's author.
    client.post(f"/families/{family.public_id}/plan/versions/agree", data={"confirm": "1"})
    version = db.session.scalars(
        select(SafetyPlanVersion).where(SafetyPlanVersion.agreed_at.is_not(None))
    ).one()
    by = version.content["safety_object"]["object"]["by"]
    assert (by["kind"], by["name"], by["member"]) == ("member", "Nana Joy", nana.public_id)
    # The worker changing the words makes them the worker's.
    client.post(
        f"/families/{family.public_id}/plan",
        data={"terminology": "safety", "safety_object": "The teddy", "chosen_by": ""},
    )
    db.session.refresh(plan)
    assert (plan.object_written_by_kind, plan.object_written_by_name) == ("worker", "Sam Okafor")


def test_the_worker_reads_a_polish_proposal_beside_its_machine_translation(
    client, auth, member_phone, family_with_parent, engine
):
    worker, family, _nana, kasia = family_with_parent
    _propose(member_phone(kasia), "pair", STATEMENT, GOAL)
    assert run_jobs() >= 2  # the engine, not the interpreters' queue, and not on her request
    auth.sign_in(worker)
    page = page_text(client.get(f"/families/{family.public_id}/plan"))
    assert STATEMENT in page  # her words as written
    assert f"[pl->en] {STATEMENT}" in page and f"[pl->en] {GOAL}" in page
    assert MACHINE_LABEL in page
    queued = select(func.count()).where(Translation.status == "requested")
    assert db.session.scalar(queued) == 0


def test_a_members_sentence_in_her_language_goes_to_the_engine_like_a_journal_entry(
    client, auth, member_phone, family_with_parent, engine
):
    worker, family, nana, kasia = family_with_parent
    nana.language = "en"
    db.session.commit()
    _propose(member_phone(kasia), "red_flag", "Amy nie chce iść do szkoły")
    run_jobs()
    auth.sign_in(worker)
    _answer(client, family, _proposal(kasia), action="accept")
    run_jobs()
    rows = db.session.scalars(
        select(Translation).where(Translation.field.like("item:%:text"))
    ).all()
    assert rows and all(r.translator_kind == "machine" and r.status == "done" for r in rows)
    assert {(r.source_language, r.target_language) for r in rows} == {("pl", "en")}
    assert "[pl->en] Amy nie chce iść do szkoły" in page_text(member_phone(nana).get("/network"))


def test_without_an_engine_her_sentence_waits_for_an_interpreter(
    client, auth, member_phone, family_with_parent
):
    worker, family, _nana, kasia = family_with_parent
    _propose(member_phone(kasia), "trigger", "Piątki po wypłacie")
    rows = db.session.scalars(select(Translation)).all()
    assert rows and all(r.translator_kind == "" and r.status == "requested" for r in rows)


def test_the_proposer_reads_the_decline_reason_in_her_language_labelled(
    client, auth, member_phone, family_with_parent, engine
):
    worker, family, _nana, kasia = family_with_parent
    phone = member_phone(kasia)
    _propose(phone, "network_contingency", "Tata może przychodzić w niedziele")
    auth.sign_in(worker)
    reason = "The court order says no visits yet."
    _answer(client, family, _proposal(kasia), action="decline", reason=reason)
    run_jobs()
    mine = page_text(phone.get("/network/proposals"))
    with force_locale("pl"):
        label = gettext(MACHINE_LABEL)
    assert f"[en->pl] {reason}" in mine and label in mine
    assert reason in mine  # the worker's own words one tap away


def test_words_the_worker_rewrote_in_english_reach_the_proposer_in_polish(
    client, auth, member_phone, family_with_parent, engine
):
    worker, family, _nana, kasia = family_with_parent
    phone = member_phone(kasia)
    _propose(phone, "trigger", "Piątki po wypłacie")
    proposal = _proposal(kasia)
    auth.sign_in(worker)
    _answer(client, family, proposal, action="edit", text="Fridays after payday", language="en")
    run_jobs()
    db.session.refresh(proposal)
    assert (proposal.status, proposal.final_language) == ("edited", "en")
    item = family.plan.items[0]
    assert (item.language, item.written_by_name, item.edited_by_name) == (
        "en", "Kasia Nowak", "Sam Okafor",
    )  # fmt: skip
    assert "[en->pl] Fridays after payday" in page_text(phone.get("/network/proposals"))


def test_no_member_can_propose_a_bottom_line(member_phone, family_with_parent):
    _worker, _family, nana, _kasia = family_with_parent
    phone = member_phone(nana)
    assert phone.get("/network/propose?part=bottom_line").status_code == 404
    assert _propose(phone, "bottom_line", "No more visits").status_code == 404


def test_a_mostly_empty_plan_is_agreed_only_after_a_plain_warning(
    client, auth, make_worker, make_child, make_family
):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    auth.sign_in(worker)
    url = f"/families/{family.public_id}/plan/versions/agree"
    warned = client.post(url)
    text = page_text(warned)
    assert warned.status_code == 200 and "Most of this plan is empty" in text
    assert "Red flags to look for" in text and "Agree it anyway" in text
    agreed = select(func.count()).where(SafetyPlanVersion.agreed_at.is_not(None))
    assert db.session.scalar(agreed) == 0
    assert client.post(url, data={"confirm": "1"}).status_code == 302
    assert db.session.scalar(agreed) == 1
    assert db.session.scalar(select(AuditEvent).filter_by(action="agree_safety_plan"))


def test_a_plan_with_most_parts_written_is_agreed_at_once(
    client, auth, make_worker, make_child, make_family
):
    from participation.network.services import add_item, add_pair, plan_for

    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    plan = plan_for(family)
    add_pair(plan, "Mum drinks", "Amy is always with a sober adult")
    for kind in ("network_contingency", "timeline", "trigger", "red_flag"):
        add_item(plan, kind, f"Words for {kind}")
    plan.safety_object = "Teddy"
    db.session.commit()
    auth.sign_in(worker)
    response = client.post(f"/families/{family.public_id}/plan/versions/agree")
    assert response.status_code == 302
