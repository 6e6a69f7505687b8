"""A stand-in for the GOV.UK Notify v2 HTTP API on a real loopback server, for tests and for
a local worker process: it records every call, checks the JWT the official client signs, and
can be told to fail, hang or report a delivery status.

In a test (request `fake_notify` before `app`, see the fixture):

    from tests.fakes.notify import fake_notify  # noqa: F401

    def test_x(fake_notify, app): ...
        fake_notify.sms[-1]["phone_number"]; fake_notify.fail_next(2, status=500)

Standalone, for a separate process to send to (its settings are printed on start):

    .venv/bin/python -m tests.fakes.notify --port 8765

and from another process, the same controls over HTTP: GET /_fake/calls, POST /_fake/reset,
/_fake/fail_next {"n", "status"}, /_fake/hang_next {"seconds", "n", "accept"},
/_fake/status {"id", "status"}.
"""

import argparse
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

# Fixed ids for the standalone server, so a worker's settings can be written down once.
STANDALONE_SERVICE_ID = "7d3a6b5e-1f0c-4c1e-9a55-2f6f5e1d0c11"
STANDALONE_SECRET = "0f8e3c2a-6b1d-4e7f-8a9c-5d4b3a2f1e00"
STANDALONE_SMS_TEMPLATE = "5b8f1c2e-0a3d-4e6f-9b7c-1d2e3f4a5b6c"
STANDALONE_EMAIL_TEMPLATE = "6c9a2d3f-1b4e-4f70-8c8d-2e3f4a5b6c7d"

# Well-formed Notify settings for a test that only builds a production app (sends nothing).
NOTIFY_SETTINGS = {
    "NOTIFICATION_PROVIDER": "notify",
    "NOTIFY_API_KEY": f"test-{STANDALONE_SERVICE_ID}-{STANDALONE_SECRET}",
    "NOTIFY_SMS_TEMPLATE_ID": STANDALONE_SMS_TEMPLATE,
    "NOTIFY_EMAIL_TEMPLATE_ID": STANDALONE_EMAIL_TEMPLATE,
    # Production also needs someone beyond the worker to escalate to.
    "OUT_OF_HOURS_CONTACT": {"name": "Emergency duty team", "mobile": "07700 900999"},
}

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SENDS = ("/v2/notifications/sms", "/v2/notifications/email")
# What Notify itself says for each failure a test asks for.
_FAILURES = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: ("RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 s"),
    500: ("Exception", "Internal server error"),
    502: ("Exception", "Bad gateway"),
    503: ("Exception", "Service unavailable"),
}


@dataclass
class _Plan:
    """What to do to one coming request instead of answering it normally."""

    kind: str  # "fail" or "hang"
    status: int = 500
    seconds: float = 0.0
    accept: bool = True
    sends_only: bool = True


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    authorised: bool
    answered: int = 0  # the HTTP status we answered with


@dataclass
class FakeNotify:
    """Notify's API as the official client sees it. Every list is in arrival order."""

    host: str = "127.0.0.1"
    port: int = 0
    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    sms_template_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    email_template_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    # New notifications start here; Notify's real ones go "sending" then "delivered".
    default_status: str = "delivered"

    def __post_init__(self) -> None:
        self.calls: list[Call] = []
        self.sms: list[dict] = []
        self.emails: list[dict] = []
        self._notifications: dict[str, dict] = {}
        self._plans: list[_Plan] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = None
        self._thread: threading.Thread | None = None

    # Controls -------------------------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 500, sends_only: bool = True) -> None:
        """The next n sends (or, sends_only=False, any calls) get this HTTP error and send
        nothing."""
        with self._lock:
            self._plans += [_Plan("fail", status=status, sends_only=sends_only)] * n

    def hang_next(
        self, seconds: float, n: int = 1, accept: bool = True, sends_only: bool = True
    ) -> None:
        """The next n sends answer only after `seconds`. accept=True: the message is taken
        (and counted as sent) straight away and only the answer is late, the case a caller's
        timeout can't tell apart from failure; accept=False: nothing is sent and the late
        answer is a 500."""
        with self._lock:
            self._plans += [
                _Plan("hang", seconds=seconds, accept=accept, sends_only=sends_only)
            ] * n

    def set_status(self, notification_id: str, status: str) -> None:
        """As a delivery receipt would: what Notify reports for that notification from now."""
        with self._lock:
            self._notifications[notification_id]["status"] = status
            self._notifications[notification_id]["completed_at"] = _now()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.sms.clear()
            self.emails.clear()
            self._notifications.clear()
            self._plans.clear()

    def sends(self) -> list[dict]:
        """Texts and emails Notify accepted, in order."""
        with self._lock:
            return sorted(self.sms + self.emails, key=lambda n: n["created_at"])

    # Settings --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_key(self) -> str:
        """In Notify's own format: key name, service id, secret."""
        return f"test-{self.service_id}-{self.secret}"

    def settings(self) -> dict[str, Any]:
        """The app's configuration for sending through this fake."""
        return {
            "NOTIFICATION_PROVIDER": "notify",
            "NOTIFY_API_KEY": self.api_key,
            "NOTIFY_BASE_URL": self.url,
            "NOTIFY_SMS_TEMPLATE_ID": self.sms_template_id,
            "NOTIFY_EMAIL_TEMPLATE_ID": self.email_template_id,
            # A hung call gives up in 2 s, not the production 10, so tests stay quick.
            "NOTIFY_TIMEOUT": 2,
        }

    # Server ----------------------------------------------------------------------------------

    def start(self) -> "FakeNotify":
        self._server = make_server(self.host, self.port, self._wsgi, threaded=True)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # lets any hung request finish at once
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def serve_forever(self) -> None:
        self._server = make_server(self.host, self.port, self._wsgi, threaded=True)
        self.port = self._server.server_port
        self._server.serve_forever()

    @Request.application
    def _wsgi(self, request: Request) -> Response:
        if request.path.startswith("/_fake/"):
            return self._control(request)
        body = request.get_json(silent=True) if request.method == "POST" else None
        call = Call(
            request.method,
            request.path,
            dict(request.args),
            body,
            self._authorised(request),
        )
        with self._lock:
            self.calls.append(call)
            plan = self._take_plan(request)
        response = self._answer(request, call, body, plan)
        call.answered = response.status_code
        return response

    def _answer(self, request: Request, call: Call, body: Any, plan: _Plan | None) -> Response:
        if not call.authorised:
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        if plan is not None and plan.kind == "fail":
            return _error(plan.status, *_FAILURES.get(plan.status, ("Exception", "Error")))
        if plan is not None and plan.kind == "hang" and not plan.accept:
            self._stopping.wait(plan.seconds)
            return _error(500, *_FAILURES[500])
        response = self._route(request, body)
        if plan is not None and plan.kind == "hang":
            self._stopping.wait(plan.seconds)
        return response

    def _take_plan(self, request: Request) -> _Plan | None:
        is_send = request.method == "POST" and request.path in _SENDS
        for i, plan in enumerate(self._plans):
            if is_send or not plan.sends_only:
                return self._plans.pop(i)
        return None

    def _authorised(self, request: Request) -> bool:
        """The official client signs a JWT (HS256, iss = service id) with the secret."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return False
        try:
            return get_token_issuer(token) == self.service_id and bool(
                decode_jwt_token(token, self.secret)
            )
        except TokenError:
            return False

    def _route(self, request: Request, body: Any) -> Response:
        path = request.path.rstrip("/")
        if request.method == "POST" and path == "/v2/notifications/sms":
            return self._send("sms", body)
        if request.method == "POST" and path == "/v2/notifications/email":
            return self._send("email", body)
        if request.method == "GET" and path == "/v2/notifications":
            return self._list(request.args)
        if request.method == "GET" and path.startswith("/v2/notifications/"):
            return self._one(path.rsplit("/", 1)[1])
        return _error(404, "NotFound", "Not Found")

    def _send(self, kind: str, body: Any) -> Response:
        if not isinstance(body, dict):
            return _error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        template = self.sms_template_id if kind == "sms" else self.email_template_id
        if body.get("template_id") != template:
            return _error(400, "BadRequestError", "Template not found")
        needed = ("body",) if kind == "sms" else ("subject", "body")
        personalisation = body.get("personalisation") or {}
        missing = [name for name in needed if name not in personalisation]
        if missing:
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        recipient_field = "phone_number" if kind == "sms" else "email_address"
        recipient = str(body.get(recipient_field, ""))
        problem = _phone_problem(recipient) if kind == "sms" else _email_problem(recipient)
        if problem:
            return _error(400, "ValidationError", f"{recipient_field} {problem}")
        notification = {
            "id": str(uuid.uuid4()),
            "reference": body.get("reference"),
            "type": kind,
            "status": self.default_status,
            "template_id": template,
            "personalisation": personalisation,
            "phone_number": recipient if kind == "sms" else None,
            "email_address": recipient if kind == "email" else None,
            "body": personalisation["body"],
            "subject": personalisation.get("subject"),
            "created_at": _now(),
            "completed_at": None,
        }
        with self._lock:
            self._notifications[notification["id"]] = notification
            (self.sms if kind == "sms" else self.emails).append(notification)
        content: dict[str, Any] = {"body": notification["body"]}
        if kind == "sms":
            content["from_number"] = "participation"
        else:
            content.update(
                subject=notification["subject"],
                from_email="participation@notifications.service.gov.uk",
                one_click_unsubscribe_url=None,
            )
        return _json(
            201,
            {
                "id": notification["id"],
                "reference": notification["reference"],
                "content": content,
                "uri": f"{self.url}/v2/notifications/{notification['id']}",
                "template": {
                    "id": template,
                    "version": 1,
                    "uri": f"{self.url}/services/{self.service_id}/templates/{template}",
                },
                "scheduled_for": None,
            },
        )

    def _list(self, args) -> Response:
        with self._lock:
            found = [
                self._public(n)
                for n in reversed(list(self._notifications.values()))
                if ("reference" not in args or n["reference"] == args["reference"])
                and ("status" not in args or n["status"] == args["status"])
                and ("template_type" not in args or n["type"] == args["template_type"])
            ]
        return _json(
            200, {"notifications": found, "links": {"current": f"{self.url}/v2/notifications"}}
        )

    def _one(self, notification_id: str) -> Response:
        if not _UUID.fullmatch(notification_id):
            return _error(400, "ValidationError", "notification_id is not a valid UUID")
        with self._lock:
            notification = self._notifications.get(notification_id)
            if notification is None:
                return _error(404, "NoResultFound", "No result found")
            return _json(200, self._public(notification))

    def _public(self, n: dict) -> dict:
        """A notification as GET /v2/notifications shows it."""
        return {
            "id": n["id"],
            "reference": n["reference"],
            "email_address": n["email_address"],
            "phone_number": n["phone_number"],
            "type": n["type"],
            "status": n["status"],
            "template": {"id": n["template_id"], "version": 1, "uri": ""},
            "body": n["body"],
            "subject": n["subject"],
            "created_at": n["created_at"],
            "created_by_name": None,
            "sent_at": n["created_at"],
            "completed_at": n["completed_at"],
        }

    def _control(self, request: Request) -> Response:
        """The controls, over HTTP, for a test in another process than the fake."""
        body = request.get_json(silent=True) or {}
        name = request.path.removeprefix("/_fake/")
        if request.method == "GET" and name == "calls":
            with self._lock:
                return _json(
                    200,
                    {
                        "calls": [c.__dict__ for c in self.calls],
                        "sms": list(self.sms),
                        "emails": list(self.emails),
                    },
                )
        if request.method == "POST" and name == "reset":
            self.reset()
        elif request.method == "POST" and name == "fail_next":
            self.fail_next(int(body.get("n", 1)), int(body.get("status", 500)))
        elif request.method == "POST" and name == "hang_next":
            self.hang_next(
                float(body["seconds"]), int(body.get("n", 1)), bool(body.get("accept", True))
            )
        elif request.method == "POST" and name == "status":
            self.set_status(body["id"], body["status"])
        else:
            return _error(404, "NotFound", "Not Found")
        return _json(200, {"ok": True})


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _phone_problem(number: str) -> str:
    """Notify's checks, roughly: UK numbers and international ones with a +."""
    if re.search(r"[^\d\s().+-]", number):
        return "Must not contain letters or symbols"
    digits = re.sub(r"\D", "", number)
    if len(digits) < 10:
        return "Not enough digits"
    if len(digits) > 15:
        return "Too many digits"
    return ""


def _email_problem(address: str) -> str:
    return "" if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address) else "Not a valid email address"


def _json(status: int, data: Any) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


def _error(status: int, error: str, message: str) -> Response:
    return _json(status, {"errors": [{"error": error, "message": message}], "status_code": status})


@pytest.fixture
def fake_notify(app_config):
    """A running fake Notify; the app built after it sends through it.

    Request it BEFORE `app` in the test's arguments (`def test_x(fake_notify, app)`): the
    `app` fixture builds the app from `app_config`, and this fixture puts Notify's settings
    into `app_config`, so it must run first.
    """
    fake = FakeNotify().start()
    app_config.update(fake.settings())
    yield fake
    fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake GOV.UK Notify API on loopback.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    fake = FakeNotify(
        host=args.host,
        port=args.port,
        service_id=STANDALONE_SERVICE_ID,
        secret=STANDALONE_SECRET,
        sms_template_id=STANDALONE_SMS_TEMPLATE,
        email_template_id=STANDALONE_EMAIL_TEMPLATE,
    )
    for key, value in fake.settings().items():
        print(f"PARTICIPATION_{key}={value}", flush=True)
    fake.serve_forever()


if __name__ == "__main__":
    main()
