import json

import pytest

from participation import create_app
from tests.fakes.notify import NOTIFY_SETTINGS
from tests.helpers import page_text


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    base = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        "ALLOW_PER_PROCESS_LIMITS": True,
        "BASE_URL": "https://participation.example.gov.uk",
        **NOTIFY_SETTINGS,
    }
    for key in (None, "short", "change-me"):
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            create_app({**base, "SECRET_KEY": key})
    app = create_app({**base, "SECRET_KEY": "k" * 48})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_database_url_selects_postgresql_with_psycopg(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal:5432/participation")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("PARTICIPATION_ALLOW_PER_PROCESS_LIMITS", "1")
    monkeypatch.setenv("PARTICIPATION_BASE_URL", "https://participation.example.gov.uk")
    for key, value in NOTIFY_SETTINGS.items():
        monkeypatch.setenv(
            f"PARTICIPATION_{key}", value if isinstance(value, str) else json.dumps(value)
        )
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://u:p@db.internal:5432/participation"
    )


def test_strict_security_headers_on_every_page(client):
    response = client.get("/start")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HX-Request" in response.headers["Vary"]
    assert "HX-Boosted" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style(client):
    html = client.get("/start").get_data(as_text=True)
    assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
    assert " style=" not in html and "<style" not in html
    assert " hx-on" not in html


def test_htmx_is_served_from_our_own_origin(client):
    html = client.get("/start").get_data(as_text=True)
    assert 'src="/static/vendor/htmx.min.js?v=' in html  # fingerprinted, cached a year
    with client.get("/static/vendor/htmx.min.js") as response:
        assert response.status_code == 200
        assert b"htmx" in response.data[:2000]


def test_unknown_page_gets_a_plain_language_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "couldn't find that page" in page_text(response)
