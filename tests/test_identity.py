"""One "who is asking" layer: server-side sessions that end everywhere, for everyone."""

import os
import re
import secrets
import struct
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.auth.services import create_worker, get_or_create_team
from participation.db_types import utcnow
from participation.extensions import db
from participation.identity import storage
from participation.identity.models import Kind, SignedInSession
from participation.identity.services import describe_device, end_sessions_for, live_sessions_for
from tests.conftest import FreshClient
from tests.helpers import PASSWORD, page_text, statements

COOKIE = "participation_session"
# Flask-Session's id: secrets.token_urlsafe(32), nothing else (no data, no signature).
OPAQUE_ID = re.compile(r"[A-Za-z0-9_-]{43}")
# Statements for a whole page, identity included (measured; the lookup is 1 of them, the
# council's own settings 1, and the children list's plans due for review 1).
STAFF_PAGE_STATEMENTS = 6
CHILD_PAGE_STATEMENTS = 6


def copy_of(app, client) -> FreshClient:
    """Another browser holding an exact copy of this one's session cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def stored_file(app, client) -> str:
    """The file this browser's server-side session is kept in (the embedded file store)."""
    interface = app.session_interface
    return interface.cache._get_filename(interface._get_store_id(client.get_cookie(COOKIE).value))


def stored_for(app, client) -> float:
    """Seconds from now until the store lets this browser's session go."""
    with open(stored_file(app, client), "rb") as fh:
        return struct.unpack("I", fh.read(4))[0] - time.time()


@pytest.fixture
def another_app(app_config):
    """A second app on the same database with other settings; its connections are closed."""
    made = []

    def make(**settings):
        other = create_app({**app_config, **settings})
        other.test_client_class = FreshClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
        if other.config.get("SESSION_REDIS") is not None:
            other.config["SESSION_REDIS"].close()


@pytest.fixture
def adviser(make_worker):
    return make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")


def other_team_worker(role=Role.SOCIAL_WORKER):
    worker = create_worker(
        "elsewhere@example.org", "Sam Elsewhere", role, PASSWORD, get_or_create_team("Southside")
    )
    db.session.commit()
    return worker


# The cookie carries no secret ----------------------------------------------------------------


def test_the_cookie_is_only_an_opaque_id_and_never_carries_a_code(
    app, client, auth, make_worker, make_child
):
    worker = make_worker()
    child = make_child(worker, name="Amy Clarke")
    signed_in = auth.sign_in(worker)
    issued = client.post(
        f"/activities/new/{child.public_id}",
        data={"tool": "three_houses", "mode": "code", "seen_alone": "yes", "language": "en"},
    )
    page = client.get(issued.headers["Location"])
    code = re.search(r'class="code"[^>]*>([A-Z0-9-]+)<', page.get_data(as_text=True))[1]
    for response in (signed_in, issued, page):
        for header in set_cookies(response):
            assert code not in header and code.replace("-", "") not in header
    value = client.get_cookie(COOKIE).value
    assert OPAQUE_ID.fullmatch(value)  # not Flask's signed "data.timestamp.signature"


def test_invitation_links_and_codes_are_not_in_the_cookie_and_are_shown_once(
    client, auth, make_worker, make_child, make_family, make_member
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    auth.sign_in(worker)
    made = client.post(f"/families/members/{member.public_id}/invite")
    shown = client.get(made.headers["Location"])
    html = shown.get_data(as_text=True)
    link = re.search(r"/join/([A-Za-z0-9_-]+)", html)[1]
    code = re.search(r'class="code"[^>]*>([A-Z0-9-]+)<', html)[1]
    for header in set_cookies(made) + set_cookies(shown):
        assert link not in header and code not in header
    assert OPAQUE_ID.fullmatch(client.get_cookie(COOKIE).value)
    again = page_text(client.get(made.headers["Location"]))
    assert link not in again and code not in again
    assert "This invitation was shown once" in again


def test_the_two_step_setup_secret_is_not_in_the_cookie(client, auth, make_worker):
    worker = make_worker()
    auth.sign_in(worker)
    started = client.post("/staff/two-step", data={"action": "start"})
    page = client.get("/staff/two-step")
    secret = page.get_data(as_text=True).split("<code>")[1].split("</code>")[0]
    for header in set_cookies(started) + set_cookies(page):
        assert secret not in header
    assert OPAQUE_ID.fullmatch(client.get_cookie(COOKIE).value)


# Signing out ends the session everywhere -------------------------------------------------------


def test_a_copy_of_a_workers_cookie_is_refused_after_sign_out(app, client, auth, make_worker):
    worker = make_worker()
    auth.sign_in(worker)
    thief = copy_of(app, client)
    assert thief.get("/children").status_code == 200  # the copy works while signed in
    auth.sign_out()
    response = thief.get("/children")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/sign-in")
    row = db.session.scalars(select(SignedInSession).filter_by(worker_id=worker.id)).one()
    assert row.kind == Kind.WORKER and row.ended_at is not None


def test_a_workers_session_has_a_new_id_at_sign_in(app, client, auth, make_worker):
    worker = make_worker()
    client.get("/staff/sign-in?lang=pl")  # a session (and cookie) from before signing in
    before = client.get_cookie(COOKIE).value
    auth.sign_in(worker)
    after = client.get_cookie(COOKIE).value
    assert OPAQUE_ID.fullmatch(after) and after != before
    planted = app.test_client()
    planted.set_cookie(COOKIE, before)  # an id an attacker planted is not signed in
    assert planted.get("/children").status_code == 302


def test_ending_a_workers_sessions_signs_every_device_out(app, client, auth, make_worker):
    """What switching an account off uses: the user loader refuses an ended row."""
    worker = make_worker()
    auth.sign_in(worker)
    desk = app.test_client()
    desk.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    assert desk.get("/children").status_code == 200
    assert end_sessions_for(Kind.WORKER, worker.id) == 2
    db.session.commit()
    assert client.get("/children").status_code == 302
    assert desk.get("/children").status_code == 302


def test_a_copy_of_a_young_persons_cookie_is_refused_after_sign_out(
    app, adviser, make_young_person, yp_phone
):
    phone = yp_phone(make_young_person(adviser))
    thief = copy_of(app, phone)
    assert thief.get("/my-plan").status_code == 200
    signed_out = phone.post("/yp/sign-out")
    assert signed_out.status_code == 302
    assert "You have signed out." in page_text(phone.get(signed_out.headers["Location"]))
    assert thief.get("/my-plan").status_code == 404
    assert phone.get("/my-plan").status_code == 404


def test_a_network_member_signs_out_and_a_copy_of_their_cookie_is_refused(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    phone = member_phone(member)
    thief = copy_of(app, phone)
    home = phone.get("/network")
    assert 'href="/network/sign-out"' in home.get_data(as_text=True)
    # The sign-out page works without JavaScript: a plain form with a button.
    page = phone.get("/network/sign-out")
    assert page.status_code == 200
    assert 'method="post" action="/network/sign-out"' in page.get_data(as_text=True)
    signed_out = phone.post("/network/sign-out")
    assert signed_out.headers["Location"] == "/join"
    assert "You have signed out." in page_text(phone.get("/join"))
    assert thief.get("/network").status_code == 404
    assert phone.get("/network").status_code == 404


def test_a_copy_of_a_childs_tablet_cookie_is_refused_once_the_code_is_stopped(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    code = make_code(activity, worker)
    tablet = app.test_client()
    assert tablet.post("/start", data={"code": code}).status_code == 302
    thief = copy_of(app, tablet)
    assert thief.get(f"/activities/{activity.public_id}").status_code == 200
    auth.sign_in(worker)
    code_id = (
        db.session.scalars(select(SignedInSession).filter_by(kind=Kind.CHILD)).one().sign_in_code_id
    )
    client.post(f"/codes/{code_id}/revoke")
    assert thief.get(f"/activities/{activity.public_id}").status_code == 404
    assert tablet.get(f"/activities/{activity.public_id}").status_code == 404


def test_a_copy_of_a_childs_cookie_is_refused_after_they_finish(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    raw = f"{COOKIE}={tablet.get_cookie(COOKIE).value}"
    # A browser with no cookie jar of its own, sending the copied cookie as it was.
    thief = app.test_client(use_cookies=False)
    url = f"/activities/{activity.public_id}"
    assert thief.get(url, headers={"Cookie": raw}).status_code == 200
    assert tablet.post(f"{url}/finish").status_code == 302
    assert thief.get(url, headers={"Cookie": raw}).status_code == 404
    # The row itself has ended: the token is refused wherever it turns up.
    row = db.session.scalars(select(SignedInSession).filter_by(kind=Kind.CHILD)).one()
    assert row.ended_at is not None


# "Sign out my other phones" and "Sign them out on every phone" -------------------------------


def test_a_young_person_signs_out_their_other_phones_and_stays_signed_in(
    app, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    lost = yp_phone(person, username="jordan.r")
    new = app.test_client()
    new.post("/yp/sign-in", data={"username": "jordan.r", "password": "my long password"})
    assert "Sign out my other phones" in page_text(new.get("/my-plan"))
    done = new.post("/sessions/others/end")
    assert done.headers["Location"] == "/my-plan"
    assert "1 other phone or computer is signed out" in page_text(new.get("/my-plan"))
    assert lost.get("/my-plan").status_code == 404
    assert new.get("/my-plan").status_code == 200


def test_a_network_member_signs_out_their_other_phones(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    lost, new = member_phone(member), member_phone(member)
    assert lost.get("/network").status_code == 200
    assert "Sign out my other phones" in page_text(new.get("/network/sign-out"))
    assert new.post("/sessions/others/end").headers["Location"] == "/network"
    assert lost.get("/network").status_code == 404
    assert new.get("/network").status_code == 200


def test_only_members_and_young_people_have_other_phones_to_sign_out(client, auth, make_worker):
    assert client.post("/sessions/others/end").status_code == 404
    auth.sign_in(make_worker())
    assert client.post("/sessions/others/end").status_code == 404


def test_the_worker_signs_a_member_out_on_every_phone_in_one_click(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    member = make_member(family, worker)
    phones = [member_phone(member), member_phone(member)]
    auth.sign_in(worker)
    page = client.get(f"/families/{family.public_id}")
    assert "Sign them out on every phone" in page_text(page)
    done = client.post(f"/sessions/members/{member.public_id}/end")
    assert done.headers["Location"] == f"/families/{family.public_id}#network"
    assert all(phone.get("/network").status_code == 404 for phone in phones)
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).filter_by(action="end_member_sessions")
        )
        == 1
    )


def test_another_teams_worker_cannot_end_a_members_sessions(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    phone = member_phone(member)
    stranger = other_team_worker()
    desk = app.test_client()
    desk.post("/staff/sign-in", data={"email": stranger.email, "password": PASSWORD})
    assert desk.post(f"/sessions/members/{member.public_id}/end").status_code == 404
    assert phone.get("/network").status_code == 200


def test_the_adviser_signs_a_young_person_out_on_every_phone(
    app, client, auth, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    phone = yp_phone(person)
    stranger = other_team_worker(Role.PERSONAL_ADVISER)
    desk = app.test_client()
    desk.post("/staff/sign-in", data={"email": stranger.email, "password": PASSWORD})
    assert desk.post(f"/sessions/young-people/{person.public_id}/end").status_code == 404
    assert phone.get("/my-plan").status_code == 200
    auth.sign_in(adviser)
    page = client.get(f"/young-people/{person.public_id}")
    assert "Sign them out on every phone" in page_text(page)
    done = client.post(f"/sessions/young-people/{person.public_id}/end")
    assert done.headers["Location"] == f"/young-people/{person.public_id}"
    assert phone.get("/my-plan").status_code == 404


# The real client address ---------------------------------------------------------------------


def test_a_forged_x_forwarded_for_is_not_trusted_and_does_not_sign_anyone_out(
    client, auth, make_worker, make_child
):
    worker = make_worker()
    auth.sign_in(worker)
    forged = {"X-Forwarded-For": "203.0.113.9"}
    # Flask-Login's "strong" protection read this header and signed the worker out.
    response = client.post(
        "/children/new",
        data={"name": "Amy Clarke", "date_of_birth": "2017-03-01", "case_reference": "R-1",
              "preferred_language": "en", "allocated_worker": str(worker.id)},
        headers=forged,
    )  # fmt: skip
    assert response.status_code == 302
    assert client.get("/children", headers=forged).status_code == 200
    event = db.session.scalars(select(AuditEvent).filter_by(action="create_child")).one()
    assert event.ip_address == "127.0.0.1"


@pytest.mark.rate_limited
def test_a_forged_x_forwarded_for_does_not_buy_more_guesses(client):
    statuses = [
        client.post(
            "/start", data={"code": "AAAA-AAAA"}, headers={"X-Forwarded-For": f"198.51.100.{n}"}
        ).status_code
        for n in range(11)
    ]
    assert statuses[-1] == 429


def test_behind_a_configured_proxy_the_forwarded_address_is_used(another_app, make_worker):
    worker = make_worker()
    proxied = another_app(PROXY_COUNT=1)
    client = proxied.test_client()
    via_proxy = {"X-Forwarded-For": "203.0.113.9"}
    client.post(
        "/staff/sign-in", data={"email": worker.email, "password": PASSWORD}, headers=via_proxy
    )
    response = client.post(
        "/children/new",
        data={"name": "Amy Clarke", "date_of_birth": "2017-03-01", "case_reference": "R-2",
              "preferred_language": "en", "allocated_worker": str(worker.id)},
        headers=via_proxy,
    )  # fmt: skip
    assert response.status_code == 302
    with proxied.app_context():
        event = db.session.scalars(select(AuditEvent).filter_by(action="create_child")).one()
        assert event.ip_address == "203.0.113.9"


# The session table --------------------------------------------------------------------------


def test_each_sign_in_is_one_row_with_a_short_device_description(
    app, make_worker, make_child, make_family, make_member
):
    from participation.network.services import issue_invite

    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    _invite, link, _code = issue_invite(member)
    db.session.commit()
    phone = app.test_client()
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile"
    phone.post(f"/join/{link}", headers={"User-Agent": android})
    row = db.session.scalars(select(SignedInSession)).one()
    assert (row.kind, row.member_id, row.device) == (Kind.MEMBER, member.id, "Chrome on Android")
    assert row.token_hash not in phone.get_cookie(COOKIE).value
    assert describe_device("curl/8.0") == ""


def test_with_redis_configured_sessions_live_in_redis(another_app, make_worker):
    """Production: every server and worker shares the sessions."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    probe = redis.Redis.from_url(url)
    try:
        probe.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis here")
    finally:
        probe.close()
    prefix = f"ida2-test:{secrets.token_hex(8)}:"
    shared = another_app(SESSION_REDIS_URL=url, SESSION_KEY_PREFIX=prefix)
    worker = make_worker()
    desk = shared.test_client()
    desk.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    sid = desk.get_cookie(COOKIE).value
    store = redis.Redis.from_url(url)
    assert store.exists(prefix + sid)
    # Stored only as long as a staff sign-in can last, and nobody's session for 90 days.
    assert 11 * 3600 < store.ttl(prefix + sid) <= 12 * 3600
    passerby = shared.test_client()
    passerby.get("/staff/sign-in")
    assert 0 < store.ttl(prefix + passerby.get_cookie(COOKIE).value) <= 2 * 3600
    thief = copy_of(shared, desk)
    assert thief.get("/children").status_code == 200
    desk.post("/staff/sign-out")
    assert not store.exists(prefix + sid)
    assert thief.get("/children").status_code == 302
    for key in store.scan_iter(prefix + "*"):
        store.delete(key)
    store.close()


# Choosing a language ---------------------------------------------------------------------------


@pytest.mark.csrf
def test_the_language_picker_is_a_form_post_with_its_csrf_token(client):
    page = client.get("/start").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/sessions/language".*?</form>', page, re.S)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    assert (
        client.post("/sessions/language", data={"lang": "pl", "next": "/start"}).status_code == 400
    )
    chosen = client.post(
        "/sessions/language", data={"lang": "pl", "next": "/start", "csrf_token": token}
    )
    assert chosen.headers["Location"] == "/start"
    assert '<html lang="pl"' in client.get("/start").get_data(as_text=True)


def test_the_language_picker_never_sends_anyone_off_site(client):
    chosen = client.post("/sessions/language", data={"lang": "cy", "next": "//evil.example/x"})
    assert chosen.headers["Location"] == "/"


# Lost and stolen phones -----------------------------------------------------------------------


def test_a_lost_phone_cannot_sign_out_the_phone_signed_in_after_it(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    lost = member_phone(member)
    new = member_phone(member)  # the owner, re-invited after losing the first phone
    tried = lost.post("/sessions/others/end")
    assert tried.headers["Location"] == "/network"
    assert "A phone that signed in after this one is still signed in" in page_text(
        lost.get("/network")
    )
    assert new.get("/network").status_code == 200
    assert "1 other phone or computer is signed out" in page_text(
        new.get(new.post("/sessions/others/end").headers["Location"])
    )
    assert lost.get("/network").status_code == 404


def test_accepting_a_new_invitation_signs_out_the_young_persons_older_phones(
    app, adviser, make_young_person, yp_phone
):
    person = make_young_person(adviser)
    lost = yp_phone(person, username="jordan.r")
    assert lost.get("/my-plan").status_code == 200
    new = yp_phone(person, username="jordan.r")  # a new invitation and a new password
    assert lost.get("/my-plan").status_code == 404
    assert new.get("/my-plan").status_code == 200


def test_sign_out_my_other_phones_counts_only_phones_still_signed_in(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    member_phone(member), member_phone(member)
    new = member_phone(member)
    oldest = db.session.scalars(select(SignedInSession).order_by(SignedInSession.id)).first()
    oldest.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    done = new.post("/sessions/others/end")
    text = page_text(new.get(done.headers["Location"]))
    assert "Done. 1 other phone or computer is signed out." in text


def test_signing_in_again_on_the_same_phone_ends_the_earlier_session(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    from participation.network.services import issue_invite

    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    phone = member_phone(member)
    _invite, link, _code = issue_invite(member)
    db.session.commit()
    assert phone.post(f"/join/{link}").status_code == 302
    first, second = db.session.scalars(select(SignedInSession).order_by(SignedInSession.id)).all()
    assert first.ended_at is not None and second.ended_at is None
    assert [row.id for row in live_sessions_for(Kind.MEMBER, member.id)] == [second.id]


# How long sessions are kept, and when they are written -------------------------------------------


def test_a_session_nobody_signed_in_on_is_stored_for_two_hours_not_ninety_days(
    app, client, auth, make_worker, make_child, make_family, make_member, member_phone
):
    passerby = app.test_client()
    passerby.get("/staff/sign-in")  # the sign-in form's token makes a session
    assert 0 < stored_for(app, passerby) <= 2 * 3600 + 5
    worker = make_worker()
    auth.sign_in(worker)
    assert 11 * 3600 < stored_for(app, client) <= 12 * 3600 + 5
    phone = member_phone(make_member(make_family(make_child(worker), worker), worker))
    assert stored_for(app, phone) > 89 * 86400
    # A full store never evicts anyone: expired sessions go by `flask sessions sweep`.
    assert app.session_interface.cache._threshold == 0


def test_sessions_sweep_removes_expired_files_and_old_rows_only(
    app, monkeypatch, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    member = make_member(make_family(make_child(worker), worker), worker)
    phones = [member_phone(member) for _ in range(4)]
    passerby = app.test_client()
    passerby.get("/staff/sign-in")
    anonymous = stored_file(app, passerby)
    ended_long_ago, expired_long_ago, ended_yesterday, _live = db.session.scalars(
        select(SignedInSession).order_by(SignedInSession.id)
    ).all()
    now = utcnow()
    ended_long_ago.ended_at = now - timedelta(days=31)
    expired_long_ago.expires_at = now - timedelta(days=31)
    ended_yesterday.ended_at = now - timedelta(days=1)
    db.session.commit()
    later = time.time() + 3 * 3600
    monkeypatch.setattr(storage, "time", SimpleNamespace(time=lambda: later))
    result = app.test_cli_runner().invoke(args=["sessions", "sweep"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 expired session file(s) and 2 old session row(s)." in result.output
    assert not os.path.exists(anonymous)
    assert os.path.exists(stored_file(app, phones[3]))
    assert db.session.scalar(select(func.count()).select_from(SignedInSession)) == 2
    assert phones[3].get("/network").status_code == 200


def test_a_members_cookie_lasts_from_sign_in_and_reading_pages_writes_nothing(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    phone = member_phone(make_member(make_family(make_child(worker), worker), worker))
    lasts = phone.get_cookie(COOKIE).expires - utcnow()
    assert timedelta(days=89) < lasts <= timedelta(days=90)
    phone.get("/network")  # the first page keeps its form token in the session
    path = stored_file(app, phone)
    written = os.stat(path).st_mtime_ns
    responses = [phone.get("/static/css/app.css"), phone.get("/network")]
    responses[0].close()
    # Not written back on every response (a stale write could bring back a shown-once code).
    assert [set_cookies(r) for r in responses] == [[], []]
    assert os.stat(path).st_mtime_ns == written


def test_a_workers_cookie_ends_with_the_browser_and_idle_time_still_signs_them_out(
    app, client, auth, make_worker
):
    worker = make_worker()
    auth.sign_in(worker)
    assert client.get_cookie(COOKIE).expires is None
    assert client.get("/children").status_code == 200
    assert client.get_cookie(COOKIE).expires is None
    with client.session_transaction() as saved:
        saved["staff_seen"] -= app.config["STAFF_IDLE_TIMEOUT"].total_seconds() + 60
    response = client.get("/children")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/sign-in")


def test_a_cookie_shorter_than_a_members_sign_in_is_refused_at_startup(app_config):
    with pytest.raises(RuntimeError, match="PERMANENT_SESSION_LIFETIME is shorter"):
        create_app({**app_config, "PERMANENT_SESSION_LIFETIME": timedelta(days=30)})


# What finding out "who is this?" costs ------------------------------------------------------------


def test_a_staff_page_looks_the_worker_up_in_one_query(app, client, auth, make_worker):
    auth.sign_in(make_worker())
    client.get("/children")
    with statements() as seen:
        assert client.get("/children").status_code == 200
    identity = [s for s in seen if "signed_in_session" in s]
    assert len(identity) == 1 and "JOIN worker" in identity[0]
    assert not [s for s in seen if s.lstrip().upper().startswith("UPDATE")]
    assert len(seen) <= STAFF_PAGE_STATEMENTS, seen


def test_a_childs_page_looks_the_child_up_in_one_query(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    url = f"/activities/{activity.public_id}"
    tablet.get(url)
    with statements() as seen:
        assert tablet.get(url).status_code == 200
    assert len([s for s in seen if "signed_in_session" in s]) == 1
    assert len(seen) <= CHILD_PAGE_STATEMENTS, seen
    # The child's lookup reads the child's activity and code, not a worker's or a family's.
    lookup = next(s for s in seen if "signed_in_session" in s)
    assert "JOIN sign_in_code" in lookup and "JOIN network_member" not in lookup


def test_the_lookup_reads_only_the_kind_of_person_signed_in(app, client, auth, make_worker):
    auth.sign_in(make_worker())
    client.get("/children")
    with statements() as seen:
        client.get("/children")
    lookup = next(s for s in seen if "signed_in_session" in s)
    for someone_else in ("network_member", "young_person", "sign_in_code", "activity"):
        assert f"JOIN {someone_else}" not in lookup, someone_else
    assert "JOIN worker" in lookup


def test_a_session_from_before_the_kind_was_noted_still_signs_in(app, client, auth, make_worker):
    from participation.identity.services import KIND_KEY

    auth.sign_in(make_worker())
    with client.session_transaction() as saved:
        saved.pop(KIND_KEY)
    assert client.get("/children").status_code == 200


def test_a_noted_kind_that_disagrees_with_the_row_is_not_signed_in(app, client, auth, make_worker):
    """The kind is only a hint for the lookup: a session whose row is a worker's but whose
    storage says "member" (never written by the app) gets nobody's pages."""
    from participation.identity.services import KIND_KEY

    auth.sign_in(make_worker())
    with client.session_transaction() as saved:
        saved[KIND_KEY] = Kind.MEMBER.value
    response = client.get("/children")
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]
