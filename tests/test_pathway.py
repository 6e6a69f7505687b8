import io
import os
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.notify import outbox
from participation.pathway.models import AgreedPlanVersion, PathwayPlan, PlanSection, SectionVersion
from tests.helpers import page_text

MY_WORDS = "I have asthma.  I forget my inhaler when I'm stressed.\nI want a GP near my flat."


@pytest.fixture
def adviser(make_worker):
    return make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")


def save(phone, slug, text, version, **extra):
    data = {"version": str(version), "in_my_words": text, "want_to_achieve": "", **extra}
    return phone.post(f"/my-plan/{slug}", data=data)


def section(person, slug="health") -> PlanSection:
    plan = db.session.scalars(select(PathwayPlan).filter_by(young_person_id=person.id)).one()
    return db.session.scalars(select(PlanSection).filter_by(plan_id=plan.id, section=slug)).one()


def test_young_person_joins_with_an_invitation_and_signs_in_again(
    app, client, auth, adviser, make_young_person
):
    person = make_young_person(adviser)
    auth.sign_in(adviser)
    client.post(f"/young-people/{person.public_id}/invite")
    page = client.get(f"/young-people/{person.public_id}/invite").get_data(as_text=True)
    link = page.split("/yp/join/")[1].split("<")[0]
    phone = app.test_client()
    assert phone.get(f"/yp/join/{link}").status_code == 200  # a preview does not use it up
    response = phone.post(
        f"/yp/join/{link}",
        data={
            "username": "jordan.r",
            "password": "my long password",
            "confirm": "my long password",
        },
    )
    assert response.headers["Location"] == "/my-plan"
    assert "My health" in page_text(phone.get("/my-plan"))
    again = app.test_client()
    reused = {"username": "someone", "password": "p" * 12, "confirm": "p" * 12}
    assert again.post(f"/yp/join/{link}", data=reused).status_code == 422
    wrong = again.post("/yp/sign-in", data={"username": "jordan.r", "password": "nope"})
    assert wrong.status_code == 422 and "don't match" in page_text(wrong)
    ok = again.post("/yp/sign-in", data={"username": "Jordan.R", "password": "my long password"})
    assert ok.headers["Location"] == "/my-plan"


def test_one_time_code_goes_to_the_contact_they_chose(app, adviser, make_young_person, yp_phone):
    person = make_young_person(adviser)
    yp_phone(person, username="jordan.r", contact="07700 900123")
    outbox.clear()
    phone = app.test_client()
    response = phone.post("/yp/sign-in/code", data={"username": "jordan.r"})
    assert "we have sent a code" in page_text(response)
    run_jobs()
    to, text = outbox[-1]
    assert to == "07700 900123"
    code = text.split("code is ")[1][:9]
    unknown = phone.post("/yp/sign-in/code", data={"username": "nobody"})
    assert page_text(unknown) == page_text(response).replace("jordan.r", "nobody")
    assert run_jobs() == 0  # nothing to send to nobody
    assert len(outbox) == 1
    bad = phone.post("/yp/sign-in/code", data={"username": "jordan.r", "code": "AAAA-AAAA"})
    assert bad.status_code == 422
    good = phone.post("/yp/sign-in/code", data={"username": "jordan.r", "code": code})
    assert good.headers["Location"] == "/my-plan"
    reuse = app.test_client().post("/yp/sign-in/code", data={"username": "jordan.r", "code": code})
    assert reuse.status_code == 422


def test_words_are_kept_verbatim_and_every_version_is_kept(adviser, make_young_person, yp_phone):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    assert phone.get("/my-plan/health").status_code == 200
    assert save(phone, "health", "First go", 0).status_code == 302
    assert save(phone, "health", MY_WORDS, 1, scale="6").status_code == 302
    row = section(person)
    assert row.in_my_words == MY_WORDS and row.scale == 6 and row.version == 2
    versions = db.session.scalars(select(SectionVersion).filter_by(section_id=row.id)).all()
    assert sorted(v.in_my_words for v in versions) == sorted(["First go", MY_WORDS])


def test_the_adviser_cannot_change_the_young_persons_words(
    client, auth, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    save(phone, "health", MY_WORDS, 0)
    auth.sign_in(adviser)
    page = client.get(f"/young-people/{person.public_id}")
    assert 'name="in_my_words"' not in page.get_data(as_text=True)
    response = client.post(
        f"/young-people/{person.public_id}/sections/health/words",
        data={"in_my_words": "Jordan is non-compliant with medication."},
    )
    assert response.status_code == 403
    assert "Only the young person can write their own words" in page_text(response)
    # Nor can the adviser use the young person's own page.
    assert (
        client.post("/my-plan/health", data={"version": "1", "in_my_words": "x"}).status_code == 404
    )
    assert section(person).in_my_words == MY_WORDS


def test_suggestions_are_accepted_changed_or_declined_by_the_young_person(
    client, auth, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    save(phone, "health", "I have asthma.", 0)
    auth.sign_in(adviser)
    for text in ("I will keep a spare inhaler at college.", "I never take my medicine.",
                 "I will register with a GP by May."):  # fmt: skip
        client.post(
            f"/young-people/{person.public_id}/sections/health/suggestions",
            data={"health-suggest-field": "in_my_words", "health-suggest-text": text},
        )
    plan_page = phone.get("/my-plan").get_data(as_text=True)
    assert "Suggestions from Alex" in page_text(phone.get("/my-plan"))
    ids = [chunk.split('"')[0] for chunk in plan_page.split("/my-plan/suggestions/")[1:]]
    phone.post(f"/my-plan/suggestions/{ids[0]}", data={"answer": "accept"})
    phone.post(f"/my-plan/suggestions/{ids[1]}", data={"answer": "decline"})
    phone.post(
        f"/my-plan/suggestions/{ids[2]}",
        data={"answer": "change", "changed_text": "I will register with a GP. Soon, not by May."},
    )
    row = section(person)
    assert row.in_my_words == (
        "I have asthma.\nI will keep a spare inhaler at college.\n"
        "I will register with a GP. Soon, not by May."
    )
    assert "never take my medicine" not in row.in_my_words
    authors = {a["text"]: a for a in row.attribution["in_my_words"]}
    assert authors["I have asthma."]["by"] == "young_person"
    assert authors["I will keep a spare inhaler at college."] == {
        "text": "I will keep a spare inhaler at college.",
        "by": "personal_adviser",
        "name": "Alex Byrne",
        "accepted_by": "Jordan Reid",
    }
    assert authors["Soon, not by May."]["by"] == "young_person"
    adviser_page = page_text(client.get(f"/young-people/{person.public_id}"))
    assert "(suggested by Alex Byrne, accepted by Jordan Reid)" in adviser_page


def test_two_saves_at_once_lose_no_words_and_show_the_conflict(
    app, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    phone = yp_phone(person, username="jordan.r")
    laptop = app.test_client()
    laptop.post("/yp/sign-in", data={"username": "jordan.r", "password": "my long password"})
    save(phone, "health", "Start", 0)
    assert save(phone, "health", "Written on my phone", 1).status_code == 302
    clash = save(laptop, "health", "Written on my laptop", 1)
    assert clash.status_code == 409
    text = page_text(clash)
    assert "This section was changed somewhere else" in text
    assert "Written on my phone" in text and "Written on my laptop" in text
    assert section(person).in_my_words == "Written on my phone"
    merged = save(laptop, "health", "Written on my phone. And on my laptop.", 2)
    assert merged.status_code == 302
    assert section(person).in_my_words == "Written on my phone. And on my laptop."


def test_a_refused_save_is_kept_until_the_young_person_puts_the_versions_together(
    app, adviser, make_young_person, yp_phone
):
    from participation.pathway.models import UnmergedEdit

    person = make_young_person(adviser)
    phone = yp_phone(person, username="jordan.r")
    offline_phone = app.test_client()
    offline_phone.post("/yp/sign-in", data={"username": "jordan.r", "password": "my long password"})
    assert save(phone, "health", "Written at home", 0).status_code == 302
    # The other phone wrote with no signal; its save arrives later, after the first.
    for _resend in range(2):
        assert save(offline_phone, "health", "Written on the bus", 0).status_code == 409
    # kept once, however often resent
    assert db.session.scalar(select(func.count()).select_from(UnmergedEdit)) == 1

    # A save elsewhere that never showed the merge leaves the bus words waiting.
    assert save(phone, "health", "Written at home, again", 1).status_code == 302
    plan_page = page_text(phone.get("/my-plan"))
    assert "Changed in two places: open it to put your words together" in plan_page
    page = phone.get("/my-plan/health")
    assert page.status_code == 200
    text = page_text(page)
    assert "This section was changed somewhere else" in text
    assert "Written at home, again" in text and "Written on the bus" in text
    html = page.get_data(as_text=True)
    merging = html.split('name="merging" value="')[1].split('"')[0]
    merged = save(phone, "health", "At home and on the bus", 2, merging=merging)
    assert merged.status_code == 302
    assert section(person).in_my_words == "At home and on the bus"
    assert db.session.scalar(select(func.count()).select_from(UnmergedEdit)) == 0
    assert "This section was changed" not in page_text(phone.get("/my-plan/health"))


def test_one_young_person_cannot_read_anothers_plan(
    client, auth, adviser, make_worker, make_young_person, yp_phone
):
    jordan, casey = (
        make_young_person(adviser, "Jordan Reid"),
        make_young_person(adviser, "Casey Ali"),
    )
    jordan_phone, casey_phone = yp_phone(jordan), yp_phone(casey)
    save(casey_phone, "money", "I owe £200 on my phone contract", 0)
    auth.sign_in(adviser)
    client.post(
        f"/young-people/{casey.public_id}/sections/money/suggestions",
        data={
            "money-suggest-field": "in_my_words",
            "money-suggest-text": "Private suggestion for Casey",
        },
    )
    client.post(
        f"/young-people/{casey.public_id}/sections/money/actions",
        data={"money-action-what": "Call the phone company", "money-action-who_helps": "Alex"},
    )
    assert "£200" not in page_text(jordan_phone.get("/my-plan/money"))
    assert "Private suggestion" not in page_text(jordan_phone.get("/my-plan"))
    casey_page = casey_phone.get("/my-plan").get_data(as_text=True)
    suggestion_id = casey_page.split("/my-plan/suggestions/")[1].split('"')[0]
    assert (
        jordan_phone.post(
            f"/my-plan/suggestions/{suggestion_id}", data={"answer": "accept"}
        ).status_code
        == 404
    )
    action_id = (
        casey_phone.get("/my-plan/money")
        .get_data(as_text=True)
        .split("/my-plan/actions/")[1]
        .split("/")[0]
    )
    assert (
        jordan_phone.post(f"/my-plan/actions/{action_id}/done", data={"done": "yes"}).status_code
        == 404
    )
    other_team = make_worker(role=Role.PERSONAL_ADVISER, team=get_or_create_team("Southside"))
    db.session.commit()
    auth.sign_out()
    auth.sign_in(other_team)
    assert client.get(f"/young-people/{casey.public_id}").status_code == 404


def test_network_sees_only_the_sections_the_young_person_shares(
    app, client, auth, adviser, make_young_person, yp_phone, make_member, member_phone
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    save(phone, "health", "Shared: I have asthma", 0, shared_with_network="y")
    save(phone, "money", "Private: I owe money", 0)
    auth.sign_in(adviser)
    response = client.post(f"/young-people/{person.public_id}/network")
    family_id = response.headers["Location"].split("/families/")[1].split("#")[0]
    from participation.network.models import Family

    family = db.session.scalars(select(Family).filter_by(public_id=family_id)).one()
    auntie = member_phone(make_member(family, adviser, name="Auntie Pat"))
    home = page_text(auntie.get("/network"))
    assert "Shared: I have asthma" in home
    assert "I owe money" not in home


def test_both_sign_and_the_agreed_version_goes_to_the_record(
    client, auth, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    save(phone, "health", MY_WORDS, 0)
    phone.post("/my-plan/agree")
    # not until both have signed
    assert db.session.scalar(select(func.count()).select_from(AgreedPlanVersion)) == 0
    auth.sign_in(adviser)
    client.post(f"/young-people/{person.public_id}/agree")
    version = db.session.scalars(select(AgreedPlanVersion)).one()
    plan = version.plan
    # The review date counts from the day agreed at the council.
    assert plan.review_due == council_today() + timedelta(days=182)
    assert "Your plan is agreed." in page_text(phone.get("/my-plan"))
    data = client.get(f"/record/pathway/{version.public_id}.json").get_json()
    health = next(s for s in data["sections"] if s["id"] == "health")
    assert health["in_my_words"] == MY_WORDS
    assert health["who_wrote_what"]["in_my_words"][0]["by"] == "young_person"
    assert client.get(f"/record/pathway/{version.public_id}.pdf").status_code == 202
    run_jobs()
    assert client.get(f"/record/pathway/{version.public_id}.pdf").data.startswith(b"%PDF")
    assert "Jordan Reid" in page_text(client.get(f"/record/pathway/{version.public_id}"))
    save(phone, "health", MY_WORDS + " More.", 1)
    db.session.refresh(plan)
    assert plan.yp_agreed_at is None and plan.pa_agreed_at is None  # needs signing again
    # the agreed version is kept
    assert db.session.scalar(select(func.count()).select_from(AgreedPlanVersion)) == 1


def test_adviser_sees_plans_overdue_or_due_within_28_days(client, auth, adviser, make_young_person):
    from participation.pathway.plans import plan_for

    soon, late, later = (
        make_young_person(adviser, n) for n in ("Sam Soon", "Lee Late", "Max Later")
    )
    for person, days in ((soon, 20), (late, -3), (later, 60)):
        plan_for(person).review_due = council_today() + timedelta(days=days)
    db.session.commit()
    auth.sign_in(adviser)
    html = client.get("/young-people").get_data(as_text=True)
    due = html.split('<section class="alert-box"')[1].split("</section>")[0]
    assert "Sam Soon" in due and "Lee Late" in due and "overdue since" in due
    assert "Max Later" not in due


def council_today() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


@pytest.fixture
def server_time_zone():
    """Moves this process's local time zone, so the server's date.today() is not London's."""
    saved = os.environ.get("TZ")

    def move(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield move
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_reviews_are_due_by_the_councils_date_wherever_the_server_is(
    client, auth, adviser, make_young_person, server_time_zone
):
    from participation.pathway.plans import plan_for

    today = council_today()
    reviews = {"Dee Today": 0, "Yan Yesterday": -1, "Fay Four Weeks": 28, "Nat Later": 29}
    for name, days in reviews.items():
        plan_for(make_young_person(adviser, name)).review_due = today + timedelta(days=days)
    db.session.commit()
    auth.sign_in(adviser)
    # At any moment the date in at least one of these is not London's.
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
        server_time_zone(zone)
        html = client.get("/young-people").get_data(as_text=True)
        due = html.split('<section class="alert-box"')[1].split("</section>")[0]
        lines = {name: li for li in due.split("<li>")[1:] for name in reviews if name in li}
        assert set(lines) == {"Dee Today", "Yan Yesterday", "Fay Four Weeks"}, zone
        assert "overdue" not in lines["Dee Today"], zone
        assert "overdue" in lines["Yan Yesterday"], zone
        assert "overdue" not in lines["Fay Four Weeks"], zone


def test_the_review_date_counts_from_the_councils_date_not_utcs(
    client, auth, adviser, make_young_person, yp_phone, monkeypatch
):
    from participation.pathway import agreement

    # 00:30 on 2 June in London (summer time) is still 1 June in UTC.
    monkeypatch.setattr(agreement, "utcnow", lambda: datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    person = make_young_person(adviser)
    phone = yp_phone(person)
    save(phone, "health", MY_WORDS, 0)
    phone.post("/my-plan/agree")
    auth.sign_in(adviser)
    client.post(f"/young-people/{person.public_id}/agree")
    plan = db.session.scalars(select(PathwayPlan).filter_by(young_person_id=person.id)).one()
    # Six months (REVIEW_MONTHS) from the council's date, 2 June, not UTC's 1 June.
    assert plan.review_due == date(2026, 12, 2)


def test_young_person_downloads_a_plan_readable_on_a_phone(adviser, make_young_person, yp_phone):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    save(phone, "health", MY_WORDS, 0)
    html = phone.get("/my-plan/download")
    assert "I forget my inhaler" in page_text(html)
    assert 'name="viewport"' in html.get_data(as_text=True)
    waiting = phone.get("/my-plan/download.pdf")
    assert waiting.status_code == 202 and "Your PDF is being made." in page_text(waiting)
    assert run_jobs() == 1
    pdf = phone.get("/my-plan/download.pdf")
    assert pdf.data.startswith(b"%PDF") and pdf.headers["Cache-Control"] == "private, no-store"


def test_adviser_page_has_unique_ids_and_shows_errors_in_the_right_section(
    client, auth, adviser, make_young_person
):
    import re

    person = make_young_person(adviser)
    auth.sign_in(adviser)
    html = client.get(f"/young-people/{person.public_id}").get_data(as_text=True)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    response = client.post(
        f"/young-people/{person.public_id}/sections/money/suggestions",
        data={"money-suggest-field": "in_my_words", "money-suggest-text": ""},
    )
    assert response.status_code == 422
    money = response.get_data(as_text=True).split('id="money"')[1].split("</section>")[0]
    assert "This field is required." in money


@pytest.mark.rate_limited
def test_guessing_a_young_persons_password_is_rate_limited(app):
    phone = app.test_client()
    statuses = [
        phone.post("/yp/sign-in", data={"username": "jordan.r", "password": "guess"}).status_code
        for _ in range(6)
    ]
    # One name: a growing wait after 5 wrong tries (not a lock on the young person).
    assert statuses == [422] * 5 + [429]
    many = [
        phone.post("/yp/sign-in", data={"username": f"yp{n}", "password": "guess"}).status_code
        for n in range(5)
    ]
    # One address: at most 10 tries a minute whatever the name.
    assert many == [422] * 4 + [429]


def test_the_same_save_sent_twice_is_not_a_conflict(adviser, make_young_person, yp_phone):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    assert save(phone, "health", "Sent twice", 0).status_code == 302
    assert save(phone, "health", "Sent twice", 0).status_code == 302
    row = section(person)
    assert row.version == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(SectionVersion).filter_by(section_id=row.id)
        )
        == 1
    )
    assert save(phone, "health", "Different words", 0).status_code == 409


def test_signing_again_after_agreement_adds_no_second_version_or_record_entry(
    client, auth, adviser, make_young_person, yp_phone
):
    from participation.caserecord.models import RecordEntry

    person = make_young_person(adviser)
    phone = yp_phone(person)
    save(phone, "health", MY_WORDS, 0)
    phone.post("/my-plan/agree")
    auth.sign_in(adviser)
    # A double tap, a resend and a late request from the other side: all after agreement.
    for response in (
        client.post(f"/young-people/{person.public_id}/agree"),
        client.post(f"/young-people/{person.public_id}/agree"),
        phone.post("/my-plan/agree"),
    ):
        assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AgreedPlanVersion)) == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(RecordEntry).filter_by(kind="pathway_version")
        )
        == 1
    )
    assert "Your plan is agreed." in page_text(phone.get("/my-plan"))
    # A change after signing still needs both signatures again, and then makes version 2.
    save(phone, "health", MY_WORDS + " More.", 1)
    phone.post("/my-plan/agree")
    assert db.session.scalar(select(func.count()).select_from(AgreedPlanVersion)) == 1
    client.post(f"/young-people/{person.public_id}/agree")
    assert db.session.scalar(select(func.count()).select_from(AgreedPlanVersion)) == 2
    assert (
        db.session.scalar(
            select(func.count()).select_from(RecordEntry).filter_by(kind="pathway_version")
        )
        == 2
    )


def test_their_pdf_says_whose_plan_and_which_page_in_their_language(
    adviser, make_young_person, yp_phone
):
    """A page of their plan found on its own still says whose it is and where it goes."""
    from pypdf import PdfReader

    person = make_young_person(adviser)
    person.preferred_language = "pl"
    db.session.commit()
    phone = yp_phone(person)
    for slug in ("health", "money", "accommodation", "education"):
        save(phone, slug, MY_WORDS + " " + "Chcę mieć własne mieszkanie. " * 40, 0)
    phone.get("/my-plan/download.pdf")
    assert run_jobs() == 1
    pages = PdfReader(io.BytesIO(phone.get("/my-plan/download.pdf").data)).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert person.name in text and "Mój plan" in text
        assert f"Strona {number} z {len(pages)}" in text
