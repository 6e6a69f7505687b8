"""Every absolute link the app hands out is on the configured base URL, whatever Host header
the request carried (a forged Host must not put another address into an invitation)."""

import pytest

from participation import create_app
from participation.caserecord.services import create_client
from participation.extensions import db
from tests.fakes.notify import NOTIFY_SETTINGS
from tests.helpers import png_bytes, upload
from tests.test_caserecord import hook  # noqa: F401 (a fixture)

BASE = "https://participation.example.gov.uk"
EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "BASE_URL": BASE + "/"}


def forged(client) -> dict:
    """A forged Host from the signed-in device (its cookies copied for that host, which the
    test client would otherwise hold back)."""
    for cookie in list(client._cookies.values()):
        client.set_cookie(cookie.key, cookie.value, domain="evil.example")
    return EVIL


def assert_links_on_base(text: str) -> None:
    assert "evil.example" not in text
    assert BASE in text


@pytest.fixture
def sent(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/finish")
    return worker, activity


def test_a_network_invitation_link_is_on_the_base_url(
    client, auth, make_worker, make_child, make_family, make_member
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    auth.sign_in(worker)
    shown = client.post(f"/families/members/{member.public_id}/invite")
    page = client.get(shown.headers["Location"], headers=forged(client)).get_data(as_text=True)
    assert f"{BASE}/join/" in page
    assert_links_on_base(page)


def test_a_young_persons_invitation_link_is_on_the_base_url(
    client, auth, make_worker, make_young_person
):
    from participation.auth.models import Role

    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser)
    auth.sign_in(adviser)
    url = f"/young-people/{person.public_id}/invite"
    shown = client.post(url)
    page = client.get(shown.headers["Location"], headers=forged(client)).get_data(as_text=True)
    assert f"{BASE}/yp/join/" in page
    assert_links_on_base(page)


def test_the_childs_code_page_and_qr_point_at_the_base_url(
    client, auth, make_worker, make_child, make_activity, monkeypatch
):
    import participation.codes.routes as code_routes

    encoded: list[str] = []
    real_make = code_routes.qrcode.make
    monkeypatch.setattr(
        code_routes.qrcode, "make", lambda data, **kw: encoded.append(data) or real_make(data, **kw)
    )
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    auth.sign_in(worker)
    issued = client.post(f"/codes/activity/{activity.public_id}")
    response = client.get(issued.headers["Location"], headers=forged(client))
    assert response.status_code == 200
    assert_links_on_base(response.get_data(as_text=True))
    assert encoded and all(target.startswith(f"{BASE}/start") for target in encoded)


def test_api_and_export_links_are_on_the_base_url(app, client, auth, sent):
    worker, activity = sent
    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    api = app.test_client()
    headers = {**EVIL, "Authorization": f"Bearer {token}"}
    listing = api.get("/api/v1/entries", headers=headers).get_json()
    assert listing["entries"][0]["url"].startswith(f"{BASE}/api/v1/entries/")
    entry = api.get(f"/api/v1/entries/{activity.public_id}", headers=headers)
    assert_links_on_base(entry.get_data(as_text=True))
    auth.sign_in(worker)
    export = client.get(f"/record/activity/{activity.public_id}.json", headers=forged(client))
    assert export.status_code == 200
    assert_links_on_base(export.get_data(as_text=True))


def test_a_base_url_with_a_path_keeps_it(app_config):
    app = create_app({**app_config, "BASE_URL": "https://council.example/participation/"})
    from participation.links import external_url

    with app.test_request_context("/", headers=EVIL):
        assert external_url("start.enter_code") == "https://council.example/participation/start"


def test_development_defaults_to_the_local_address(app_config):
    config = {k: v for k, v in app_config.items() if k != "BASE_URL"}
    assert create_app(config).config["BASE_URL"] == "http://127.0.0.1:5000"


def test_production_refuses_to_start_without_a_base_url(tmp_path, monkeypatch):
    monkeypatch.delenv("PARTICIPATION_BASE_URL", raising=False)
    production = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": "k" * 48,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "ALLOW_PER_PROCESS_LIMITS": True,
        **NOTIFY_SETTINGS,
    }
    with pytest.raises(RuntimeError, match="PARTICIPATION_BASE_URL"):
        create_app(production)
    with pytest.raises(RuntimeError, match="https"):
        create_app({**production, "BASE_URL": "http://participation.example.gov.uk"})
    with pytest.raises(RuntimeError, match="PARTICIPATION_BASE_URL"):
        create_app({**production, "BASE_URL": "participation.example.gov.uk"})
    assert create_app({**production, "BASE_URL": BASE}).config["BASE_URL"] == BASE


def test_the_webhook_body_links_to_the_entry_on_the_base_url(
    app,
    hook,  # noqa: F811
    make_worker,
    make_child,
    make_activity,
    make_code,
):
    import json

    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    finished = tablet.post(f"/activities/{activity.public_id}/finish", headers=forged(tablet))
    assert finished.status_code == 302
    from participation.jobs.testing import run_jobs

    run_jobs()  # the queue sends it, away from the request and its forged Host header
    _signature, body = hook["received"][0]
    assert json.loads(body)["url"] == f"{BASE}/api/v1/entries/{activity.public_id}"
