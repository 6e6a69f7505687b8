"""Where a sign-in may send someone next: only a path on this site, whatever the link says."""

from typing import TypeGuard
from urllib.parse import urlsplit

from flask import request

# Printable ASCII without the backslash: browsers read "\" as "/" and drop tabs and newlines
# from URLs, so "/\t/evil.example" or "/\\evil.example" would leave the site (and a raw
# newline cannot go in a Location header at all). Our own paths never need anything else.
_ALLOWED = frozenset(chr(c) for c in range(0x21, 0x7F)) - {"\\"}


def is_safe_path(target: str | None) -> TypeGuard[str]:
    """True only for a same-site path such as "/review?x=1", modelled on Django's
    url_has_allowed_host_and_scheme but stricter: no host, no scheme, no "//" at the start."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if not set(target) <= _ALLOWED:
        return False
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str) -> str:
    """The target if it stays on this site, otherwise the fallback: an attacker's link must
    not bounce someone who has just signed in to a look-alike page that asks again."""
    return target if is_safe_path(target) else fallback


def safe_referrer(fallback: str) -> str:
    """Back to the page the form was on, if that page is on this site; the Referer header is
    whatever the browser (or an attacker's page) sends, so it goes through safe_next."""
    try:
        parts = urlsplit(request.referrer or "")
    except ValueError:
        return fallback
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return fallback
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""), fallback)
