import time
from datetime import timedelta

import pytest

from participation.auth.models import Role
from tests.helpers import PASSWORD, page_text


def test_worker_signs_in_and_lands_on_the_review_queue(client, auth, make_worker):
    worker = make_worker()
    response = auth.sign_in(worker)
    assert response.status_code == 302
    assert response.headers["Location"] == "/review"
    assert "Review" in page_text(client.get("/review"))


def test_wrong_password_is_refused_with_a_plain_message(client, auth, make_worker):
    worker = make_worker()
    response = auth.sign_in(worker, password="wrong")
    assert response.status_code == 422
    assert "That email and password don't match" in page_text(response)
    assert client.get("/review").status_code == 302


def test_passwords_are_stored_hashed(make_worker):
    worker = make_worker()
    assert "correct horse" not in worker.password_hash
    assert worker.password_hash.startswith("scrypt:")


def test_sign_in_does_not_redirect_off_site(client, auth, make_worker):
    worker = make_worker()
    response = client.post(
        "/staff/sign-in?next=//evil.example/steal",
        data={"email": worker.email, "password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == "/review"


@pytest.mark.rate_limited
def test_repeated_failures_on_one_account_wait_a_while(client, make_worker):
    worker = make_worker()
    statuses = [
        client.post("/staff/sign-in", data={"email": worker.email, "password": "nope"}).status_code
        for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    assert "Please wait 15 seconds" in page_text(
        client.post("/staff/sign-in", data={"email": worker.email, "password": "nope"})
    )


@pytest.mark.rate_limited
def test_one_address_trying_many_accounts_is_rate_limited(client):
    statuses = [
        client.post(
            "/staff/sign-in", data={"email": f"w{n}@example.org", "password": "no"}
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    assert "Too many tries" in page_text(
        client.post("/staff/sign-in", data={"email": "w99@example.org", "password": "nope"})
    )


def test_idle_staff_session_is_signed_out(app, client, auth, make_worker):
    worker = make_worker()
    auth.sign_in(worker)
    assert client.get("/children").status_code == 200
    with client.session_transaction() as session:
        session["staff_seen"] -= (app.config["STAFF_IDLE_TIMEOUT"] + timedelta(minutes=1)).seconds
    response = client.get("/children")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")


def test_expired_session_on_htmx_request_gets_401_with_hx_redirect(client):
    response = client.post("/review/some-id/analysis", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/staff/sign-in")


@pytest.mark.csrf
def test_forms_require_a_csrf_token(client, make_worker):
    worker = make_worker()
    response = client.post("/staff/sign-in", data={"email": worker.email, "password": "x"})
    assert response.status_code == 400
    assert "Please try again" in page_text(response)


def test_sign_out_ends_the_session(client, auth, make_worker):
    auth.sign_in(make_worker(role=Role.TEAM_MANAGER))
    auth.sign_out()
    assert client.get("/children").status_code == 302


def test_two_step_sign_in_can_be_turned_on_and_is_then_required(app, client, auth, make_worker):
    import pyotp

    worker = make_worker()
    auth.sign_in(worker)
    client.post("/staff/two-step", data={"action": "start"})
    page = client.get("/staff/two-step").get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in page
    secret = page.split("<code>")[1].split("</code>")[0]
    wrong = client.post("/staff/two-step", data={"action": "confirm", "code": "000000"})
    assert wrong.status_code == 422
    code = pyotp.TOTP(secret).now()
    client.post("/staff/two-step", data={"action": "confirm", "code": code, "password": PASSWORD})
    assert "Two-step sign-in is on." in page_text(client.get("/staff/two-step"))
    auth.sign_out()

    response = auth.sign_in(worker)
    assert response.headers["Location"].startswith("/staff/sign-in/code")
    assert client.get("/children").status_code == 302  # not signed in yet
    bad = client.post("/staff/sign-in/code", data={"code": "123456"})
    assert bad.status_code == 422 and "That code didn't work" in page_text(bad)
    # The code that turned it on is used up: the next one signs in.
    good = client.post(
        "/staff/sign-in/code", data={"code": pyotp.TOTP(secret).at(time.time() + 30)}
    )
    assert good.headers["Location"] == "/review"
    assert client.get("/children").status_code == 200


def test_the_code_step_cannot_be_reached_without_the_password(client):
    assert (
        client.post("/staff/sign-in/code", data={"code": "123456"}).headers["Location"]
        == "/staff/sign-in"
    )
