"""A real OpenID Connect provider for the tests (panva's oidc-provider, run by provider.mjs),
and a person signing in on its own login page over HTTP."""

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "participation"
CLIENT_SECRET = "test-client-secret-0123456789abcdef"


@contextmanager
def running_provider(
    redirect_uris: list[str], accounts: dict[str, dict], post_logout_redirect_uris=()
) -> Iterator[str]:
    """The provider on a free loopback port, with one confidential client; yields its issuer.
    `accounts`: login name -> claims (email, roles...), the people it knows."""
    assert (ROOT / "node_modules" / "oidc-provider").exists(), "run ./scripts/setup (npm ci)"
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": list(post_logout_redirect_uris),
            }
        ],
        "accounts": accounts,
    }
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(  # noqa: S603  (our own script, no outside input)
            ["node", str(SCRIPT)],  # noqa: S607  (Debian's node on PATH, as scripts/setup has it)
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(config))
            process.stdin.close()
            line = process.stdout.readline()
            if not line:
                errors.seek(0)
                raise RuntimeError(f"the OIDC provider did not start: {errors.read()}")
            yield json.loads(line)["issuer"]
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()


def log_in_at_provider(authorize_url: str, login: str, redirect_uri: str) -> str:
    """Follow the app's redirect to the provider, fill in its login form as a person would,
    and return the provider's redirect back to the app (the callback URL with the code)."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    page.raise_for_status()
    action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert action, page.text
    response = browser.post(
        urljoin(page.url, unescape(action.group(1))),
        data={"prompt": "login", "login": login, "password": "any"},
        allow_redirects=False,
        timeout=10,
    )
    for _hop in range(10):
        location = response.headers.get("Location", "")
        if location.startswith(redirect_uri):
            return location
        assert response.is_redirect, (response.status_code, response.text[:500])
        response = browser.get(urljoin(response.url, location), allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the person back to the app")


def path_of(url: str) -> str:
    """The path and query of an absolute URL, for the Flask test client."""
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
