"""Responses carrying a person's record: never cached by browsers or proxies."""

from flask import Response, jsonify


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
