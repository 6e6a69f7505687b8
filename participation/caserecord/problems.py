"""The case-record API's errors as RFC 9457 problem details: JSON a case system can parse,
never an HTML page, whatever went wrong and wherever it was caught."""

from http import HTTPStatus

from flask import Response, jsonify, request

API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"

# Written for the developer of the case management system, in English like the record.
DETAILS = {
    400: "The request was not understood: check the parameters and try again.",
    401: "A valid API token is needed.",
    403: "This token may not do that.",
    404: "No such entry for this team.",
    405: "That method is not allowed here.",
    409: "That conflicts with the entry as it is now.",
    413: "The request is too big.",
    415: "That media type is not accepted here.",
    422: "The request was understood but its content is not valid.",
    429: "Too many requests: wait a minute and try again.",
    500: "Something went wrong on our side; nothing was changed. Try again later.",
    503: "The service is unavailable for a moment; nothing was changed. Try again in a minute.",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem_response(status: int, detail: str | None = None) -> Response:
    """One problem document: `type` about:blank means the status says it all (RFC 9457 4.2)."""
    title = HTTPStatus(status).phrase
    response = jsonify(
        type="about:blank",
        title=title,
        status=status,
        detail=detail or DETAILS.get(status, title),
    )
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="participation"'
    return response
