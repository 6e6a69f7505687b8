"""The network scales each danger statement on their phones; the worker sees it charted and
on the record (issue #15)."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.caserecord.models import RecordEntry
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.network.services import add_pair
from participation.planscales.models import PlanScaleAnswer, ScalingRound
from participation.translation.models import Translation
from tests.helpers import page_text

WHY_PL = "Tata przestał pić i babcia jest codziennie."
HIGHER_PL = "Gdyby tata chodził na spotkania."


@pytest.fixture
def network(make_worker, make_child, make_family, make_member, member_phone):
    """Amy's family with Nan and Mum (a parent, writing in Polish), both on their phones."""
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    add_pair(family.plan, "Amy sees Dad hit Mum", "Amy lives with calm grown-ups")
    db.session.commit()
    nan = make_member(family, worker, name="Nan Clarke")
    mum = make_member(family, worker, name="Mum Clarke")
    mum.role, mum.language = "parent", "pl"
    db.session.commit()
    return worker, family, (nan, member_phone(nan)), (mum, member_phone(mum))


def open_round(client, auth, worker, family, on="2026-11-30"):
    auth.sign_in(worker)
    return client.post(f"/families/{family.public_id}/scaling/rounds", data={"meeting_on": on})


def answer(phone, pair, value="6", why="", higher="", language="en"):
    data = {"why": why, "one_higher": higher, "language": language}
    if value is not None:
        data["value"] = value
    return phone.post(f"/network/scaling/{pair.id}", data=data)


def test_no_round_open_means_nothing_to_answer(network):
    _worker, family, (_nan, nan_phone), _mum = network
    assert "There is no scaling round open" in page_text(nan_phone.get("/network/scaling"))
    response = answer(nan_phone, family.plan.pairs[0])
    assert response.status_code == 409


def test_members_and_parents_answer_each_statement_in_their_own_language(client, auth, network):
    worker, family, (nan, nan_phone), (mum, mum_phone) = network
    assert open_round(client, auth, worker, family).status_code == 302
    first, second = family.plan.pairs
    page = page_text(mum_phone.get("/network/scaling"))
    # The statements in the worker's words, the question in her Polish.
    assert first.statement in page and second.statement in page and "Na skali od 0 do 10" in page

    assert answer(mum_phone, first, "4", WHY_PL, HIGHER_PL, "pl").status_code == 302
    assert answer(mum_phone, second, "7", "", "", "pl").status_code == 302
    assert answer(nan_phone, first, "6", "Better than last month").status_code == 302

    saved = db.session.scalars(
        select(PlanScaleAnswer).where(PlanScaleAnswer.member_id == mum.id)
    ).all()
    polish = next(a for a in saved if a.pair_id == first.id)
    # Kept verbatim in Polish, and asked for in English for the worker on arrival.
    assert (polish.value, polish.why, polish.one_higher, polish.language) == (
        4, WHY_PL, HIGHER_PL, "pl",
    )  # fmt: skip
    asked = db.session.scalars(
        select(Translation).where(Translation.object_kind == "plan_scale_answer")
    ).all()
    assert {(t.field, t.source_text, t.target_language) for t in asked} == {
        ("why", WHY_PL, "en"),
        ("one_higher", HIGHER_PL, "en"),
    }
    # Her own numbers come back on her cards.
    assert 'value="4" checked' in mum_phone.get("/network/scaling").get_data(as_text=True)


def test_answering_again_or_a_double_tap_keeps_one_answer(client, auth, network):
    worker, family, (_nan, nan_phone), _mum = network
    open_round(client, auth, worker, family)
    pair = family.plan.pairs[0]
    for value in ("3", "3", "5"):
        assert answer(nan_phone, pair, value).status_code == 302
    answers = db.session.scalars(select(PlanScaleAnswer)).all()
    assert [a.value for a in answers] == [5]


def test_a_missing_number_comes_back_with_the_words_kept(client, auth, network):
    worker, family, (_nan, nan_phone), _mum = network
    open_round(client, auth, worker, family)
    pair = family.plan.pairs[0]
    response = answer(nan_phone, pair, None, why="Nan is there every day")
    assert response.status_code == 422
    text = page_text(response)
    assert "Choose a number from 0 to 10." in text and "Nan is there every day" in text
    fragment = nan_phone.post(
        f"/network/scaling/{pair.id}", data={"why": "kept"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 422
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "kept" in body and 'id="pair-' in body
    assert answer(nan_phone, pair, "11").status_code == 422
    assert db.session.scalar(select(func.count(PlanScaleAnswer.id))) == 0


def test_family_a_sees_nothing_of_family_b(
    client, auth, network, make_worker, make_child, make_family, make_member, member_phone
):
    worker, family, (_nan, nan_phone), _mum = network
    other_worker = make_worker(name="Priya")
    other = make_family(make_child(other_worker, name="Ben Other"), other_worker)
    other_parent = make_member(other, other_worker, name="Ben's Dad")
    other_parent.role = "parent"
    db.session.commit()
    other_phone = member_phone(other_parent)
    open_round(client, auth, worker, family)
    pair = family.plan.pairs[0]
    answer(nan_phone, pair, "6", "Nan is there")
    # B's parent cannot answer A's statement, and sees none of A's plan or round.
    assert answer(other_phone, pair, "2").status_code == 404
    page = page_text(other_phone.get("/network/scaling"))
    assert pair.statement not in page and "no scaling round open" in page
    # Nor can B's worker see A's charts or close A's round.
    auth.sign_out()
    auth.sign_in(other_worker)
    assert client.get(f"/families/{family.public_id}/scaling").status_code == 404
    scaling = db.session.scalars(select(ScalingRound)).one()
    closed = client.post(f"/families/{family.public_id}/scaling/rounds/{scaling.public_id}/close")
    assert closed.status_code == 404 and scaling.closed_at is None


def test_worker_chart_shows_each_person_and_the_median_over_rounds(client, auth, network):
    worker, family, (nan, nan_phone), (mum, mum_phone) = network
    pair = family.plan.pairs[0]
    open_round(client, auth, worker, family, on="2026-10-30")
    answer(nan_phone, pair, "4")
    answer(mum_phone, pair, "2", WHY_PL, "", "pl")
    scaling = db.session.scalars(select(ScalingRound)).one()
    client.post(f"/families/{family.public_id}/scaling/rounds/{scaling.public_id}/close")
    open_round(client, auth, worker, family, on="2026-11-27")
    answer(nan_phone, pair, "7")
    answer(mum_phone, pair, "5", "", "", "pl")

    response = client.get(f"/families/{family.public_id}/scaling")
    html = response.get_data(as_text=True)
    assert (
        response.status_code == 200 and "<svg" in html and "<script" not in html.split("<main")[-1]
    )
    text = page_text(response)
    # The table fallback: a row per round, a column per person and the median.
    assert "30 Oct 2026 2 4 3" in text and "27 Nov 2026 5 7 6" in text
    assert "Median" in text and WHY_PL in text
    assert html.count('class="line line-') == 2 and 'class="median"' in html
    # Reading their words is on each answering member's trail.
    read = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "view_plan_scaling")
    ).all()
    assert {e.subject_id for e in read} >= {nan.public_id, mum.public_id}
    # The family page's summary fragment, for the lead's family page.
    summary = client.get(
        f"/families/{family.public_id}/scaling/summary", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "latest median 6 out of 10" in summary and "<html" not in summary


def test_a_closed_round_is_a_record_entry_with_each_persons_words(client, auth, network):
    worker, family, (nan, nan_phone), (mum, mum_phone) = network
    pair = family.plan.pairs[0]
    open_round(client, auth, worker, family)
    answer(mum_phone, pair, "4", WHY_PL, HIGHER_PL, "pl")
    answer(nan_phone, pair, "6", "Better")
    scaling = db.session.scalars(select(ScalingRound)).one()
    # Still open: not on the record yet.
    assert client.get(f"/record/network-scaling/{scaling.public_id}").status_code == 404
    url = f"/families/{family.public_id}/scaling/rounds/{scaling.public_id}/close"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # closing twice files it once
    entries = db.session.scalars(
        select(RecordEntry).where(RecordEntry.kind == "network_scaling_round")
    ).all()
    assert [e.object_id for e in entries] == [scaling.public_id]
    # Mum's words translated by an interpreter sit beside, never instead.
    item = db.session.scalars(
        select(Translation).where(Translation.field == "why", Translation.source_text == WHY_PL)
    ).one()
    item.text, item.status, item.translator_kind, item.translator_name = (
        "Dad stopped drinking and Nan is there every day.", "done", "interpreter", "Ola",
    )  # fmt: skip
    item.translated_at = utcnow()
    db.session.commit()

    data = client.get(f"/record/network-scaling/{scaling.public_id}.json").get_json()
    assert data["schema"] == "participation.network-scaling-round.v1"
    assert data["meeting_on"] == "2026-11-30" and data["closed_at"]
    statement = next(s for s in data["statements"] if s["id"] == pair.id)
    assert statement["median"] == 5
    mine = next(a for a in statement["answers"] if a["answered_by"]["id"] == mum.public_id)
    assert mine["why"] == WHY_PL and mine["one_higher"] == HIGHER_PL and mine["language"] == "pl"
    assert mine["answered_by"]["role"] == "parent"
    assert mine["translations"][0]["text"] == "Dad stopped drinking and Nan is there every day."
    page = page_text(client.get(f"/record/network-scaling/{scaling.public_id}"))
    assert WHY_PL in page and "Dad stopped drinking" in page and "Mum Clarke" in page
    assert f"/record/network-scaling/{scaling.public_id}" in client.get(
        f"/families/{family.public_id}/scaling"
    ).get_data(as_text=True)


def test_a_round_opens_only_at_or_after_the_meeting_and_one_at_a_time(client, auth, network):
    worker, family, _nan, _mum = network
    assert open_round(client, auth, worker, family, on="2999-01-01").status_code == 422
    assert open_round(client, auth, worker, family, on=date.today().isoformat()).status_code == 302
    assert open_round(client, auth, worker, family).status_code == 409
    assert db.session.scalar(select(func.count(ScalingRound.id))) == 1


def test_a_closed_round_has_its_pdf(client, auth, network):
    worker, family, (_nan, nan_phone), _mum = network
    open_round(client, auth, worker, family)
    answer(nan_phone, family.plan.pairs[0], "6", "Better")
    scaling = db.session.scalars(select(ScalingRound)).one()
    client.post(f"/families/{family.public_id}/scaling/rounds/{scaling.public_id}/close")
    pdf_url = f"/record/network-scaling/{scaling.public_id}.pdf"
    assert client.get(pdf_url).status_code == 202
    assert run_jobs() >= 1
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # Every page names the family's child, as every record PDF does.
    from pypdf import PdfReader

    from participation.children.models import Child

    amy = db.session.scalars(select(Child)).one()
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages]
    for number, text in enumerate(pages, start=1):
        assert "Amy Clarke" in text and f"Case reference {amy.case_reference}" in text
        assert f"Page {number} of {len(pages)}" in text
