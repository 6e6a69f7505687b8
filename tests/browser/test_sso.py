"""A worker signs in with the council's identity provider in Chromium, end to end against a
real OpenID Connect provider run locally (panva's oidc-provider, tests/oidc)."""

import threading

import pytest
from werkzeug.serving import make_server

from participation.auth.models import Role
from participation.auth.services import create_worker
from participation.extensions import db
from tests.browser.conftest import closed_before_sending, watch_console
from tests.browser.test_accessibility import violations
from tests.helpers import PASSWORD
from tests.oidc import CLIENT_ID, CLIENT_SECRET, running_provider

pytestmark = pytest.mark.browser

ACCOUNTS = {
    "sam": {
        "email": "sam.okafor@northside.gov.uk",
        "name": "Sam Okafor",
        "roles": ["Participation.Manager"],
    }
}


@pytest.fixture
def server():
    """The app's server, bound first so its address can be registered with the provider
    before the app (which needs the provider's address) is built."""
    holder: dict = {}
    server = make_server(
        "127.0.0.1",
        0,
        closed_before_sending(lambda env, start: holder["app"](env, start)),
        threaded=True,
    )
    yield server, holder
    server.server_close()


@pytest.fixture
def issuer(server):
    base = f"http://127.0.0.1:{server[0].server_port}"
    with running_provider(
        [base + "/staff/sso/callback"], ACCOUNTS, [base + "/staff/sign-in"]
    ) as url:
        yield url


@pytest.fixture
def app_config(app_config, server, issuer):
    return {
        **app_config,
        "BASE_URL": f"http://127.0.0.1:{server[0].server_port}",
        "OIDC_ISSUER": issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_PROVIDER_NAME": "Northside Council",
        "OIDC_ROLE_MAP": {"Participation.Manager": "team_manager"},
    }


@pytest.fixture
def live(app, server):
    httpd, holder = server
    holder["app"] = app
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


def test_a_worker_signs_in_with_the_council(live, browser, artifacts, team):
    worker = create_worker(
        "sam.okafor@northside.gov.uk", "Sam Okafor", Role.SOCIAL_WORKER, PASSWORD, team
    )
    db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en")
    page = context.new_page()
    errors = watch_console(page)
    # The provider's development login page loads a web font and a favicon it can't reach
    # here: only errors on the app's own pages count.
    ours = []
    page.on(
        "console",
        lambda m: ours.append(m.text) if m.type == "error" and page.url.startswith(live) else None,
    )
    page.goto(f"{live}/staff/sign-in?next=/children")
    page.screenshot(path=str(artifacts / "sso-sign-in-360-en.png"), full_page=True)
    assert page.locator("input[name=password]").count() == 0
    page.get_by_role("link", name="Sign in with Northside Council").click()

    # The provider's own login page.
    page.wait_for_url(f"{live.rsplit(':', 1)[0]}:*/interaction/**")
    page.fill("input[name=login]", "sam")
    page.fill("input[name=password]", "anything")
    page.screenshot(path=str(artifacts / "sso-provider-login-360.png"))
    page.click("button[type=submit]")

    page.wait_for_url(f"{live}/children")
    assert page.locator("h1").first.is_visible()
    page.screenshot(path=str(artifacts / "sso-signed-in-360-en.png"), full_page=True)
    assert db.session.get(type(worker), worker.id).role == Role.TEAM_MANAGER  # from the claims

    # Sign-out ends the session here and then at the council's provider, which asks to
    # confirm and sends the person back to our sign-in page.
    page.locator("form[action$='/staff/sign-out'] button").first.click()
    page.wait_for_url(f"{live.rsplit(':', 1)[0]}:*/session/end**")
    page.screenshot(path=str(artifacts / "sso-provider-sign-out-360.png"))
    page.locator("button[name=logout][value=yes]").click()
    page.wait_for_url(f"{live}/staff/sign-in")
    assert "You have signed out." in page.locator("main").inner_text()
    page.goto(f"{live}/children")
    assert page.url.startswith(f"{live}/staff/sign-in")
    # At a shared desk the next person is asked to sign in, not let in as Sam.
    page.get_by_role("link", name="Sign in with Northside Council").click()
    page.wait_for_url(f"{live.rsplit(':', 1)[0]}:*/interaction/**")
    assert page.locator("input[name=login]").is_visible()
    assert ours == [] and [e for e in errors if e[:3].isdigit()] == [], (ours, errors)
    context.close()


@pytest.mark.parametrize(("lang", "width"), [("pl", 768), ("ar", 768), ("ar", 360)])
def test_the_sign_in_page_in_other_languages(live, browser, artifacts, lang, width):
    # CSP bypassed only to inject axe-core (the flow above runs under the real policy).
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale=lang, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live}/staff/sign-in")
    assert page.evaluate("document.documentElement.lang") == lang
    button = page.locator("a.button.primary[href*='/staff/sso/start']")
    assert button.is_visible()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"sso-sign-in-{width}-{lang}.png"), full_page=True)
    assert violations(page) == []
    context.close()
