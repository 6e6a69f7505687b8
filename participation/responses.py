"""Responses carrying a person's record: never cached by browsers or proxies."""

import hashlib

from flask import Response, jsonify, request, send_file

from participation.uploads import open_stored


def private_json(data) -> Response:
    response = jsonify(data)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def private_file(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def private_stored_file(storage_key: str, media_type: str, reusable: bool = False) -> Response:
    """A stored drawing, photo or voice memo. Children's and families' files never sit in a
    shared cache, nor on a device's disk unless `reusable` (see below). Streamed from the
    store (local folder or object store) only after the route's permission check: never a
    public or signed URL."""
    # A stored file is never rewritten (a new drawing is a new key), so the key names the
    # bytes. Callers come here only after their permission check and audit event, so a 304
    # goes only to someone allowed to see the file, and each look is still on the trail.
    etag = hashlib.sha256(storage_key.encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        return _private_not_modified(etag, reusable)
    file, size = open_stored(storage_key)
    response = send_file(file, mimetype=media_type, max_age=0, etag=False, conditional=False)
    response.content_length = size
    # Ranges as for a local file: Safari plays a voice memo only when it may ask for parts.
    response.make_conditional(request.environ, accept_ranges=True, complete_length=size)
    response.set_etag(etag)
    response.headers["Cache-Control"] = _stored_file_cache(reusable)
    response.headers["Content-Disposition"] = "inline"
    return response


def _stored_file_cache(reusable: bool) -> str:
    # Privacy: `private` keeps every file out of shared caches. Only a reusable file (a child's
    # own drawing on the child's tablet) may stay in that browser, as `no-cache`: it is never
    # shown again without asking us, and after sign-out, or for the next child on a shared
    # tablet, the same URL answers 404, so the kept copy is not shown to anyone else. That
    # tablet already keeps the child's drawing (canvas.js) until it is sent. Everyone else's
    # devices (staff computers, shared phones, the case system) keep nothing: no-store.
    return "private, no-cache" if reusable else "private, no-store"


def _private_not_modified(etag: str, reusable: bool) -> Response:
    response = Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = _stored_file_cache(reusable)
    return response
