"""Responses carrying a person's record: never cached by browsers or proxies."""

from flask import Response, jsonify, send_file

from participation.uploads import path_for


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


def private_stored_file(storage_key: str, media_type: str) -> Response:
    """A stored drawing, photo or voice memo. Children's and families' files never sit in a
    shared cache or on a shared tablet's disk."""
    response = send_file(path_for(storage_key), mimetype=media_type, max_age=0, etag=False)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = "inline"
    return response
