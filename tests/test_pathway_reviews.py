"""Before a review the young person chooses whom to ask; each answers once from a link, under
their name, translated, seeing only the questions; holding the review keeps the plan as a
version and puts it on the record."""

from datetime import date

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.pathway.models import PathwayPlan, PathwayReview, ReviewContributor
from participation.pathway.plans import today
from participation.pathway.words import save_section
from participation.translation.models import Translation
from tests.helpers import page_text


def page_text_of(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


PLAN_WORDS = "PRIVATE: I don't want my carer to know about this."


@pytest.fixture
def adviser(make_worker):
    return make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")


def ask(phone, **data) -> str:
    """The link the young person is shown once, to send themselves."""
    form = {"member": "", "name": "", "relationship": "", "language": "en", **data}
    response = phone.post("/my-plan/review/contributors", data=form)
    assert response.status_code == 302, response.data
    page = phone.get(response.location).get_data(as_text=True)
    assert "/views/" in page
    return "/views/" + page.split("/views/")[1].split("<")[0]


ANSWERS = {"going_well": "He cooks for himself now.", "worries": "Money runs out by Thursday.",
           "should_happen": "Help with a budget."}  # fmt: skip


def test_a_carer_answers_once_from_their_link_and_sees_only_the_questions(
    app, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    save_section(person, "health", 0, {"in_my_words": PLAN_WORDS, "want_to_achieve": "",
                                       "scale": None, "shared_with_network": True})  # fmt: skip
    db.session.commit()
    phone = yp_phone(person)
    refused = phone.post("/my-plan/review/contributors",
                         data={"member": "", "name": " ", "language": "en"})  # fmt: skip
    assert refused.status_code == 422 and "write their name" in page_text(refused)
    link = ask(phone, name="Sue Patel", relationship="My foster carer")
    # Shown once: the page again no longer has it.
    contributor = db.session.scalars(select(ReviewContributor)).one()
    again = phone.get(f"/my-plan/review/contributors/{contributor.public_id}")
    assert "/views/" not in again.get_data(as_text=True)
    carer = app.test_client()
    opened = carer.get(link)
    text = page_text(opened)
    assert opened.status_code == 200 and "Jordan has asked for your views" in text
    # Privacy: the plan is not shown to a contributor, even a section shared with the network.
    assert PLAN_WORDS not in opened.get_data(as_text=True) and "Reid" not in text
    assert carer.get(link).status_code == 200  # opening (a preview) does not use it up
    empty = carer.post(link, data={"going_well": "", "worries": " ", "should_happen": ""})
    assert empty.status_code == 422 and "at least one question" in page_text(empty)
    sent = carer.post(link, data=ANSWERS)
    assert sent.status_code == 200 and "Thank you" in page_text(sent)
    # Used once: a second send (a double tap, or someone else with the link) is refused.
    resent = carer.post(link, data={**ANSWERS, "worries": "Changed"})
    assert resent.status_code == 404 and "doesn't work any more" in page_text(resent)
    assert carer.get(link).status_code == 404
    db.session.expire_all()
    answered = db.session.get(ReviewContributor, contributor.id)
    assert answered.worries == ANSWERS["worries"] and answered.redeemed_at is not None
    assert (
        answered.name == "Sue Patel" and answered.relationship_to_young_person == "My foster carer"
    )
    # The young person sees the answer, under the carer's name.
    mine = page_text(phone.get("/my-plan/review"))
    assert "Sue Patel" in mine and "Money runs out by Thursday." in mine


def test_a_network_member_is_asked_by_name_and_another_network_is_refused(
    app, adviser, make_young_person, yp_phone, make_member, make_child, make_family, client, auth
):
    from participation.network.models import Family

    person = make_young_person(adviser)
    family = Family(name="Jordan's network", created_by_id=adviser.id)
    db.session.add(family)
    db.session.flush()
    person.family_id = family.id
    db.session.commit()
    aunt = make_member(family, adviser, name="Auntie Reid")
    other = make_member(make_family(make_child(adviser), adviser), adviser, name="Not Theirs")
    phone = yp_phone(person)
    assert "Auntie Reid" in page_text(phone.get("/my-plan/review"))
    assert "Not Theirs" not in page_text(phone.get("/my-plan/review"))
    form = {"member": other.public_id, "name": "", "language": "en"}
    refused = phone.post("/my-plan/review/contributors", data=form)
    assert refused.status_code in (404, 422)
    link = ask(phone, member=aunt.public_id)
    contributor = db.session.scalars(select(ReviewContributor)).one()
    assert contributor.member_id == aunt.id and contributor.name == "Auntie Reid"
    app.test_client().post(link, data=ANSWERS)
    auth.sign_in(adviser)
    page = page_text(client.get(f"/young-people/{person.public_id}/review"))
    assert "Auntie Reid" in page and "Help with a budget." in page
    # Reading others' words about the young person is on their trail, for both readers.
    from participation.audit.models import AuditEvent

    phone.get("/my-plan/review")
    reads = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == person.public_id)
    ).all()
    assert {"view_pathway_review", "view_review_views", "send_review_views"} <= set(reads)


def test_answers_in_another_language_go_to_translation_for_both(
    app, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    person.preferred_language = "ar"
    db.session.commit()
    link = ask(yp_phone(person), name="Mrs Haile", language="ti")
    app.test_client().post(link, data={"going_well": "ጽቡቕ እዩ", "worries": "", "should_happen": ""})
    asked = db.session.scalars(
        select(Translation).filter_by(object_kind="review_contributor")
    ).all()
    assert {(t.field, t.source_language, t.target_language) for t in asked} == {
        ("going_well", "ti", "en"), ("going_well", "ti", "ar")}  # fmt: skip


def test_holding_the_review_keeps_the_plan_and_the_views_on_the_record(
    app, adviser, make_young_person, yp_phone, client, auth
):
    person = make_young_person(adviser)
    save_section(person, "health", 0, {"in_my_words": "I need a GP.", "want_to_achieve": "",
                                       "scale": None, "shared_with_network": False})  # fmt: skip
    db.session.commit()
    phone = yp_phone(person)
    answered = ask(phone, name="Sue Patel")
    unanswered = ask(phone, name="Mr Jones")
    app.test_client().post(answered, data=ANSWERS)
    auth.sign_in(adviser)
    review = db.session.scalars(select(PathwayReview)).one()
    url = f"/young-people/{person.public_id}/reviews/{review.public_id}/hold"
    assert client.post(url, data={"held_on": today().isoformat(), "outcome": ""}).status_code == 422
    held_on = date(2025, 8, 31)
    outcome = {"held_on": held_on.isoformat(), "outcome": "Budgeting help agreed."}
    assert client.post(url, data=outcome).status_code == 302
    # A second tap changes nothing.
    client.post(url, data={"held_on": today().isoformat(), "outcome": "Again"})
    db.session.expire_all()
    review = db.session.get(PathwayReview, review.id)
    assert (review.held_on, review.outcome, review.number) == (held_on, "Budgeting help agreed.", 1)
    assert review.snapshot["sections"][0]["in_my_words"] == "I need a GP."  # this version
    plan = db.session.scalars(select(PathwayPlan).filter_by(young_person_id=person.id)).one()
    assert plan.review_due == date(2026, 2, 28)  # 6 months on, never past a short month
    entries = db.session.scalars(select(RecordEntry).filter_by(kind="pathway_review")).all()
    assert [e.object_id for e in entries] == [review.public_id]
    document = client.get(f"/record/pathway-review/{review.public_id}.json").get_json()
    assert document["outcome"] == "Budgeting help agreed."
    by_name = {c["name"]: c for c in document["contributors"]}
    assert by_name["Sue Patel"]["worries"] == ANSWERS["worries"]
    assert by_name["Mr Jones"]["answered_at"] is None
    # Privacy: the link nobody answered stops working once the review is held.
    assert app.test_client().get(unanswered).status_code == 404
    # The young person reads the outcome; the next review is a new one.
    assert "Budgeting help agreed." in page_text(phone.get("/my-plan/review"))
    assert len(db.session.scalars(select(PathwayReview)).all()) == 2


def test_another_advisers_young_person_and_review_are_refused(
    app, adviser, make_worker, make_young_person, yp_phone, client, auth
):
    from participation.auth.services import get_or_create_team

    person = make_young_person(adviser)
    link = ask(yp_phone(person), name="Sue Patel")
    review = db.session.scalars(select(PathwayReview)).one()
    contributor = db.session.scalars(select(ReviewContributor)).one()
    other_person = make_young_person(adviser, name="Sam Other")
    other_phone = yp_phone(other_person)
    # Another young person can't open this one's contributor.
    assert (
        other_phone.get(f"/my-plan/review/contributors/{contributor.public_id}").status_code == 404
    )
    outsider = make_worker(role=Role.PERSONAL_ADVISER, team=get_or_create_team("Elsewhere"))
    auth.sign_in(outsider)
    assert client.get(f"/young-people/{person.public_id}/review").status_code == 404
    hold = client.post(f"/young-people/{person.public_id}/reviews/{review.public_id}/hold",
                       data={"held_on": today().isoformat(), "outcome": "x"})  # fmt: skip
    assert hold.status_code == 404
    assert app.test_client().get(link[:-3] + "xyz").status_code == 404


def test_a_held_review_is_a_version_of_the_plan_in_its_list_and_the_young_persons_copy(
    app, adviser, make_young_person, yp_phone, client, auth
):
    import io
    import json
    import zipfile

    from participation.pathway.models import AgreedPlanVersion
    from participation.retention.young_people import young_person_bundle

    person = make_young_person(adviser)
    save_section(person, "health", 0, {"in_my_words": "I need a GP.", "want_to_achieve": "",
                                       "scale": None, "shared_with_network": False})  # fmt: skip
    db.session.commit()
    phone = yp_phone(person)
    phone.get("/my-plan/review")
    auth.sign_in(adviser)
    phone.post("/my-plan/agree")
    client.post(f"/young-people/{person.public_id}/agree")  # version 1: both signed
    review = db.session.scalars(select(PathwayReview)).one()
    url = f"/young-people/{person.public_id}/reviews/{review.public_id}/hold"
    client.post(url, data={"held_on": date(2025, 8, 31).isoformat(), "outcome": "GP found."})
    client.post(url, data={"held_on": date(2025, 8, 31).isoformat(), "outcome": "GP found."})
    versions = db.session.scalars(select(AgreedPlanVersion).order_by(AgreedPlanVersion.number))
    signed, outcome = versions.all()  # the second tap made no third version
    assert signed.review_id is None and outcome.review_id == review.id and outcome.number == 2
    assert outcome.snapshot["review"]["outcome"] == "GP found."
    assert outcome.snapshot["sections"][0]["in_my_words"] == "I need a GP."
    page = page_text(client.get(f"/young-people/{person.public_id}"))
    assert "Version 2, from the review held 31 Aug 2025" in page and "Version 1, agreed" in page
    shown = client.get(f"/record/pathway/{outcome.public_id}")  # the list's link works
    assert shown.status_code == 200 and "I need a GP." in page_text(shown)
    with app.test_request_context():
        bundle = zipfile.ZipFile(io.BytesIO(young_person_bundle(person)))
    copy = json.loads(bundle.read("agreed/version-2.json"))
    assert copy["review"]["outcome"] == "GP found." and copy["version"] == 2
    # The milestone counts the plan as signed on the day both signed, not the review's.
    from participation.pathway.reviews import milestones_of_caseload

    found = {m.key: m for m in milestones_of_caseload(adviser, today())[person.id]}
    assert found["plan_signed"].done_on == today()
    assert found["review"].done_on == date(2025, 8, 31) and found["review"].status != "done"
    # Held today, the next review is ahead: shown upcoming with the last one, never "done".
    client.get(f"/young-people/{person.public_id}/review")  # makes the next review
    db.session.expire_all()
    second = next(r for r in db.session.scalars(select(PathwayReview)) if r.held_on is None)
    client.post(f"/young-people/{person.public_id}/reviews/{second.public_id}/hold",
                data={"held_on": today().isoformat(), "outcome": "Still fine."})  # fmt: skip
    row = client.get(f"/young-people/{person.public_id}/review").get_data(as_text=True)
    row = next(r for r in map(page_text_of, row.split("<tr")) if r.startswith('class="milestone-')
               and "Plan review" in r)  # fmt: skip
    assert "upcoming" in row and "last held" in row and "done" not in row


def test_the_same_ask_sent_twice_makes_one_contributor(app, adviser, make_young_person, yp_phone):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    form = {"member": "", "name": "Sue Patel", "relationship": "", "language": "en",
            "client_key": "ask-sue"}  # fmt: skip
    first = phone.post("/my-plan/review/contributors", data=form)
    second = phone.post("/my-plan/review/contributors", data=form)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert len(db.session.scalars(select(ReviewContributor)).all()) == 1
    # The link made by the first is the one shown, once.
    assert "/views/" in phone.get(second.location).get_data(as_text=True)
    phone.post("/my-plan/review/contributors", data={**form, "client_key": "ask-sue-again"})
    assert len(db.session.scalars(select(ReviewContributor)).all()) == 2


def test_the_link_page_gives_the_day_the_link_stops_working(
    app, adviser, make_young_person, yp_phone
):
    from datetime import timedelta

    from flask_babel import format_date

    app.config["PATHWAY_CONTRIBUTOR_TTL"] = timedelta(days=10)
    phone = yp_phone(make_young_person(adviser))
    response = phone.post("/my-plan/review/contributors",
                          data={"member": "", "name": "Sue Patel", "language": "en"})  # fmt: skip
    page = page_text(phone.get(response.location))
    contributor = db.session.scalars(select(ReviewContributor)).one()
    with app.test_request_context():
        expires = format_date(contributor.expires_at, "d MMMM yyyy")
    assert f"It stops working on {expires}" in page and "until your review." not in page


def test_move_and_review_entries_carry_the_case_reference_and_date_of_birth(
    app, adviser, make_young_person, yp_phone, client, auth
):
    from participation.pathway.models import AccommodationMove

    person = make_young_person(adviser)
    person.case_reference = "CL-0042"
    db.session.commit()
    phone = yp_phone(person)
    phone.post("/my-plan/moved", data={"moved_on": today().isoformat(), "place": "family"})
    phone.get("/my-plan/review")
    auth.sign_in(adviser)
    review = db.session.scalars(select(PathwayReview)).one()
    client.post(f"/young-people/{person.public_id}/reviews/{review.public_id}/hold",
                data={"held_on": today().isoformat(), "outcome": "Fine."})  # fmt: skip
    move = db.session.scalars(select(AccommodationMove)).one()
    for kind, object_id in (("move", move.public_id), ("pathway-review", review.public_id)):
        entry = client.get(f"/record/{kind}/{object_id}.json").get_json()["young_person"]
        assert (entry["case_reference"], entry["date_of_birth"]) == ("CL-0042", "2008-04-02")
        page = page_text(client.get(f"/record/{kind}/{object_id}"))
        assert "CL-0042" in page and "2 April 2008" in page
