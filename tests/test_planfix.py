"""Review gaps in the family's safety plan (issue #15): the next review within a month on the
plan form too, one agreement for a double tap, a statement with scaling answers kept, each
part of a pair and a rule with its own author, and edited proposals credited to both."""

from datetime import timedelta

from sqlalchemy import select

from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.network.models import PlanPair
from participation.network.plan_review import today
from participation.network.services import plan_for
from participation.network.version_models import SafetyPlanVersion

# The plan here is mostly empty: the worker confirms they mean to agree it anyway.
CONFIRM = {"confirm": "1"}


def _plan_url(family):
    return f"/families/{family.public_id}/plan"


def test_the_plan_form_refuses_a_next_review_more_than_a_month_away(
    client, auth, make_worker, make_child, make_family
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    auth.sign_in(worker)
    far = (today() + timedelta(days=45)).isoformat()
    refused = client.post(_plan_url(family), data={"terminology": "safety", "next_review_on": far})
    assert refused.status_code == 422
    assert "Choose a date for the next review within 30 days." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert plan_for(family).next_review_on is None

    soon = today() + timedelta(days=10)
    saved = client.post(
        _plan_url(family), data={"terminology": "safety", "next_review_on": soon.isoformat()}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert plan_for(family).next_review_on == soon


def test_a_double_tap_on_agree_the_reviewed_plan_makes_one_version_and_one_entry(
    client, auth, make_worker, make_child, make_family
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    auth.sign_in(worker)
    url = f"/families/{family.public_id}/plan/review"
    # Most of this plan is empty: the double tap is on "Agree it anyway".
    first = client.post(url, data={"confirm": "1"})
    second = client.post(url, data={"confirm": "1"})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    reviews = db.session.scalars(
        select(SafetyPlanVersion).filter_by(family_id=family.id, is_review=True)
    ).all()
    assert len(reviews) == 1
    entries = db.session.scalars(select(RecordEntry).filter_by(kind="safety_version")).all()
    assert len(entries) == 1


def test_a_statement_with_scaling_answers_is_kept(
    client, auth, make_worker, make_child, make_family, make_member
):
    from participation.planscales.models import PlanScaleAnswer, ScalingRound

    worker = make_worker()
    family = make_family(make_child(worker), worker)
    nan = make_member(family, worker)
    pair = plan_for(family).pairs[0]
    scaling = ScalingRound(family_id=family.id, meeting_on=today(), opened_by_id=worker.id)
    db.session.add(scaling)
    db.session.flush()
    db.session.add(PlanScaleAnswer(round_id=scaling.id, pair_id=pair.id, member_id=nan.id, value=6))
    db.session.commit()
    auth.sign_in(worker)
    refused = client.post(f"{_plan_url(family)}/pairs/{pair.id}/delete")
    assert refused.status_code == 409
    db.session.expire_all()
    assert db.session.get(PlanPair, pair.id) is not None


def test_accepting_a_goal_keeps_the_statements_author_and_the_record_says_so(
    client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    from participation.network.models import PlanProposal
    from participation.network.versions import latest_version

    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker), worker)
    nana = make_member(family, worker, name="Nana Joy")
    pair = plan_for(family).pairs[0]
    sent = member_phone(nana).post(
        "/network/proposals", data={"part": "goal", "target": str(pair.id), "text": "Amy sleeps"}
    )
    assert sent.status_code == 302
    proposal = db.session.scalar(select(PlanProposal))
    auth.sign_in(worker)
    client.post(f"{_plan_url(family)}/proposals/{proposal.public_id}", data={"action": "accept"})
    db.session.expire_all()
    pair = db.session.get(PlanPair, pair.id)
    assert pair.goal == "Amy sleeps"
    assert (pair.goal_written_by_name, pair.goal_written_by_member_id) == ("Nana Joy", nana.id)
    assert pair.written_by_name == "" and pair.written_by_member_id is None
    content = latest_version(family.id).content["pairs"][0]
    assert content["goal"]["by"]["name"] == "Nana Joy"
    assert content["statement"]["by"]["name"] == ""


def test_members_cannot_propose_bottom_lines_or_the_councils_contingency(
    make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    phone = member_phone(make_member(family, worker))
    for part in ("bottom_line", "council_contingency"):
        sent = phone.post("/network/proposals", data={"part": part, "text": "Dad visits"})
        assert sent.status_code == 404
        assert phone.get(f"/network/propose?part={part}").status_code == 404
    assert "Bottom lines" not in phone.get("/network/propose").get_data(as_text=True)


def test_an_edited_proposal_says_who_proposed_it_and_who_edited_it_on_the_record(
    client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    from participation.network.models import PlanProposal, PlanRule
    from tests.helpers import page_text

    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker, rules=())
    nana = make_member(family, worker, name="Nana Joy")
    member_phone(nana).post("/network/proposals", data={"part": "rule", "text": "Nan rings"})
    proposal = db.session.scalar(select(PlanProposal))
    auth.sign_in(worker)
    client.post(
        f"{_plan_url(family)}/proposals/{proposal.public_id}",
        data={"action": "edit", "text": "Nan rings Amy every evening"},
    )
    db.session.expire_all()
    rule = db.session.scalar(select(PlanRule))
    assert rule.text == "Nan rings Amy every evening"
    assert (rule.written_by_name, rule.edited_by_name) == ("Nana Joy", "Sam Okafor")
    client.post(f"/families/{family.public_id}/plan/versions/agree", data=CONFIRM)
    version = db.session.scalar(
        select(SafetyPlanVersion).where(SafetyPlanVersion.agreed_at.is_not(None))
    )
    html = page_text(client.get(f"/record/safety-plan/{version.public_id}"))
    assert "Written by Nana Joy (network member); edited by Sam Okafor (social worker)" in html
    assert "unless it says the social worker edited it" in html


def test_the_record_names_the_child_only_as_the_chooser_of_the_safety_object(
    make_worker, make_child, make_family
):
    from participation.network.services import set_safety_object, worker_author
    from participation.network.versions import snapshot

    worker = make_worker()
    amy = make_child(worker, name="Amy Clarke")
    family = make_family(amy, worker)
    plan = plan_for(family)
    set_safety_object(
        plan, "safety", "Teddy", "On the bed", "Call Nan", "Nan",
        chosen_by_child_id=amy.id, author=worker_author(worker),
    )  # fmt: skip
    found = snapshot(plan)["safety_object"]
    assert found["object"]["by"]["kind"] == "child"
    for field in ("usual_place", "moved_means", "who_acts"):
        assert found[field]["by"]["kind"] == "worker"
