"""Staff single sign-on end to end against a real OpenID Connect provider run locally
(panva's oidc-provider, tests/oidc): the test client signs in on the provider's own page."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from participation.auth.models import Role
from participation.auth.services import create_worker
from participation.extensions import db
from participation.links import DEVELOPMENT_BASE_URL
from tests.helpers import PASSWORD, page_text
from tests.oidc import CLIENT_ID, CLIENT_SECRET, log_in_at_provider, path_of, running_provider

# A page for any signed-in member of staff (the review queue is another feature's).
SIGNED_IN = "/staff/two-step"
REDIRECT = DEVELOPMENT_BASE_URL + "/staff/sso/callback"
SIGNED_OUT = DEVELOPMENT_BASE_URL + "/staff/sign-in"
ROLE_MAP = {"Participation.Manager": "team_manager", "Participation.Worker": "social_worker"}
# The people the council's directory knows, by login name.
ACCOUNTS = {
    "sam": {"email": "Sam.Okafor@northside.gov.uk", "email_verified": True, "name": "Sam Okafor"},
    "mo": {
        "email": "mo.khan@northside.gov.uk",
        "name": "Mo Khan",
        "roles": ["Participation.Manager", "Participation.Worker"],
    },
    "stranger": {"email": "new.starter@northside.gov.uk", "name": "New Starter"},
    "leaver": {"email": "leaver@northside.gov.uk", "name": "Lee Leaver"},
    "unchecked": {"email": "sam.okafor@northside.gov.uk", "email_verified": False},
    "noemail": {"name": "No Email"},
}


@pytest.fixture(scope="module")
def issuer():
    with running_provider([REDIRECT], ACCOUNTS, [SIGNED_OUT]) as url:
        yield url


@pytest.fixture
def app_config(app_config, issuer):
    return {
        **app_config,
        "OIDC_ISSUER": issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_PROVIDER_NAME": "Northside Council",
        "OIDC_ROLE_MAP": ROLE_MAP,
    }


@pytest.fixture
def staff(app, team):
    sam = create_worker(
        "sam.okafor@northside.gov.uk", "Sam Okafor", Role.SOCIAL_WORKER, PASSWORD, team
    )
    mo = create_worker("mo.khan@northside.gov.uk", "Mo Khan", Role.SOCIAL_WORKER, PASSWORD, team)
    leaver = create_worker(
        "leaver@northside.gov.uk", "Lee Leaver", Role.SOCIAL_WORKER, PASSWORD, team
    )
    leaver.active = False
    db.session.commit()
    return {"sam": sam, "mo": mo, "leaver": leaver}


def sso_sign_in(client, login: str, start: str = "/staff/sso/start"):
    """The whole round trip: our start page, the provider's login page, our callback."""
    start_response = client.get(start)
    assert start_response.status_code == 302
    back = log_in_at_provider(start_response.headers["Location"], login, REDIRECT)
    return client.get(path_of(back))


def test_the_sign_in_page_offers_the_council_and_no_password(client):
    page = client.get("/staff/sign-in")
    text = page_text(page)
    assert "Sign in with Northside Council" in text
    assert 'name="password"' not in page.get_data(as_text=True)


def test_the_request_carries_state_nonce_and_pkce(client, issuer):
    location = client.get("/staff/sso/start").headers["Location"]
    assert location.startswith(issuer + "/auth?")
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == [REDIRECT]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}


def test_a_worker_signs_in_end_to_end(client, staff):
    assert client.get("/children").status_code == 302
    response = sso_sign_in(client, "sam")
    assert response.status_code == 302 and response.headers["Location"] == "/review"
    assert client.get(SIGNED_IN).status_code == 200
    # No mapped role in the claims: the role the admin set stands.
    assert db.session.get(type(staff["sam"]), staff["sam"].id).role == Role.SOCIAL_WORKER


def test_signing_out_signs_out_of_the_provider_too(client, staff, issuer):
    """At a shared desk the next person must not be signed straight back in as Sam."""
    sso_sign_in(client, "sam")
    out = client.post("/staff/sign-out")
    assert client.get(SIGNED_IN).status_code == 302  # signed out here first
    location = out.headers["Location"]
    assert location.startswith(issuer + "/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == [SIGNED_OUT]
    assert query["client_id"] == [CLIENT_ID] and query["id_token_hint"][0].count(".") == 2
    # The provider accepts it (a wrong hint or return address is its 400 error page): it
    # asks the person to confirm signing out of the council.
    confirm = requests.get(location, timeout=10)
    assert confirm.status_code == 200 and "logout" in confirm.text.lower()


def test_a_password_sign_out_stays_here(break_glass, client, auth, staff):
    auth.sign_in(staff["sam"])
    assert client.post("/staff/sign-out").headers["Location"] == "/staff/sign-in"


def test_the_role_comes_from_the_claims(client, staff):
    sso_sign_in(client, "mo")
    mo = db.session.get(type(staff["mo"]), staff["mo"].id)
    # The first value of OIDC_ROLE_MAP present wins.
    assert mo.role == Role.TEAM_MANAGER
    assert client.get("/children").status_code == 200


def test_entra_groups_overage_keeps_the_role_set_here(app, caplog):
    """Someone in over 200 groups gets a pointer to Microsoft Graph, not the list: the role
    the admin set stands, and the log says why (never a guessed role)."""
    from participation.auth.sso import role_from_claims

    app.config["OIDC_ROLE_CLAIM"] = "groups"
    app.config["OIDC_ROLE_MAP"] = {"5f1c-managers": "team_manager"}
    overage = {"_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {"endpoint": "x"}}}
    with app.app_context():
        assert role_from_claims({"groups": ["5f1c-managers"]}) == Role.TEAM_MANAGER
        assert role_from_claims(overage) is None
    assert "too many groups" in caplog.text


def test_an_unknown_email_is_refused_in_plain_words(client, staff):
    response = sso_sign_in(client, "stranger")
    assert response.status_code == 403
    assert "There is no staff account here for new.starter@northside.gov.uk" in page_text(response)
    assert client.get("/children").status_code == 302
    # Nobody got an account by signing in.
    from participation.auth.models import Worker

    found = select(Worker).where(Worker.email == "new.starter@northside.gov.uk")
    assert db.session.scalar(found) is None


def test_a_switched_off_worker_is_refused(client, staff):
    response = sso_sign_in(client, "leaver")
    assert response.status_code == 403
    assert "Your account here is switched off" in page_text(response)
    assert client.get(SIGNED_IN).status_code == 302


@pytest.mark.parametrize("login", ["unchecked", "noemail"])
def test_no_checked_email_no_account(client, staff, login):
    response = sso_sign_in(client, login)
    assert response.status_code == 403
    assert "didn't tell us a checked email address" in page_text(response)
    assert client.get(SIGNED_IN).status_code == 302


def test_sign_out_ends_the_session(app, client, staff):
    sso_sign_in(client, "sam")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    client.post("/staff/sign-out")
    assert client.get(SIGNED_IN).status_code == 302
    # A copy of the cookie kept from before is refused too.
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value)
    assert thief.get(SIGNED_IN).status_code == 302


def test_an_answer_is_used_once_and_only_by_its_own_browser(app, client, staff):
    start = client.get("/staff/sso/start").headers["Location"]
    back = path_of(log_in_at_provider(start, "sam", REDIRECT))
    # Another browser handed the answer (login CSRF): its session has no such state.
    other = app.test_client()
    assert other.get(back).status_code == 403
    assert other.get(SIGNED_IN).status_code == 302
    assert client.get(back).status_code == 302
    client.post("/staff/sign-out")
    # The same answer again: refused.
    again = client.get(back)
    assert again.status_code == 403 and "Please start again" in page_text(again)
    assert client.get(SIGNED_IN).status_code == 302


def test_the_next_page_is_kept_if_it_is_on_this_site(client, staff):
    response = sso_sign_in(client, "mo", "/staff/sso/start?next=/children")
    assert response.headers["Location"] == "/children"
    client.post("/staff/sign-out")
    response = sso_sign_in(client, "mo", "/staff/sso/start?next=https://evil.example/")
    assert response.headers["Location"] == "/review"


def test_two_step_sign_in_is_still_asked_for(client, staff):
    import pyotp

    sam = db.session.get(type(staff["sam"]), staff["sam"].id)
    sam.totp_secret = pyotp.random_base32()
    db.session.commit()
    response = sso_sign_in(client, "sam")
    assert response.headers["Location"].startswith("/staff/sign-in/code")
    assert client.get(SIGNED_IN).status_code == 302
    good = client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(sam.totp_secret).now()})
    assert good.headers["Location"] == "/review"


def test_a_cancelled_sign_in_is_told(client):
    client.get("/staff/sso/start")
    response = client.get("/staff/sso/callback?error=access_denied&state=x")
    assert response.status_code == 403
    assert "cancelled or refused" in page_text(response)


def test_a_password_is_refused_while_single_sign_on_is_on(client, auth, staff):
    response = auth.sign_in(staff["sam"])
    assert response.status_code == 403
    assert "Please sign in with Northside Council" in page_text(response)
    assert client.get(SIGNED_IN).status_code == 302


@pytest.fixture
def break_glass(app_config):
    app_config["OIDC_PASSWORD_SIGN_IN"] = True


def test_a_council_may_keep_passwords_beside_it(break_glass, client, auth, staff):
    page = client.get("/staff/sign-in")
    assert "Sign in with Northside Council" in page_text(page)
    assert 'name="password"' in page.get_data(as_text=True)
    assert auth.sign_in(staff["sam"]).headers["Location"] == "/review"


@pytest.fixture
def provider_down(app_config):
    app_config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # the discard port: nothing answers
    app_config["OIDC_TIMEOUT"] = 2


def test_a_provider_that_is_down_is_told_in_words(provider_down, client):
    response = client.get("/staff/sso/start")
    assert response.status_code == 503
    assert "sign-in isn't answering just now" in page_text(response)


def test_without_settings_passwords_only(app_config, tmp_path):
    from participation import create_app

    app = create_app({**app_config, "OIDC_ISSUER": None, "OIDC_CLIENT_ID": None})
    client = app.test_client()
    with app.app_context():
        page = client.get("/staff/sign-in").get_data(as_text=True)
        assert "Sign in with" not in page and 'name="password"' in page
        assert client.get("/staff/sso/start").status_code == 404


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"OIDC_CLIENT_SECRET": None}, "OIDC_CLIENT_SECRET must be set"),
        ({"OIDC_ROLE_MAP": {"x": "boss"}}, "names roles that don't exist: boss"),
        ({"ENVIRONMENT": "production"}, "must be https://"),
    ],
)
def test_settings_that_cannot_work_stop_the_app(app_config, change, words):
    from participation import create_app

    config = {**app_config, **change}
    if change.get("ENVIRONMENT") == "production":
        config.update(
            BASE_URL="https://participation.example.gov.uk",
            NOTIFICATION_PROVIDER="participation.notifications.Provider",
            ALLOW_PER_PROCESS_LIMITS=True,
        )
    with pytest.raises(RuntimeError, match=words):
        create_app(config)
