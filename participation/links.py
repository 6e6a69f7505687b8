"""Absolute links the app hands out, built on the configured base URL, never the request's
Host header: a forged Host must not put someone else's address into an invitation, a QR
code, an export or the case-record API (a link a family or a case system would follow)."""

from urllib.parse import urlsplit

from flask import Flask, current_app

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def external_url(endpoint: str, **values) -> str:
    """url_for(endpoint, _external=True), but on BASE_URL (its path prefix included)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    """Production refuses to start without a real base URL; elsewhere a local default."""
    base = app.config.get("BASE_URL")
    if not base:
        if app.config["ENVIRONMENT"] == "production":
            raise RuntimeError(
                "PARTICIPATION_BASE_URL must be set in production to the address people use, "
                "for example https://participation.example.gov.uk: every invitation link, QR "
                "code and API link is built on it."
            )
        base = DEVELOPMENT_BASE_URL
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise RuntimeError(
            f"PARTICIPATION_BASE_URL must look like https://host[/path], not {base!r}"
        )
    if app.config["ENVIRONMENT"] == "production" and parts.scheme != "https":
        raise RuntimeError("PARTICIPATION_BASE_URL must be https:// in production")
    app.config["BASE_URL"] = base.rstrip("/")
