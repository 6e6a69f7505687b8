"""Practice runs of the plan ("fire drills"), logged by the network on their phones and shown
in the worker's journal view (issue #15)."""

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.planscales.models import PracticeRun
from participation.planscales.services import practice_runs_for
from participation.translation.models import Translation
from tests.helpers import page_text

WHAT_PL = "Amy przestawiła misia do okna i babcia przyszła w 10 minut."


@pytest.fixture
def network(make_worker, make_child, make_family, make_member, member_phone):
    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    mum = make_member(family, worker, name="Mum Clarke")
    mum.role, mum.language = "parent", "pl"
    db.session.commit()
    return worker, family, mum, member_phone(mum)


def log(phone, **fields):
    data = {"what_we_practised": WHAT_PL, "how_it_went": "Dobrze", "language": "pl"}
    data.update(fields)
    return phone.post("/network/practice", data=data)


def test_a_parent_logs_a_practice_in_her_own_words(network):
    _worker, family, mum, phone = network
    assert "Co ćwiczyliście?" in page_text(phone.get("/network/practice"))  # in her Polish
    response = log(phone, practised_on="2026-11-28", client_key="k-1")
    assert response.status_code == 302
    run = db.session.scalars(select(PracticeRun)).one()
    assert (run.what_we_practised, run.language, run.member_id, run.family_id) == (
        WHAT_PL, "pl", mum.id, family.id,
    )  # fmt: skip
    assert run.practised_on.isoformat() == "2026-11-28"
    # Asked for in English for the worker, on arrival.
    fields = db.session.scalars(
        select(Translation.field).where(Translation.object_kind == "practice_run")
    ).all()
    assert sorted(fields) == ["how_it_went", "what_we_practised"]
    assert WHAT_PL in page_text(phone.get("/network/practice"))


def test_sent_twice_is_kept_once_and_nothing_empty_is_kept(network):
    _worker, _family, _mum, phone = network
    assert log(phone, client_key="same").status_code == 302
    assert log(phone, client_key="same").status_code == 302
    empty = log(phone, what_we_practised="  ", how_it_went="kept words", client_key="other")
    assert empty.status_code == 422 and "kept words" in page_text(empty)
    assert log(phone, practised_on="2999-01-01", client_key="future").status_code == 422
    assert db.session.scalar(select(func.count(PracticeRun.id))) == 1


def test_the_worker_sees_them_and_the_read_is_audited(client, auth, network, make_worker):
    worker, family, mum, phone = network
    log(phone, client_key="a")
    log(phone, what_we_practised="Second practice", client_key="b")
    assert [r.what_we_practised for r in practice_runs_for(family, 1)] == ["Second practice"]
    auth.sign_in(worker)
    response = client.get(f"/families/{family.public_id}/practice-runs")
    assert response.status_code == 200
    text = page_text(response)
    assert WHAT_PL in text and "Second practice" in text and "Mum Clarke" in text
    fragment = client.get(
        f"/families/{family.public_id}/practice-runs", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert 'id="practice-runs"' in fragment and "<html" not in fragment
    assert db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "view_practice_runs", AuditEvent.subject_id == mum.public_id
        )
    )
    # Another team's worker sees nothing of this family.
    auth.sign_out()
    from participation.auth.models import Role
    from participation.auth.services import get_or_create_team

    stranger = make_worker(Role.SOCIAL_WORKER, team=get_or_create_team("Southside"))
    auth.sign_in(stranger)
    assert client.get(f"/families/{family.public_id}/practice-runs").status_code == 404


def test_another_familys_member_sees_none_of_them(
    network, make_worker, make_child, make_family, make_member, member_phone
):
    _worker, _family, _mum, phone = network
    log(phone, client_key="a")
    other_worker = make_worker()
    other = make_family(make_child(other_worker), other_worker)
    other_phone = member_phone(make_member(other, other_worker, name="Ben's Dad"))
    assert WHAT_PL not in page_text(other_phone.get("/network/practice"))
