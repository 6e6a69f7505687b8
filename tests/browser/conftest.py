"""A live server in a thread and Debian's Chromium driven by Playwright (no downloaded browser)."""

import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The machine has no outside network: keep Chromium from trying to reach Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A fake microphone, so voice memos are really recorded by MediaRecorder in tests.
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]


def closed_before_sending(app):
    """Wrap the app so each response's body is read and closed before a byte is sent.

    Werkzeug's development server drains the socket before it closes the body; when Chromium
    has already dropped the connection that read raises, the body's open file (a static file)
    is never closed, and its ResourceWarning fails whichever test the collector runs in.
    """

    def buffered(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return buffered


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, closed_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run ./scripts/setup"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def watch_console(page) -> list[str]:
    """Collect console errors (CSP violations show up here) so a test can assert none."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return errors


PHONE = {"width": 360, "height": 740}


def join_on_phone(browser, live_server: str, person):
    """A young person accepts a fresh invitation on a 360 px touch phone, as the join page
    asks, and lands on their plan; returns the page and its console errors."""
    from participation.extensions import db
    from participation.pathway.invites import issue_invite

    link, _code = issue_invite(person)
    db.session.commit()
    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    errors = watch_console(page)
    page.goto(f"{live_server}/yp/join/{link}")
    page.get_by_label("Choose a sign-in name").fill("jordan.r")
    page.get_by_label("Choose a password").fill("my long password")
    page.get_by_label("Type the password again").fill("my long password")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("heading", name="My pathway plan").wait_for()
    return page, errors


def sign_in_staff(page, live_server: str, email: str, password: str | None = None) -> None:
    """A member of staff signs in through the form, as they would; the caller waits for the
    page it should lead to."""
    from tests.helpers import PASSWORD

    page.goto(f"{live_server}/staff/sign-in")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password or PASSWORD)
    page.locator("main button[type=submit]").first.click()
