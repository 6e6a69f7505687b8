"""The case-record API answers every error as RFC 9457 problem details, never an HTML
page, and its OpenAPI document lists the error answers of every operation."""

import pytest
from flask import abort
from sqlalchemy.exc import OperationalError

from participation import create_app
from participation.caserecord import routes as api_routes
from participation.caserecord.services import create_client
from participation.extensions import db
from participation.problems import Refused

OPERATIONS = [
    ("GET", "/api/v1/entries"),
    ("GET", "/api/v1/entries/{id}"),
    ("GET", "/api/v1/entries/{id}/files/{file_id}"),
    ("POST", "/api/v1/entries/{id}/filed"),
]
MISSING = {"id": "00000000-0000-0000-0000-000000000000", "file_id": "nope"}


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["type"] and body["title"] and body["detail"]
    assert "<html" not in response.get_data(as_text=True).lower()
    return body


@pytest.fixture
def token(app, make_worker) -> str:
    _client, plain = create_client("Mosaic", make_worker().team_id)
    db.session.commit()
    return plain


def call(client, method: str, path: str, token: str | None = None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.open(path.format(**MISSING), method=method, headers=headers, **kwargs)


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_every_operation_answers_its_errors_as_problem_details(client, token, method, path):
    body = assert_problem(call(client, method, path), 401)
    assert body["detail"] == "A valid API token is needed."
    assert call(client, method, path).headers["WWW-Authenticate"].startswith("Bearer")
    assert_problem(call(client, method, path, "not-a-token"), 401)
    # A NUL in the query is refused before it reaches the database.
    assert_problem(call(client, method, path, token, query_string={"since": "\x00"}), 400)
    wrong = "DELETE"
    assert_problem(call(client, wrong, path, token), 405)
    if "{id}" in path:
        assert_problem(call(client, method, path, token), 404)


def test_a_bad_cursor_is_a_400_problem(client, token):
    body = assert_problem(call(client, "GET", "/api/v1/entries?since=abc", token), 400)
    assert "since must be a whole number" in body["detail"]


def test_an_unknown_api_address_is_a_404_problem(client, token):
    assert_problem(call(client, "GET", "/api/v1/nothing-here", token), 404)


@pytest.mark.parametrize("status", [403, 409, 422])
def test_refusals_from_inside_the_api_are_problems_too(client, token, monkeypatch, status):
    def refuse(*_args):
        if status == 422:
            raise Refused("That entry cannot be filed.", 422)
        abort(status)

    monkeypatch.setattr(api_routes, "entry_for_client_or_404", refuse)
    assert_problem(call(client, "POST", "/api/v1/entries/{id}/filed", token), status)


def test_database_down_is_a_503_problem(client, token, monkeypatch):
    def down(*_args):
        # As SQLAlchemy raises it when the driver reports a lost connection.
        raise OperationalError(
            "SELECT", {}, Exception("server closed the connection"), connection_invalidated=True
        )

    monkeypatch.setattr(api_routes, "entries_since", down)
    response = call(client, "GET", "/api/v1/entries", token)
    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "60"


def test_an_unexpected_failure_in_production_is_a_500_problem(app_config, token, monkeypatch):
    production_like = create_app({**app_config, "TESTING": False})

    def broken(*_args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api_routes, "entries_since", broken)
    response = call(production_like.test_client(), "GET", "/api/v1/entries", token)
    with production_like.app_context():
        db.engine.dispose()  # its own pool: close its connections now, not at garbage time
    body = assert_problem(response, 500)
    assert "a bug" not in body["detail"]


def test_the_openapi_document_lists_the_error_answers_of_every_operation(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = [(m.upper(), f"/api/v1{p}") for p, ops in spec["paths"].items() for m in ops]
    assert sorted(operations) == sorted(OPERATIONS)
    problem = spec["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    for path, ops in spec["paths"].items():
        for method, operation in ops.items():
            answers = operation["responses"]
            for status in ("400", "401", "500", "503"):
                assert status in answers, f"{method} {path} does not list {status}"
            if "{id}" in path:
                assert "404" in answers
            for status, answer in answers.items():
                if status.startswith(("4", "5")):
                    name = answer["$ref"].rsplit("/", 1)[-1]
                    content = spec["components"]["responses"][name]["content"]
                    schema = content["application/problem+json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Problem"}
