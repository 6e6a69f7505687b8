"""Texts and emails reach the provider once, with our reference, and a provider that is down,
slow or refusing says which (retry later, or give up); development shows every message on
screen; production will not start with a provider that reaches no phone."""

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from participation import create_app
from participation.auth.models import Role
from participation.extensions import db
from participation.jobs.testing import run_jobs
from participation.notifications import (
    PermanentFailure,
    Provider,
    Sent,
    TemporaryFailure,
    provider,
)
from participation.notify import outbox
from tests.fakes.notify import FakeNotify, fake_notify  # noqa: F401
from tests.helpers import page_text

WORKER_PHONE = "07700 900456"


# GOV.UK Notify, against the fake -----------------------------------------------------------


def test_a_text_reaches_notify_with_our_template_and_reference(fake_notify, app):  # noqa: F811
    notify = provider()
    assert notify.name == "GOV.UK Notify"
    provider_id = notify.send_sms(WORKER_PHONE, "Urgent: sign in to see", "alert-1-sms")
    [sms] = fake_notify.sms
    assert sms["id"] == provider_id
    assert sms["phone_number"] == WORKER_PHONE
    assert sms["template_id"] == app.config["NOTIFY_SMS_TEMPLATE_ID"]
    assert sms["personalisation"] == {"body": "Urgent: sign in to see"}
    assert sms["reference"] == "alert-1-sms"
    assert all(call.authorised for call in fake_notify.calls)  # the client signed its JWT


def test_an_email_carries_its_subject_and_body(fake_notify, app):  # noqa: F811
    provider_id = provider().send_email(
        "sam@example.org", "Urgent: sign in", "Sign in to see:\nhttps://x", "alert-1-email"
    )
    [email] = fake_notify.emails
    assert email["id"] == provider_id and email["email_address"] == "sam@example.org"
    assert email["template_id"] == app.config["NOTIFY_EMAIL_TEMPLATE_ID"]
    assert email["personalisation"] == {
        "subject": "Urgent: sign in",
        "body": "Sign in to see:\nhttps://x",
    }
    assert email["reference"] == "alert-1-email"


def test_a_message_is_found_by_its_reference_and_its_delivery_followed(fake_notify, app):  # noqa: F811
    notify = provider()
    assert notify.find("alert-2-sms") is None
    provider_id = notify.send_sms(WORKER_PHONE, "Urgent", "alert-2-sms")
    notify.send_sms(WORKER_PHONE, "Another", "alert-3-sms")
    assert notify.find("alert-2-sms") == Sent(provider_id, "delivered")
    assert notify.status(provider_id) == "delivered"
    fake_notify.set_status(provider_id, "created")
    assert notify.status(provider_id) == "sending"
    fake_notify.set_status(provider_id, "permanent-failure")
    assert notify.status(provider_id) == "permanent-failure"
    assert notify.find("alert-2-sms") == Sent(provider_id, "permanent-failure")


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_notify_down_or_busy_is_a_temporary_failure_and_sends_nothing(
    fake_notify,  # noqa: F811
    app,
    status,
):
    fake_notify.fail_next(1, status=status)
    with pytest.raises(TemporaryFailure, match=str(status)):
        provider().send_sms(WORKER_PHONE, "Urgent", "alert-4-sms")
    assert fake_notify.sms == []
    provider().send_sms(WORKER_PHONE, "Urgent", "alert-4-sms")  # the retry gets through
    assert len(fake_notify.sms) == 1


def test_a_refused_message_is_a_permanent_failure(fake_notify, app):  # noqa: F811
    fake_notify.fail_next(1, status=400)
    with pytest.raises(PermanentFailure, match="team-only"):
        provider().send_sms(WORKER_PHONE, "Urgent", "alert-5-sms")
    with pytest.raises(PermanentFailure, match="Not enough digits"):
        provider().send_sms("0770", "Urgent", "alert-6-sms")
    with pytest.raises(PermanentFailure, match="Not a valid email"):
        provider().send_email("sam at example", "Urgent", "Sign in", "alert-6-email")
    assert fake_notify.sends() == []


def test_a_wrong_api_key_is_a_permanent_failure(fake_notify, app):  # noqa: F811
    app.config["NOTIFY_API_KEY"] = FakeNotify().api_key  # another service's key
    with pytest.raises(PermanentFailure, match="403"):
        provider().send_sms(WORKER_PHONE, "Urgent", "alert-7-sms")
    assert fake_notify.calls[-1].authorised is False and fake_notify.sms == []


def test_a_hung_notify_times_out_and_the_retry_finds_what_got_through(fake_notify, app):  # noqa: F811
    app.config["NOTIFY_TIMEOUT"] = 0.5
    fake_notify.hang_next(5)  # Notify takes the message but the answer never comes in time
    started = time.monotonic()
    with pytest.raises(TemporaryFailure):
        provider().send_sms(WORKER_PHONE, "Urgent", "alert-8-sms")
    assert time.monotonic() - started < 3
    # A retry asks first, and sees the message was sent: nothing goes twice.
    assert provider().find("alert-8-sms") == Sent(fake_notify.sms[0]["id"], "delivered")
    assert len(fake_notify.sms) == 1


def test_notify_unreachable_is_a_temporary_failure(app_config):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app({**app_config, **FakeNotify(port=port).settings()})
    with app.app_context(), pytest.raises(TemporaryFailure):
        provider().send_email("sam@example.org", "Urgent", "Sign in", "alert-9-email")


def test_one_time_codes_go_by_text_or_email_through_notify(
    fake_notify,  # noqa: F811
    app,
    make_worker,
    make_young_person,
    yp_phone,
):
    adviser = make_worker(Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    yp_phone(make_young_person(adviser, "Casey"), username="casey", contact="casey@example.org")
    outbox.clear()
    for username in ("jordan.r", "casey"):
        phone = app.test_client()
        assert phone.post("/yp/sign-in/code", data={"username": username}).status_code == 200
    assert fake_notify.sends() == []  # not on the request: on the queue
    assert run_jobs() == 2
    [sms], [email] = fake_notify.sms, fake_notify.emails
    assert sms["phone_number"] == "07700 900123" and "code is" in sms["personalisation"]["body"]
    assert email["email_address"] == "casey@example.org"
    assert email["personalisation"]["subject"] == "Your participation sign-in code"
    assert sms["reference"] != email["reference"]
    assert [to for to, _text in outbox] == ["07700 900123", "casey@example.org"]


def test_a_code_notify_refuses_gets_the_same_answer_as_a_sent_one(
    fake_notify,  # noqa: F811
    app,
    make_worker,
    make_young_person,
    yp_phone,
):
    """Privacy: the page can't tell a stranger that this name exists but its text failed."""
    adviser = make_worker(Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    fake_notify.fail_next(1, status=400)
    phone = app.test_client()
    failed = phone.post("/yp/sign-in/code", data={"username": "jordan.r"})
    unknown = phone.post("/yp/sign-in/code", data={"username": "nobody"})
    run_jobs(include_scheduled=True)
    assert failed.status_code == unknown.status_code == 200
    assert page_text(failed) == page_text(unknown).replace("nobody", "jordan.r")
    assert fake_notify.sms == []
    # Refused for good: not tried again, and the code that never went can't be used.
    assert len(fake_notify.calls) == 1
    code = outbox[-1][1].split("code is ")[1][:9]
    tried = phone.post("/yp/sign-in/code", data={"username": "jordan.r", "code": code})
    assert tried.status_code == 422


# The development provider ------------------------------------------------------------------


def test_development_messages_show_on_screen_and_in_the_log(
    app, auth, make_worker, make_young_person, yp_phone, caplog
):
    adviser = make_worker(Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    assert provider().name == "Development log"
    phone = app.test_client()
    phone.post("/yp/sign-in/code", data={"username": "jordan.r"})
    run_jobs()
    code = outbox[-1][1].split("code is ")[1][:9]
    assert "development sms to 07700 900123 (reference sign-in-code-" in caplog.text
    assert code in caplog.text

    assert auth.client.get("/dev/messages").status_code == 302  # staff only: sign in first
    auth.sign_in(adviser)
    page = page_text(auth.client.get("/dev/messages"))
    assert "07700 900123" in page and code in page and "Text message" in page


def test_development_messages_newest_first_and_found_by_reference(app, auth, make_worker):
    notify = provider()
    first = notify.send_sms(WORKER_PHONE, "First alert", "alert-10-sms")
    notify.send_email("sam@example.org", "Urgent", "Second alert", "alert-10-email")
    db.session.commit()
    assert notify.find("alert-10-sms") == Sent(first, "delivered")
    assert notify.find("alert-11-sms") is None
    assert notify.status(first) == "delivered"
    auth.sign_in(make_worker())
    page = page_text(auth.client.get("/dev/messages"))
    assert page.index("Second alert") < page.index("First alert")


def test_a_job_rolled_back_after_sending_leaves_no_development_message(app):
    """Its retry sends again, so exactly one copy is ever kept."""
    provider().send_sms(WORKER_PHONE, "Urgent", "alert-12-sms")
    db.session.rollback()
    assert provider().find("alert-12-sms") is None


# Production -----------------------------------------------------------------------------------


def production(tmp_path, **extra) -> dict:
    return {
        "ENVIRONMENT": "production",
        "SECRET_KEY": "k" * 48,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "SESSION_DIR": str(tmp_path / "sessions"),
        "BASE_URL": "https://participation.example.gov.uk",
        "ALLOW_PER_PROCESS_LIMITS": True,
        # No job thread left running after the test (production on SQLite would start one).
        "JOBS_RUN": "manual",
        "OUT_OF_HOURS_CONTACT": {"name": "Emergency duty team", "mobile": "07700 900999"},
        **extra,
    }


def test_production_refuses_to_start_with_the_development_provider(tmp_path, monkeypatch):
    monkeypatch.delenv("PARTICIPATION_NOTIFICATION_PROVIDER", raising=False)
    with pytest.raises(RuntimeError, match="urgent alerts would reach no one"):
        create_app(production(tmp_path))


def test_production_refuses_notify_without_its_key_or_templates(tmp_path):
    settings = FakeNotify().settings()
    with pytest.raises(RuntimeError, match="PARTICIPATION_NOTIFY_API_KEY"):
        create_app(production(tmp_path, **{**settings, "NOTIFY_API_KEY": "my-key"}))
    with pytest.raises(RuntimeError, match="PARTICIPATION_NOTIFY_EMAIL_TEMPLATE_ID"):
        create_app(production(tmp_path, **{**settings, "NOTIFY_EMAIL_TEMPLATE_ID": None}))
    assert create_app(production(tmp_path, **settings)).config["NOTIFICATION_PROVIDER"] == "notify"


def test_production_refuses_to_start_with_nobody_to_escalate_to(tmp_path):
    settings = {**FakeNotify().settings(), "OUT_OF_HOURS_CONTACT": None, "DUTY_CONTACT": None}
    with pytest.raises(RuntimeError, match="PARTICIPATION_OUT_OF_HOURS_CONTACT"):
        create_app(production(tmp_path, **settings))
    email_only = {**settings, "DUTY_CONTACT": {"name": "Duty desk", "email": "duty@example.org"}}
    assert create_app(production(tmp_path, **email_only)).config["DUTY_CONTACT"]


def test_the_development_page_does_not_exist_in_production(tmp_path):
    app = create_app(production(tmp_path, **FakeNotify().settings()))
    with app.app_context():
        db.create_all()
    page = app.test_client().get("/dev/messages", base_url="https://participation.example.gov.uk")
    assert page.status_code == 404


def test_a_mistyped_provider_stops_the_app_starting(app_config):
    with pytest.raises(RuntimeError, match="NOTIFICATION_PROVIDER"):
        create_app({**app_config, "NOTIFICATION_PROVIDER": "participation.notifications.nope"})


class Pigeon(Provider):
    """A council's own provider, named by its dotted path."""

    name = "Pigeon"
    sent: list[str] = []

    def send_sms(self, to: str, text: str, reference: str) -> str:
        self.sent.append(reference)
        return reference


def test_a_council_can_plug_in_its_own_provider(app_config):
    app = create_app({**app_config, "NOTIFICATION_PROVIDER": f"{__name__}.Pigeon"})
    with app.app_context():
        assert provider().name == "Pigeon"
        assert provider().send_sms(WORKER_PHONE, "Urgent", "alert-13-sms") == "alert-13-sms"
    assert Pigeon.sent == ["alert-13-sms"]


def test_the_fake_runs_on_its_own_for_another_process_to_send_to(app_config):
    """As a worker process would use it: settings printed on start, calls read over HTTP."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fake = subprocess.Popen(  # noqa: S603  (this interpreter, our own module)
        [sys.executable, "-m", "tests.fakes.notify", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        printed = dict(fake.stdout.readline().strip().split("=", 1) for _ in range(6))
        settings = {k.removeprefix("PARTICIPATION_"): v for k, v in printed.items()}
        assert settings["NOTIFY_BASE_URL"] == f"http://127.0.0.1:{port}"
        app = create_app({**app_config, **settings})
        with app.app_context():
            provider_id = provider().send_sms(WORKER_PHONE, "Urgent", "alert-14-sms")
        with urllib.request.urlopen(f"{settings['NOTIFY_BASE_URL']}/_fake/calls") as answer:  # noqa: S310
            seen = json.load(answer)
        assert [sms["id"] for sms in seen["sms"]] == [provider_id]
    finally:
        fake.terminate()
        fake.wait(timeout=10)
        fake.stdout.close()
