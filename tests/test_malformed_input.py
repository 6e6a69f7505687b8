"""Hostile values in every route's path, query and form: a plain 4xx, never a 500.

A NUL in an id (PostgreSQL text cannot hold one), integers past the database's range, and
characters that pass `str.isdigit()` but are not ASCII digits ('²', '٣')."""

import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from participation.auth.models import Worker
from participation.extensions import db
from participation.inputs import ID_MAX, whole_number
from tests.helpers import PASSWORD
from tests.test_access_matrix import family_b  # noqa: F401 (a fixture)

HOSTILE = ["\x00", "99999999999999999999", str(ID_MAX + 1), "²", "٣"]
# Every name a form or query here reads as a number or an id, plus the common text ones.
FIELDS = [
    "member", "interpreter", "merging", "version", "scale_value", "value", "since", "limit",
    "next", "lang", "code", "action", "how", "done", "answer", "rules", "plan_worked",
    "child_words", "what_happened", "email", "username", "password", "language", "area",
]  # fmt: skip
PLACEHOLDER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
# Whose device reaches the views under each path; staff routes go to family B's worker.
OWNERS = {"/activities": "child", "/network": "member", "/join": "member", "/my-plan": "young",
          "/yp": "young", "/start": "anonymous", "/staff/sign-in": "anonymous"}  # fmt: skip


def fill(rule: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: quote(values[m.group(1)], safe=""), rule)


def routes(app):
    for rule in app.url_map.iter_rules():
        # Signing out would only sign the test's own client out.
        if rule.endpoint == "static" or "sign_out" in rule.endpoint:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method


def send(client, method: str, path: str, value: str) -> int:
    fields = {name: value for name in FIELDS}
    response = client.open(path, method=method, query_string=fields, data=fields)
    response.close()
    return response.status_code


@pytest.fixture
def devices(app, family_b, make_worker, make_child, make_activity, make_code, make_family,  # noqa: F811
            make_member, member_phone, make_young_person, yp_phone):  # fmt: skip
    """Family B's own worker (their ids are real, so a hostile one beside them goes deep),
    and a child's tablet, a member's phone and a young person's phone of another family."""
    staff = app.test_client()
    worker = db.session.scalars(select(Worker).filter_by(name="Worker B")).one()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    other = make_worker(name="Worker A")
    child = make_child(other)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(make_activity(child, other), other)})
    return {
        "staff": staff,
        "anonymous": app.test_client(),
        "child": tablet,
        "member": member_phone(make_member(make_family(child, other), other)),
        "young": yp_phone(make_young_person(other)),
    }


@pytest.mark.parametrize("value", HOSTILE, ids=["nul", "huge", "int-max+1", "superscript",
                                                "arabic-indic"])  # fmt: skip
def test_hostile_ids_and_fields_never_give_a_server_error(app, value, family_b, devices):  # noqa: F811
    checked = 0
    for rule, method in routes(app):
        owner = next((who for p, who in OWNERS.items() if rule.rule.startswith(p)), "staff")
        hostile = {arg: value for arg in rule.arguments}
        for who in {owner, "staff"}:
            status = send(devices[who], method, fill(rule.rule, hostile), value)
            assert status < 500, f"{who} {method} {rule.rule} with {value!r} -> {status}"
            checked += 1
        # One hostile id beside real ones: reaches the lookups after the first.
        for arg in rule.arguments:
            mixed = {**{a: str(family_b.get(a, "1")) for a in rule.arguments}, arg: value}
            status = send(devices["staff"], method, fill(rule.rule, mixed), value)
            assert status < 500, f"staff {method} {rule.rule} with {arg}={value!r} -> {status}"
            checked += 1
    assert checked > 200


@pytest.mark.parametrize(
    "raw, number",
    [("0", 0), ("42", 42), (str(ID_MAX), ID_MAX), (str(ID_MAX + 1), None), ("²", None),
     ("٣", None), ("", None), (None, None), ("-1", None), (" 1", None), ("1" * 30, None)],
)  # fmt: skip
def test_only_ascii_whole_numbers_in_range_are_numbers(raw, number):
    assert whole_number(raw) == number


def test_a_nul_in_a_query_is_refused_plainly(client, auth, make_worker):
    auth.sign_in(make_worker())
    response = client.get("/review", query_string={"lang": "en\x00"})
    assert response.status_code == 400
    assert "Something in that request was not right" in response.get_data(as_text=True)


@pytest.mark.parametrize("number", ["²", "٣", "99999999999999999999"])
def test_a_childs_scale_that_is_not_a_plain_number_is_refused_plainly(
    app, make_worker, make_child, make_code, number
):
    from participation.activities.models import Mode
    from participation.activities.services import start_activity

    worker = make_worker()
    provenance = {"seen_alone": True, "present": "", "interpreter": "", "language": "en"}
    child = make_child(worker)
    activity = start_activity(child, worker, tool="safety_house", mode=Mode.CODE, **provenance)
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    response = tablet.post(
        f"/activities/{activity.public_id}/areas/path/words",
        data={"child_words": "", "scale_value": number},
    )
    assert response.status_code == 422
    assert "Choose a number from 0 to 10." in response.get_data(as_text=True)


@pytest.mark.parametrize("cursor", ["²", "٣", "99999999999999999999", "\x00"])
def test_the_api_refuses_a_cursor_that_is_not_a_plain_number(app, make_worker, cursor):
    from participation.caserecord.services import create_client

    worker = make_worker()
    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    http = app.test_client()
    http.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert http.get("/api/v1/entries", query_string={"since": cursor}).status_code == 400
    assert http.get("/api/v1/entries", query_string={"limit": cursor}).status_code == 400


@pytest.mark.parametrize("interpreter", ["abc", "²", "99999999999999999999"])
def test_a_translation_sent_to_a_made_up_interpreter_is_not_found(
    app, make_worker, make_child, make_family, make_member, member_phone, interpreter
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    phone = member_phone(make_member(family, worker))
    phone.post(
        "/network/journal/new",
        data={"plan_worked": "yes", "what_happened": "Babcia odebrała Amy.", "language": "pl"},
    )
    from participation.journal.models import JournalEntry

    entry = db.session.scalars(select(JournalEntry)).one()
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    url = f"/translations/journal/{entry.public_id}"
    assert staff.post(url, data={"interpreter": interpreter}).status_code == 404


@pytest.mark.parametrize("version", ["99999999999999999999", "²", "-1"])
def test_a_young_persons_save_with_a_strange_version_is_refused_not_a_crash(
    make_worker, make_young_person, yp_phone, version
):
    phone = yp_phone(make_young_person(make_worker()))
    data = {"version": version, "in_my_words": "I want a flat", "want_to_achieve": ""}
    response = phone.post("/my-plan/health", data=data)
    assert 400 <= response.status_code < 500
    assert "I want a flat" in response.get_data(as_text=True)  # the words come back to them
