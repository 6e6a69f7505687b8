"""'I've moved' from the young person or the adviser sets the next review 28 days on, goes on
the record, and "bring my review forward" reaches the adviser."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.extensions import db
from participation.pathway.models import AccommodationMove, PathwayPlan, ReviewForwardRequest
from participation.pathway.plans import today
from tests.helpers import page_text


@pytest.fixture
def adviser(make_worker):
    return make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")


def plan_of(person) -> PathwayPlan:
    db.session.expire_all()
    return db.session.scalars(select(PathwayPlan).filter_by(young_person_id=person.id)).one()


def test_the_young_person_says_they_moved_and_the_review_is_set_28_days_on(
    app, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    assert phone.get("/my-plan/moved").status_code == 200
    moved_on = today() - timedelta(days=2)
    response = phone.post("/my-plan/moved", data={
        "moved_on": moved_on.isoformat(), "place": "sofa_surfing",
        "words": "Staying at my mate's for now.  Not great.",
    })  # fmt: skip
    assert response.status_code == 302 and response.location.startswith("/my-plan/review")
    assert plan_of(person).review_due == moved_on + timedelta(days=28)
    move = db.session.scalars(select(AccommodationMove)).one()
    assert move.words == "Staying at my mate's for now.  Not great."  # exactly as written
    assert (move.recorded_by_kind, move.place) == ("young_person", "sofa_surfing")
    entry = db.session.scalars(select(RecordEntry).filter_by(kind="accommodation_move")).one()
    assert entry.object_id == move.public_id and entry.urgent  # sofa-surfing is a crisis
    page = page_text(phone.get("/my-plan/review?moved=1"))
    date_text = f"{(moved_on + timedelta(days=28)).day} "
    assert "Your move is saved" in page and date_text in page


def test_a_move_never_pushes_an_earlier_review_later(app, adviser, make_young_person, yp_phone,
                                                     client, auth):  # fmt: skip
    person = make_young_person(adviser)
    phone = yp_phone(person)
    auth.sign_in(adviser)
    client.post(f"/young-people/{person.public_id}/review/sooner",
                data={"review_on": (today() + timedelta(days=3)).isoformat(),
                      "reason": "Lost the flat."})  # fmt: skip
    assert plan_of(person).review_due == today() + timedelta(days=3)
    phone.post("/my-plan/moved", data={"moved_on": today().isoformat(), "place": "family"})
    assert plan_of(person).review_due == today() + timedelta(days=3)


def test_the_adviser_records_a_move_and_bad_dates_are_refused(app, adviser, make_young_person,
                                                              client, auth):  # fmt: skip
    person = make_young_person(adviser)
    auth.sign_in(adviser)
    url = f"/young-people/{person.public_id}/moves"
    far = client.post(url, data={"moved_on": (today() + timedelta(days=400)).isoformat(),
                                 "place": "own_tenancy"})  # fmt: skip
    assert far.status_code == 422 and "check the date" in page_text(far)
    odd = client.post(url, data={"moved_on": today().isoformat(), "place": "castle"})
    assert odd.status_code == 422
    assert db.session.scalars(select(AccommodationMove)).all() == []
    ok = client.post(url, data={"moved_on": today().isoformat(), "place": "own_tenancy"})
    assert ok.status_code == 302
    assert plan_of(person).review_due == today() + timedelta(days=28)
    page = page_text(client.get(f"/young-people/{person.public_id}/review"))
    assert "My own tenancy" in page and "recorded by Alex Byrne" in page


def test_the_setting_changes_the_days(app, adviser, make_young_person, yp_phone):
    app.config["PATHWAY_REVIEW_AFTER_MOVE_DAYS"] = 10
    person = make_young_person(adviser)
    yp_phone(person).post("/my-plan/moved", data={"moved_on": today().isoformat(),
                                                  "place": "staying_put"})  # fmt: skip
    assert plan_of(person).review_due == today() + timedelta(days=10)


def test_bring_my_review_forward_reaches_the_adviser_until_they_set_a_date(
    app, adviser, make_young_person, yp_phone, client, auth
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    assert phone.post("/my-plan/review/sooner", data={"reason": ""}).status_code == 422
    phone.post("/my-plan/review/sooner", data={"reason": "I've been kicked out."})
    asked = db.session.scalars(select(ReviewForwardRequest)).one()
    assert asked.asked_by_kind == "young_person" and asked.resolved_at is None
    auth.sign_in(adviser)
    listing = page_text(client.get("/young-people"))
    assert "Asked to bring a review forward" in listing and "Jordan Reid" in listing
    assert "I've been kicked out." in page_text(
        client.get(f"/young-people/{person.public_id}/review")
    )
    client.post(f"/young-people/{person.public_id}/review/sooner",
                data={"review_on": (today() + timedelta(days=2)).isoformat(),
                      "reason": "Crisis: review this week."})  # fmt: skip
    db.session.expire_all()
    assert db.session.get(ReviewForwardRequest, asked.id).resolved_at is not None
    assert "Asked to bring a review forward" not in page_text(client.get("/young-people"))


def test_another_adviser_cannot_record_a_move(app, adviser, make_worker, make_young_person,
                                             client, auth):  # fmt: skip
    from participation.auth.services import get_or_create_team

    person = make_young_person(adviser)
    other = make_worker(role=Role.PERSONAL_ADVISER, team=get_or_create_team("Elsewhere"))
    auth.sign_in(other)
    response = client.post(f"/young-people/{person.public_id}/moves",
                           data={"moved_on": today().isoformat(), "place": "custody"})  # fmt: skip
    assert response.status_code == 404
    assert client.get(f"/young-people/{person.public_id}/review").status_code == 404
    assert db.session.scalars(select(AccommodationMove)).all() == []


def test_bringing_the_review_forward_refuses_the_past_and_a_date_not_sooner(
    app, adviser, make_young_person, yp_phone, client, auth
):
    person = make_young_person(adviser)
    yp_phone(person).post("/my-plan/moved", data={"moved_on": today().isoformat(),
                                                  "place": "family"})  # fmt: skip
    set_for = today() + timedelta(days=28)
    auth.sign_in(adviser)
    url = f"/young-people/{person.public_id}/review/sooner"
    for when in (today() - timedelta(days=1), set_for, set_for + timedelta(days=30)):
        refused = client.post(url, data={"review_on": when.isoformat(), "reason": "Crisis."})
        assert refused.status_code == 422, when
        assert plan_of(person).review_due == set_for
    assert "before the review already set" in page_text(
        client.post(url, data={"review_on": set_for.isoformat(), "reason": "Crisis."})
    )
    ok = client.post(url, data={"review_on": today().isoformat(), "reason": "Crisis."})
    assert ok.status_code == 302 and plan_of(person).review_due == today()


def test_the_same_form_sent_twice_makes_one_move_and_one_request(
    app, adviser, make_young_person, yp_phone, client, auth
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    page = phone.get("/my-plan/moved").get_data(as_text=True)
    assert re.search(r'name="client_key"[^>]* value="[0-9a-f-]{36}"', page)  # its own key
    move = {"moved_on": today().isoformat(), "place": "own_tenancy", "client_key": "tap-1"}
    assert phone.post("/my-plan/moved", data=move).status_code == 302
    assert phone.post("/my-plan/moved", data=move).status_code == 302  # the double tap
    assert len(db.session.scalars(select(AccommodationMove)).all()) == 1
    assert len(db.session.scalars(select(RecordEntry).filter_by(kind="accommodation_move"))
               .all()) == 1  # fmt: skip
    # Another form (another key) is another move.
    phone.post("/my-plan/moved", data={**move, "client_key": "tap-2"})
    assert len(db.session.scalars(select(AccommodationMove)).all()) == 2
    asked = {"reason": "Kicked out.", "client_key": "ask-1"}
    phone.post("/my-plan/review/sooner", data=asked)
    phone.post("/my-plan/review/sooner", data=asked)
    assert len(db.session.scalars(select(ReviewForwardRequest)).all()) == 1
    auth.sign_in(adviser)
    sooner = {"review_on": today().isoformat(), "reason": "This week.", "client_key": "pa-1"}
    client.post(f"/young-people/{person.public_id}/review/sooner", data=sooner)
    client.post(f"/young-people/{person.public_id}/review/sooner", data=sooner)
    assert len(db.session.scalars(select(ReviewForwardRequest)).all()) == 2


def test_a_crisis_move_puts_the_young_person_first_on_the_advisers_list(
    app, adviser, make_young_person, yp_phone, client, auth
):
    make_young_person(adviser, name="Amy Able")
    zed = make_young_person(adviser, name="Zed Zulu")
    phone = yp_phone(zed)
    auth.sign_in(adviser)

    def caseload() -> str:  # the list of young people, after the boxes of reviews due
        return client.get("/young-people").get_data(as_text=True).split('<ul class="cards">')[1]

    assert caseload().index("Amy Able") < caseload().index("Zed Zulu")
    phone.post("/my-plan/moved", data={"moved_on": (today() - timedelta(days=3)).isoformat(),
                                       "place": "sofa_surfing"})  # fmt: skip
    assert caseload().index("Zed Zulu") < caseload().index("Amy Able")
    assert "Urgent: Sofa-surfing or no fixed place" in page_text(client.get("/young-people"))
    # Once they have moved on to somewhere settled, the list is back in name order.
    phone.post("/my-plan/moved", data={"moved_on": today().isoformat(), "place": "own_tenancy"})
    assert caseload().index("Amy Able") < caseload().index("Zed Zulu")
    assert "Urgent" not in page_text(client.get("/young-people"))


def test_a_move_form_shown_again_after_an_error_is_a_read_on_the_trail(
    app, adviser, make_young_person, client, auth
):
    from participation.audit.models import AuditEvent

    person = make_young_person(adviser)
    auth.sign_in(adviser)

    def reads() -> int:
        return len(db.session.scalars(select(AuditEvent).filter_by(
            action="view_pathway_review", subject_id=person.public_id)).all())  # fmt: skip

    client.get(f"/young-people/{person.public_id}/review")
    assert reads() == 1
    bad = client.post(f"/young-people/{person.public_id}/moves",
                      data={"moved_on": "", "place": "own_tenancy"})  # fmt: skip
    assert bad.status_code == 422 and reads() == 2
    client.post(f"/young-people/{person.public_id}/review/sooner", data={"reason": ""})
    assert reads() == 3


def test_asking_sooner_says_it_is_on_the_advisers_list(app, adviser, make_young_person, yp_phone):
    phone = yp_phone(make_young_person(adviser))
    phone.post("/my-plan/review/sooner", data={"reason": "Help."})
    page = page_text(phone.get("/my-plan/review"))
    assert "It is on Alex's list." in page and "will be in touch" not in page


def test_signing_the_plan_keeps_a_sooner_review_set_by_a_move(
    app, adviser, make_young_person, yp_phone, client, auth
):
    from participation.pathway.milestones import months_after

    person = make_young_person(adviser)
    phone = yp_phone(person)
    phone.post("/my-plan/moved", data={"moved_on": today().isoformat(), "place": "family"})
    auth.sign_in(adviser)
    phone.post("/my-plan/agree")
    client.post(f"/young-people/{person.public_id}/agree")
    assert plan_of(person).agreed_at is not None
    assert plan_of(person).review_due == today() + timedelta(days=28)  # the move's, kept
    other = make_young_person(adviser, name="Sam Other")
    other_phone = yp_phone(other)
    other_phone.post("/my-plan/agree")
    client.post(f"/young-people/{other.public_id}/agree")
    # REVIEW_MONTHS after signing, not a fixed 182 days.
    assert plan_of(other).review_due == months_after(today(), 6)
    app.config["PATHWAY_MILESTONES"] = {**app.config["PATHWAY_MILESTONES"], "REVIEW_MONTHS": 3}
    third = make_young_person(adviser, name="Kai Third")
    yp_phone(third).post("/my-plan/agree")
    client.post(f"/young-people/{third.public_id}/agree")
    assert plan_of(third).review_due == months_after(today(), 3)
