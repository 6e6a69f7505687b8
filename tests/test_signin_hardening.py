"""Sign-in that can't be turned against people: redirects, lock-outs, shared limits, two-step
codes, timing, one-time codes and switching accounts off."""

import hashlib
import json
import logging
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.auth.models import Role, Worker
from participation.caserecord.models import ApiClient
from participation.caserecord.services import create_client
from participation.db_types import utcnow
from participation.extensions import db, limiter
from participation.jobs.testing import run_jobs
from participation.notify import outbox
from participation.pathway.models import OneTimeCode, YoungPerson
from participation.redirects import is_safe_path, safe_next
from participation.throttle import FIRST_WAIT_SECONDS, FREE_FAILURES, MAX_WAIT_SECONDS
from tests.fakes.notify import NOTIFY_SETTINGS
from tests.helpers import PASSWORD, page_text

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def from_address(app, address: str):
    """A test client whose requests come from one IP address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def wrong(client, email: str):
    return client.post("/staff/sign-in", data={"email": email, "password": "not the password"})


# 1. next= never leaves the site ---------------------------------------------------------------

BYPASSES = [
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",  # what next=/%09/evil.example arrives as
    "/\n/evil.example",
    "/\r/x",  # a raw CR in a Location header was a 500
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "@evil.example",
    "/\x00/evil.example",
    "/\u3000/evil.example",
    "/\u2028/evil.example",
    "/%0d%0aSet-Cookie:x=y\r\nLocation: //evil.example",
    "",
    None,
]


@pytest.mark.parametrize("target", BYPASSES)
def test_a_redirect_target_that_could_leave_the_site_falls_back(target):
    assert not is_safe_path(target)
    assert safe_next(target, "/review") == "/review"


@pytest.mark.parametrize("target", ["/children", "/review?tab=new#x", "/a/b%2F%2Fc", "/yp/join"])
def test_a_path_on_this_site_is_kept(target):
    assert safe_next(target, "/review") == target


@pytest.mark.parametrize("query", ["/%09/evil.example", "/%0D/x", "/%5Cevil.example", "//evil"])
def test_sign_in_never_sends_a_worker_off_site(client, make_worker, query):
    worker = make_worker()
    response = client.post(
        f"/staff/sign-in?next={query}", data={"email": worker.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/review"


def test_the_two_step_page_never_sends_a_worker_off_site(client, make_worker):
    worker = make_worker()
    worker.totp_secret = pyotp.random_base32()
    db.session.commit()
    first = client.post(
        "/staff/sign-in?next=/%09/evil.example", data={"email": worker.email, "password": PASSWORD}
    )
    assert "evil" not in first.headers["Location"]
    # Even if the link to the code step itself carries the bad target:
    code = pyotp.TOTP(worker.totp_secret).now()
    response = client.post("/staff/sign-in/code?next=/%09/evil.example", data={"code": code})
    assert response.status_code == 302 and response.headers["Location"] == "/review"


def test_a_good_next_still_works(client, make_worker):
    worker = make_worker()
    response = client.post(
        "/staff/sign-in?next=/children", data={"email": worker.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/children"


# 2. A stranger's wrong passwords don't lock the real person out ------------------------------


@pytest.mark.rate_limited
def test_wrong_passwords_from_another_address_do_not_lock_the_worker_out(app, make_worker):
    worker = make_worker()
    stranger = from_address(app, "203.0.113.7")
    statuses = [wrong(stranger, worker.email).status_code for _ in range(24)]
    assert 429 in statuses  # the stranger is slowed down...
    real = from_address(app, "198.51.100.20")
    response = real.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert response.status_code == 302  # ...but the worker on their own device gets in
    assert real.get("/children").status_code == 200


@pytest.mark.rate_limited
def test_the_person_guessing_is_told_plainly_how_long_to_wait(app, make_worker):
    worker = make_worker()
    stranger = from_address(app, "203.0.113.7")
    assert [wrong(stranger, worker.email).status_code for _ in range(FREE_FAILURES)] == [422] * 5
    slowed = wrong(stranger, worker.email)
    assert slowed.status_code == 429
    assert f"Please wait {FIRST_WAIT_SECONDS} seconds and try again" in page_text(slowed)
    # Flask-Limiter may lengthen it to the end of its own window, never shorten it.
    assert int(slowed.headers["Retry-After"]) >= FIRST_WAIT_SECONDS
    # Not a lock: once the wait is over the same address may try again.
    assert wrong(stranger, worker.email).status_code == 429
    # Even the right password waits from the address that got it wrong (no free guess).
    right = stranger.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert right.status_code == 429


@pytest.mark.rate_limited
def test_the_wait_grows_and_is_capped(app):
    from participation.throttle import AccountThrottle

    waits = []
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        throttle = AccountThrottle("staff", "someone@example.org")
        for _ in range(FREE_FAILURES + 8):
            throttle.failed()
            waits.append(throttle.wait_seconds())
    assert waits[: FREE_FAILURES - 1] == [0] * (FREE_FAILURES - 1)
    assert waits[FREE_FAILURES - 1 : FREE_FAILURES + 2] == [15, 30, 60]
    assert max(waits) == MAX_WAIT_SECONDS and waits[-1] == MAX_WAIT_SECONDS


@pytest.mark.rate_limited
def test_a_wide_attack_slows_every_address(app, make_worker):
    from participation.throttle import WIDE_ATTACK_FAILURES, AccountThrottle

    worker = make_worker()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        throttle = AccountThrottle("staff", worker.email)
        for _ in range(WIDE_ATTACK_FAILURES):
            throttle.failed()
    fresh = from_address(app, "198.51.100.20")
    response = fresh.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert response.status_code == 429 and "Please wait" in page_text(response)


@pytest.mark.rate_limited
def test_wrong_passwords_from_another_address_do_not_lock_the_young_person_out(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r")
    stranger = from_address(app, "203.0.113.7")
    guesses = [
        stranger.post("/yp/sign-in", data={"username": "jordan.r", "password": "guess"})
        for _ in range(24)
    ]
    assert guesses[FREE_FAILURES].status_code == 429
    assert "Please wait" in page_text(guesses[FREE_FAILURES])
    real = from_address(app, "198.51.100.20")
    response = real.post(
        "/yp/sign-in", data={"username": "jordan.r", "password": "my long password"}
    )
    assert response.headers["Location"] == "/my-plan"


@pytest.mark.rate_limited
def test_code_guesses_count_against_the_young_persons_name_too(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    stranger = from_address(app, "203.0.113.7")
    data = {"username": "jordan.r", "code": "AAAA-AAAA"}
    statuses = [stranger.post("/yp/sign-in/code", data=data).status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]


# 3. Limits hold across servers; production refuses per-process limits ------------------------


def production_config(tmp_path, **extra) -> dict:
    return {
        "ENVIRONMENT": "production",
        "SECRET_KEY": "k" * 48,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "BASE_URL": "https://participation.example.gov.uk",
        **NOTIFY_SETTINGS,
        **extra,
    }


def test_production_refuses_to_start_with_per_process_rate_limits(tmp_path):
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        create_app(production_config(tmp_path))


def test_production_can_be_told_it_really_is_one_process_and_says_so_loudly(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        app = create_app(production_config(tmp_path, ALLOW_PER_PROCESS_LIMITS=True))
    assert app.config["ENVIRONMENT"] == "production"
    assert "RATE LIMITS ARE PER PROCESS" in caplog.text


def test_allowing_per_process_limits_can_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTICIPATION_ALLOW_PER_PROCESS_LIMITS", "1")
    create_app(production_config(tmp_path))


def test_production_with_redis_starts(tmp_path):
    create_app(production_config(tmp_path, RATELIMIT_STORAGE_URI=REDIS_URL))


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:
        return False


# Run in a separate process, like a second gunicorn worker or app server.
OTHER_SERVER = """
import json, sys
from participation import create_app
from participation.extensions import db
config = json.loads(sys.argv[1])
app = create_app(config)
with app.app_context():
    db.create_all()
client = app.test_client()
client.environ_base["REMOTE_ADDR"] = "203.0.113.50"
print(json.dumps([client.post("/start", data={"code": "AAAA-AAAA"}).status_code
                  for _ in range(int(sys.argv[2]))]))
"""


@pytest.fixture
def shared_prefix():
    """A key prefix of our own in the shared Redis; the global limiter keeps the first prefix it
    is given, so it is put back afterwards."""
    prefix = f"signin-{uuid.uuid4().hex[:12]}/"
    yield prefix
    limiter._key_prefix = ""  # noqa: SLF001 (Flask-Limiter has no public way to reset it)


@pytest.mark.skipif(not _redis_available(), reason="needs Redis at TEST_REDIS_URL")
def test_two_app_processes_share_one_rate_limit_budget(tmp_path, shared_prefix):
    config = {
        "TESTING": True,
        "ENVIRONMENT": "testing",
        "SECRET_KEY": "k" * 48,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.db'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": shared_prefix,
    }
    root = Path(__file__).resolve().parent.parent
    other = subprocess.run(  # noqa: S603
        [sys.executable, "-c", OTHER_SERVER, json.dumps(config), "6"],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
        timeout=60,
    )
    assert json.loads(other.stdout.strip().splitlines()[-1]) == [422] * 6

    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'me.db'}"})
    with app.app_context():
        db.create_all()
    here = from_address(app, "203.0.113.50")
    statuses = [here.post("/start", data={"code": "AAAA-AAAA"}).status_code for _ in range(5)]
    # "10 per minute" is 10 between both servers, not 10 each.
    assert statuses == [422] * 4 + [429]


NEW_PASSWORD = {"password": "my long password", "confirm": "my long password"}


@pytest.mark.rate_limited
@pytest.mark.parametrize("url", ["/start", "/join", "/yp/join", "/yp/sign-in/code"])
def test_many_addresses_together_cannot_make_many_code_guesses(app, url, caplog):
    statuses = []
    with caplog.at_level(logging.WARNING):
        for n in range(12):
            address = from_address(app, f"203.0.113.{n + 1}")
            # A different name from each address, so only the limit across addresses refuses.
            data = {"code": "AAAA-AAAA", "username": f"nobody{n}", **NEW_PASSWORD}
            statuses.append([address.post(url, data=data).status_code for _ in range(5)])
    # Until everyone together has made CODE_GUESS_LIMIT wrong guesses, each address has its
    # own 10 a minute; past it, each address is held to 3 wrong guesses (and those that had
    # already made 3 get no more), so 12 addresses can't make 60 guesses in a minute.
    assert statuses[:6] == [[422] * 5] * 6
    assert statuses[6:] == [[422] * 3 + [429] * 2] * 6
    assert sum(row.count(422) for row in statuses) == 48
    assert caplog.text.count("many wrong") == 1  # told to the admin once, not per guess


@pytest.mark.rate_limited
def test_a_child_with_a_good_code_gets_in_during_a_guessing_attack(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    code = make_code(make_activity(make_child(worker), worker), worker)
    for n in range(3):
        attacker = from_address(app, f"203.0.113.{n + 1}")
        for _ in range(10):
            attacker.post("/start", data={"code": "AAAA-AAAA"})  # well-formed, wrong
        for _ in range(10):
            attacker.post("/start", data={"code": ""})  # empty forms are not guesses
    refused = from_address(app, "203.0.113.1").post("/start", data={"code": "AAAA-AAAA"})
    assert refused.status_code == 429 and "Please wait" in page_text(refused)
    child = from_address(app, "198.51.100.20")
    assert child.post("/start", data={"code": code}).status_code == 302


@pytest.mark.rate_limited
def test_junk_forms_and_asking_for_a_code_are_not_guesses(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    for n in range(6):  # 36 refused forms: more than CODE_GUESS_LIMIT if they counted
        someone = from_address(app, f"203.0.113.{n + 1}")
        for junk in ({"code": "AB"}, {"code": ""}, {"username": ""}, {"username": f"x{n}"}):
            for _ in range(2):
                someone.post("/yp/sign-in/code", data=junk)
    outbox.clear()
    phone = from_address(app, "198.51.100.20")
    assert phone.post("/yp/sign-in/code", data={"username": "jordan.r"}).status_code == 200
    run_jobs()
    code = outbox[-1][1].split("code is ")[1][:9]
    response = phone.post("/yp/sign-in/code", data={"username": "jordan.r", "code": code})
    assert response.headers["Location"] == "/my-plan"


@pytest.mark.rate_limited
def test_a_stranger_s_wrong_tries_do_not_make_the_worker_wait_after_one_slip(app, make_worker):
    worker = make_worker()
    stranger = from_address(app, "203.0.113.7")
    assert wrong(stranger, worker.email).status_code == 422
    for _ in range(7):
        wrong(stranger, worker.email)
    assert wrong(stranger, worker.email).status_code == 429
    real = from_address(app, "198.51.100.20")
    assert wrong(real, worker.email).status_code == 422  # one slip of their own
    response = real.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert response.status_code == 302


def _wide_attack(app, email: str) -> None:
    from participation.throttle import WIDE_ATTACK_FAILURES

    per_address = FREE_FAILURES - 1  # each address stays under its own wait
    for n in range(WIDE_ATTACK_FAILURES // per_address):
        attacker = from_address(app, f"10.{n // 250}.{n % 250}.1")
        for _ in range(per_address):
            assert wrong(attacker, email).status_code == 422


@pytest.mark.rate_limited
def test_a_wide_attack_from_many_networks_slows_new_devices_but_not_a_known_one(app, make_worker):
    worker = make_worker()
    laptop = from_address(app, "198.51.100.20")
    signed = laptop.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert signed.status_code == 302
    (device_cookie,) = [
        c for c in signed.headers.getlist("Set-Cookie") if c.startswith("participation_device=")
    ]
    assert "HttpOnly" in device_cookie and "Max-Age=31536000" in device_cookie
    laptop.post("/staff/sign-out")
    _wide_attack(app, worker.email)
    fresh = from_address(app, "198.51.100.30")
    response = fresh.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert response.status_code == 429 and "Please wait" in page_text(response)
    # A made-up device cookie, or one from another account, doesn't skip the wait.
    other = make_worker()
    elsewhere = from_address(app, "198.51.100.31")
    assert (
        elsewhere.post(
            "/staff/sign-in", data={"email": other.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert wrong(elsewhere, worker.email).status_code == 429
    fresh.set_cookie("participation_device", "A" * 22 + "." + "0" * 32)
    assert wrong(fresh, worker.email).status_code == 429
    # The worker's own laptop has signed in to this account before: it gets straight in.
    again = laptop.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert again.status_code == 302
    assert laptop.get("/children").status_code == 200


def test_every_address_in_one_ipv6_64_is_one_network():
    from participation.addresses import network_of

    assert network_of("2001:db8:1:2:a:b:c:d") == "2001:db8:1:2::/64"
    assert network_of("2001:db8:1:2::ffff") == network_of("2001:db8:1:2:a:b:c:d")
    assert network_of("2001:db8:1:3::1") != network_of("2001:db8:1:2::1")
    # IPv4 stays one address: a whole school behind one NAT address is already one.
    assert network_of("203.0.113.7") == "203.0.113.7"
    assert network_of("203.0.113.8") != network_of("203.0.113.7")
    assert network_of("::ffff:203.0.113.7") == "203.0.113.7"


@pytest.mark.rate_limited
def test_thirty_addresses_from_one_ipv6_64_share_one_allowance(app, make_worker):
    worker = make_worker()
    addresses = [from_address(app, f"2001:db8:1:2::{n + 1:x}") for n in range(30)]
    # The route limit (10 a minute) counts the /64 as one...
    statuses = [a.post("/start", data={"code": "AAAA-AAAA"}).status_code for a in addresses]
    assert statuses[:10] == [422] * 10 and set(statuses[10:]) == {429}
    # ...and so does the growing wait on an account.
    tries = [wrong(a, worker.email).status_code for a in addresses[: FREE_FAILURES + 1]]
    assert tries == [422] * FREE_FAILURES + [429]
    elsewhere = from_address(app, "2001:db8:1:3::1")
    response = elsewhere.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert response.status_code == 302


# 4. Two-step codes work once; changing two-step needs the password --------------------------


def turn_on_two_step(client, auth, worker) -> str:
    auth.sign_in(worker)
    client.post("/staff/two-step", data={"action": "start"})
    page = client.get("/staff/two-step").get_data(as_text=True)
    secret = page.split("<code>")[1].split("</code>")[0]
    code = pyotp.TOTP(secret).now()
    no_password = client.post("/staff/two-step", data={"action": "confirm", "code": code})
    assert no_password.status_code == 422
    on = client.post(
        "/staff/two-step", data={"action": "confirm", "code": code, "password": PASSWORD}
    )
    assert on.status_code == 302
    return secret


def code_at(secret: str, steps_from_now: int) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_from_now)


def test_a_two_step_code_works_only_once(app, client, auth, make_worker):
    worker = make_worker()
    secret = turn_on_two_step(client, auth, worker)
    auth.sign_out()
    # The code used to turn it on can't sign in.
    auth.sign_in(worker)
    used = pyotp.TOTP(secret).now()
    assert client.post("/staff/sign-in/code", data={"code": used}).status_code == 422
    fresh = code_at(secret, 1)
    assert client.post("/staff/sign-in/code", data={"code": fresh}).status_code == 302
    auth.sign_out()
    # Someone who saw that code over a shoulder can't use it on another device.
    other = app.test_client()
    other.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    replay = other.post("/staff/sign-in/code", data={"code": fresh})
    assert replay.status_code == 422
    assert other.get("/children").status_code == 302


def test_turning_two_step_off_needs_the_password(client, auth, make_worker):
    worker = make_worker()
    secret = turn_on_two_step(client, auth, worker)
    refused = client.post(
        "/staff/two-step", data={"action": "turn_off", "code": code_at(secret, 1)}
    )
    assert refused.status_code == 422
    assert db.session.get(Worker, worker.id).totp_secret == secret
    off = client.post(
        "/staff/two-step",
        data={"action": "turn_off", "code": code_at(secret, 1), "password": PASSWORD},
    )
    assert off.status_code == 302
    assert db.session.get(Worker, worker.id).totp_secret is None


@pytest.mark.rate_limited
def test_guesses_on_turn_off_are_limited(client, auth, make_worker):
    worker = make_worker()
    turn_on_two_step(client, auth, worker)
    data = {"action": "turn_off", "code": "000000", "password": PASSWORD}
    statuses = [client.post("/staff/two-step", data=data).status_code for _ in range(11)]
    assert statuses[:9] == [422] * 9  # the failed confirm counted as one
    assert statuses[-1] == 429


@pytest.mark.rate_limited
def test_wrong_passwords_on_the_two_step_page_earn_the_sign_in_wait(client, auth, make_worker):
    worker = make_worker()
    auth.sign_in(worker)
    client.post("/staff/two-step", data={"action": "start"})
    data = {"action": "confirm", "code": "000000", "password": "a guess"}
    statuses = [client.post("/staff/two-step", data=data).status_code for _ in range(6)]
    assert statuses == [422] * FREE_FAILURES + [429]
    slowed = client.post("/staff/two-step", data={**data, "password": PASSWORD})
    assert slowed.status_code == 429
    assert f"Please wait {FIRST_WAIT_SECONDS} seconds" in page_text(slowed)
    # Counted with sign-in on the same account: this network waits there too.
    assert wrong(client, worker.email).status_code == 429


def test_ticking_an_action_goes_back_only_to_a_page_on_this_site(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    phone = yp_phone(make_young_person(adviser))
    phone.post("/my-plan/money/actions", data={"what": "Call the bank"})
    page = phone.get("/my-plan/money").get_data(as_text=True)
    action_id = page.split("/my-plan/actions/")[1].split("/")[0]
    done = f"/my-plan/actions/{action_id}/done"
    for referrer in ("https://evil.example/my-plan", "//evil.example/", "javascript:alert(1)"):
        response = phone.post(done, data={"done": "yes"}, headers={"Referer": referrer})
        assert response.headers["Location"] == "/my-plan", referrer
    back = phone.post(
        done, data={"done": "yes"}, headers={"Referer": "http://localhost/my-plan/money?x=1"}
    )
    assert back.headers["Location"] == "/my-plan/money?x=1"


# 5. A young person's sign-in name can't be found by timing ----------------------------------


def test_an_unknown_name_costs_the_same_hashing_as_a_real_one(
    app, monkeypatch, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r")
    real_scrypt = hashlib.scrypt
    calls = []

    def counting_scrypt(*args, **kwargs):
        calls.append(1)
        return real_scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    work = {}
    for name in ("jordan.r", "nobody.at.all"):
        calls.clear()
        response = app.test_client().post(
            "/yp/sign-in", data={"username": name, "password": "wrong password"}
        )
        assert response.status_code == 422
        work[name] = len(calls)
    assert work == {"jordan.r": 1, "nobody.at.all": 1}


# 6. Only a few one-time codes work at once ------------------------------------------------


def _age_codes(seconds: int) -> None:
    """As if the codes sent so far had been sent `seconds` earlier."""
    for row in db.session.scalars(select(OneTimeCode)):
        row.created_at -= timedelta(seconds=seconds)
    db.session.commit()


def test_at_most_three_one_time_codes_work_at_once(app, make_worker, make_young_person, yp_phone):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    person = make_young_person(adviser)
    yp_phone(person, username="jordan.r", contact="07700 900123")
    outbox.clear()
    phone = app.test_client()
    for _ in range(5):
        phone.post("/yp/sign-in/code", data={"username": "jordan.r"})
        run_jobs()
        _age_codes(61)  # one a minute is the most sent to one name
    codes = [text.split("code is ")[1][:9] for _to, text in outbox]
    assert len(codes) == 5
    valid = db.session.scalar(
        select(func.count()).select_from(OneTimeCode).where(OneTimeCode.expires_at > utcnow())
    )
    assert valid == 3
    for old in codes[:2]:
        tried = app.test_client().post(
            "/yp/sign-in/code", data={"username": "jordan.r", "code": old}
        )
        assert tried.status_code == 422, old
    newest = app.test_client().post(
        "/yp/sign-in/code", data={"username": "jordan.r", "code": codes[2]}
    )
    assert newest.headers["Location"] == "/my-plan"
    assert db.session.scalars(select(YoungPerson)).one().username == "jordan.r"


def test_strangers_asking_again_neither_flood_the_young_person_nor_stop_their_code(
    app, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    outbox.clear()
    phone = app.test_client()
    asked = phone.post("/yp/sign-in/code", data={"username": "jordan.r"})
    run_jobs()
    code = outbox[-1][1].split("code is ")[1][:9]
    strangers = [
        app.test_client().post("/yp/sign-in/code", data={"username": "jordan.r"}) for _ in range(5)
    ]
    # The same answer every time, so a stranger can't tell that nothing was sent.
    assert {page_text(r) for r in strangers} == {page_text(asked)}
    run_jobs()
    assert len(outbox) == 1
    response = phone.post("/yp/sign-in/code", data={"username": "jordan.r", "code": code})
    assert response.headers["Location"] == "/my-plan"


def test_at_most_five_codes_an_hour_go_to_one_name(app, make_worker, make_young_person, yp_phone):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    outbox.clear()
    for _ in range(8):
        app.test_client().post("/yp/sign-in/code", data={"username": "jordan.r"})
        run_jobs()
        _age_codes(5 * 60)
    assert len(outbox) == 5
    _age_codes(60 * 60)
    app.test_client().post("/yp/sign-in/code", data={"username": "jordan.r"})
    run_jobs()
    assert len(outbox) == 6


def test_an_unknown_name_makes_the_same_database_trips_as_a_real_one(
    app, make_worker, make_young_person, yp_phone
):
    from sqlalchemy import event

    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    selects = []

    def count(conn, cursor, statement, *args):
        selects.append(statement.split()[0].upper())

    trips = {}
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for name in ("jordan.r", "nobody.at.all"):
            selects.clear()
            app.test_client().post("/yp/sign-in/code", data={"username": name})
            trips[name] = [kind for kind in selects if kind == "SELECT"]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert trips["jordan.r"] == trips["nobody.at.all"]


def test_a_one_time_code_works_once(app, make_worker, make_young_person, yp_phone):
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    outbox.clear()
    app.test_client().post("/yp/sign-in/code", data={"username": "jordan.r"})
    run_jobs()
    data = {"username": "jordan.r", "code": outbox[-1][1].split("code is ")[1][:9]}
    assert app.test_client().post("/yp/sign-in/code", data=data).status_code == 302
    assert app.test_client().post("/yp/sign-in/code", data=data).status_code == 422


def test_two_phones_racing_with_one_code_let_only_one_in(
    app, monkeypatch, make_worker, make_young_person, yp_phone
):
    from sqlalchemy import update

    from participation.pathway import sign_in as services

    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    outbox.clear()
    app.test_client().post("/yp/sign-in/code", data={"username": "jordan.r"})
    run_jobs()
    data = {"username": "jordan.r", "code": outbox[-1][1].split("code is ")[1][:9]}
    calls = []

    def other_phone_wins(*args):
        # The second clock reading comes after the code was found: the other phone uses the
        # code in that moment, between this phone's check and its write.
        calls.append(1)
        if len(calls) == 2:
            db.session.execute(update(OneTimeCode).values(used_at=utcnow()))
        return utcnow()

    monkeypatch.setattr(services, "utcnow", other_phone_wins)
    response = app.test_client().post("/yp/sign-in/code", data=data)
    assert response.status_code == 422
    assert len(calls) >= 2


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="SQLite runs one writer at a time, so it can't show the race",
)
def test_two_threads_with_one_code_let_only_one_in(
    app, monkeypatch, make_worker, make_young_person, yp_phone
):
    import threading

    from participation.pathway import sign_in as services

    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    outbox.clear()
    app.test_client().post("/yp/sign-in/code", data={"username": "jordan.r"})
    run_jobs()
    data = {"username": "jordan.r", "code": outbox[-1][1].split("code is ")[1][:9]}
    db.session.remove()
    both_checked = threading.Barrier(2, timeout=10)
    local = threading.local()

    def clock(*args):
        # Each thread's second clock reading is after its check: wait there for the other.
        local.calls = getattr(local, "calls", 0) + 1
        if local.calls == 2:
            both_checked.wait()
        return utcnow()

    monkeypatch.setattr(services, "utcnow", clock)
    statuses = []

    def phone():
        with app.app_context():
            statuses.append(app.test_client().post("/yp/sign-in/code", data=data).status_code)

    threads = [threading.Thread(target=phone) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [302, 422]


# 7. Switching staff off and revoking API tokens without SQL ---------------------------------


@pytest.fixture
def admin(make_worker):
    return make_worker(role=Role.ADMIN, name="Robin Admin")


def signed_in(app, worker):
    client = app.test_client()
    assert (
        client.post(
            "/staff/sign-in", data={"email": worker.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


def test_an_admin_switches_a_worker_off_and_their_session_ends_at_once(app, admin, make_worker):
    worker = make_worker(name="Sam Okafor")
    workers_phone = signed_in(app, worker)
    assert workers_phone.get("/children").status_code == 200
    desk = signed_in(app, admin)
    page = page_text(desk.get("/admin/accounts"))
    assert "Sam Okafor" in page and worker.email in page
    response = desk.post(f"/admin/staff/{worker.id}/switch-off")
    assert response.status_code == 302
    assert "switched off" in page_text(desk.get("/admin/accounts"))
    # The worker's next request is refused, and they can't sign in again.
    assert workers_phone.get("/children").status_code == 302
    again = app.test_client().post(
        "/staff/sign-in", data={"email": worker.email, "password": PASSWORD}
    )
    assert again.status_code == 422
    desk.post(f"/admin/staff/{worker.id}/switch-on")
    assert signed_in(app, worker).get("/children").status_code == 200


def test_an_admin_cannot_switch_themselves_off(app, admin):
    desk = signed_in(app, admin)
    assert desk.post(f"/admin/staff/{admin.id}/switch-off").status_code == 409
    assert db.session.get(Worker, admin.id).active


def test_a_revoked_api_token_gets_401_on_its_next_call(app, admin, team):
    client, token = create_client("Mosaic (Northside)", team.id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert api.get("/api/v1/entries?since=0").status_code == 200
    desk = signed_in(app, admin)
    assert "Mosaic (Northside)" in page_text(desk.get("/admin/accounts"))
    assert desk.post(f"/admin/api-clients/{client.id}/revoke").status_code == 302
    assert api.get("/api/v1/entries?since=0").status_code == 401


@pytest.mark.parametrize(
    "role",
    [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PERSONAL_ADVISER, Role.INTERPRETER],
)
def test_only_an_admin_may_manage_accounts(app, make_worker, team, role):
    someone = make_worker(role=role)
    target = make_worker(name="Target Worker")
    client, _token = create_client("Mosaic", team.id)
    db.session.commit()
    browser = signed_in(app, someone)
    assert browser.get("/admin/accounts").status_code == 403
    assert browser.post(f"/admin/staff/{target.id}/switch-off").status_code == 403
    assert browser.post(f"/admin/api-clients/{client.id}/revoke").status_code == 403
    assert db.session.get(Worker, target.id).active
    assert db.session.get(ApiClient, client.id).revoked_at is None


def test_the_admin_page_shows_no_casework(app, admin, make_worker, make_child):
    worker = make_worker()
    make_child(worker, name="Amy Clarke")
    response = signed_in(app, admin).get("/admin/accounts")
    page = page_text(response)
    assert response.status_code == 200 and worker.name in page
    assert "Amy Clarke" not in page and "REF-" not in page


def test_the_command_line_switches_staff_off_and_on_and_revokes_tokens(app, make_worker, team):
    worker = make_worker()
    phone = signed_in(app, worker)
    client, token = create_client("Liquidlogic", team.id)
    db.session.commit()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["staff", "deactivate", worker.email.upper()])
    assert result.exit_code == 0, result.output
    assert phone.get("/children").status_code == 302
    assert not db.session.get(Worker, worker.id).active

    assert runner.invoke(args=["staff", "activate", worker.email]).exit_code == 0
    assert db.session.get(Worker, worker.id).active

    assert runner.invoke(args=["api-client", "revoke", "Liquidlogic"]).exit_code == 0
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert api.get("/api/v1/entries?since=0").status_code == 401

    missing = runner.invoke(args=["staff", "deactivate", "nobody@example.org"])
    assert missing.exit_code != 0 and "no staff account" in missing.output


def test_an_admin_lands_on_the_accounts_page(client, admin):
    response = client.post("/staff/sign-in", data={"email": admin.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/accounts"
    assert "Staff accounts and API tokens" in page_text(client.get("/admin/accounts"))


def test_switching_a_worker_off_ends_their_sessions_for_good(app, admin, make_worker):
    """The old phone stays refused after the account is switched on again: its session row
    ended (end_sessions_for), not only the account's active flag."""
    from participation.identity.models import SignedInSession

    worker = make_worker(name="Sam Okafor")
    old_phone = signed_in(app, worker)
    desk = signed_in(app, admin)
    desk.post(f"/admin/staff/{worker.id}/switch-off")
    desk.post(f"/admin/staff/{worker.id}/switch-on")
    assert old_phone.get("/children").status_code == 302
    row = db.session.scalars(select(SignedInSession).filter_by(worker_id=worker.id)).one()
    assert row.ended_at is not None
