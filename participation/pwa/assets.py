"""Light pages on a cheap phone: compressed responses and fingerprinted, year-cached static files.

Fingerprints are a small url_defaults hook rather than Flask-Static-Digest: that library needs a
build step (`flask digest compile`) writing hashed copies into static/, which setup, CI and every
developer would have to remember; here the hash is computed from the file's bytes the first
time it is linked and kept until the file changes, so `url_for('static', ...)` is all it takes.
"""

import hashlib
from pathlib import Path

from flask import Flask, current_app, request
from flask.typing import ResponseReturnValue
from flask_compress import Compress

compress = Compress()

YEAR = "public, max-age=31536000, immutable"
# Un-fingerprinted static URLs (a bookmarked icon, the manifest's own references) may change
# with a release, so browsers only keep them a few minutes.
SHORT = "public, max-age=300"

# Text compresses; PNG, JPEG, WebP, audio, PDF and ZIP are compressed already and are left
# alone (Flask-Compress only touches these types).
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/problem+json",
    "application/manifest+json",
    "image/svg+xml",
]

# BREACH (compression leaking a secret through response sizes) needs an attacker who can make
# the victim's browser send many requests carrying the session and reflect chosen text next to
# the secret. It is acceptable here because: the session cookie is SameSite=Lax, so a page on
# another site can't send it with the background requests the attack needs (only a top-level
# navigation carries it); frame-ancestors 'none' keeps our pages out of their frames; and
# Flask-WTF's CSRF token is signed with a timestamp, so the token on the page changes every
# second and never stays constant long enough to be guessed byte by byte.
COMPRESS_CONFIG = {
    "COMPRESS_MIMETYPES": COMPRESSED_TYPES,
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    # Static files are sent as streams; gzip is listed so a gzip-only browser still gets them
    # compressed.
    "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
    # Quality 4: a 34 KB page in 0.15 ms, where 5 took 0.26 ms for 4% fewer bytes (every
    # page pays it, on every request).
    "COMPRESS_BR_LEVEL": 4,
    "COMPRESS_MIN_SIZE": 500,
}


def init_app(app: Flask) -> None:
    for key, value in COMPRESS_CONFIG.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    app.extensions["static_digests"] = {}
    _hash_static_folder(app)
    app.url_defaults(_fingerprint)
    app.after_request(_static_cache)


def digest(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, recomputed only when the file changes."""
    folder = current_app.static_folder
    if folder is None:
        return None
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return None
    cache: dict = current_app.extensions["static_digests"]
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = cache.get(filename)
    if known is None or known[0] != stamp:
        known = (stamp, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        cache[filename] = known
    return known[1]


def _hash_static_folder(app: Flask) -> None:
    """Hash every static file once at start-up, so no page request pays for it."""
    if app.static_folder is None:
        return
    root = Path(app.static_folder)
    with app.app_context():
        for path in root.rglob("*"):
            if path.is_file():
                digest(path.relative_to(root).as_posix())


def _fingerprint(endpoint: str | None, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = digest(values["filename"])
        if version is not None:
            values["v"] = version


def _static_cache(response) -> ResponseReturnValue:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    # A year only when the URL names today's bytes: an old page asking with an old hash gets
    # today's file, which must not be kept a year under the old name.
    fresh = version is not None and version == digest(filename)
    response.headers["Cache-Control"] = YEAR if fresh else SHORT
    if response.status_code == 200 and response.mimetype in COMPRESSED_TYPES:
        # Read the (small) file now: Flask-Compress's streaming path would drop the open
        # file's close() and leave it to the garbage collector.
        response.direct_passthrough = False
        response.get_data()
    return response
