import hashlib
import hmac
import json
import socket
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import func, select

from participation.activities.models import Activity
from participation.audit.models import AuditEvent
from participation.auth.models import Role
from participation.auth.services import get_or_create_team
from participation.caserecord.models import RecordEntry
from participation.caserecord.services import (
    WEBHOOK_RETRY,
    add_working_days,
    create_client,
    deliver_webhook,
    register,
)
from participation.codes.services import issue_code
from participation.extensions import db
from participation.jobs import enqueue
from participation.jobs.testing import jobs_waiting, run_jobs
from participation.meetings.models import Meeting
from tests.helpers import page_text, png_bytes, upload

HOLIDAYS = {date(2026, 12, 25), date(2026, 12, 28)}


def test_deadlines_count_working_days_only():
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1, set()) == date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 5, set()) == date(2026, 11, 27)
    christmas_eve = date(2026, 12, 24)
    assert add_working_days(christmas_eve, 1, HOLIDAYS) == date(2026, 12, 29)


@pytest.fixture
def sent(app, make_worker, make_child, make_activity, make_code):
    """Amy's Three Houses sent from a tablet, with a drawing and a worry alert."""
    worker = make_worker(name="Sam Okafor")
    child = make_child(worker, name="Amy Clarke")
    activity = make_activity(child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "Hi"})
    upload(tablet, activity, "worries", png_bytes())
    tablet.post(f"/activities/{activity.public_id}/worry")
    tablet.post(f"/activities/{activity.public_id}/finish")
    return worker, activity


@pytest.fixture
def api(app, sent):
    """A case management system's HTTP client for the worker's team."""
    worker, _activity = sent
    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    http = app.test_client()
    http.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return http


def test_submissions_and_alerts_become_record_entries_with_deadlines(app, sent):
    _worker, activity = sent
    holidays = {date.fromisoformat(d) for d in app.config["BANK_HOLIDAYS"]}
    entries = {e.kind: e for e in db.session.scalars(select(RecordEntry))}
    submission, alert = entries["activity"], entries["worry_alert"]
    assert submission.object_id == activity.public_id and not submission.urgent
    assert alert.urgent
    assert alert.due_by == add_working_days(alert.ready_at.date(), 1, holidays)
    assert submission.due_by == add_working_days(submission.ready_at.date(), 5, holidays)


def test_api_lists_fetches_files_and_acknowledges(api, sent):
    _worker, activity = sent
    listing = api.get("/api/v1/entries?since=0")
    assert listing.status_code == 200
    body = listing.get_json()
    kinds = [e["kind"] for e in body["entries"]]
    assert kinds == ["worry_alert", "child_activity"]
    assert api.get(f"/api/v1/entries?since={body['next_cursor']}").get_json()["entries"] == []
    entry = api.get(f"/api/v1/entries/{activity.public_id}").get_json()
    assert entry["areas"][0]["child_words"] == "Hi"
    assert entry["record"]["due_by"] and entry["seen_alone"] is None
    assert entry["seen"]["worker_present"] is False  # code mode: the child's own device
    drawing_url = entry["areas"][0]["drawing"]["url"].replace("http://127.0.0.1:5000", "")
    with api.get(drawing_url) as drawing:
        assert drawing.status_code == 200 and drawing.mimetype == "image/png"
    first = api.post(f"/api/v1/entries/{activity.public_id}/filed").get_json()
    again = api.post(f"/api/v1/entries/{activity.public_id}/filed").get_json()
    assert first["filed_at"] == again["filed_at"] and first["filed_by"] == "Mosaic"
    calls = [e.action for e in db.session.scalars(select(AuditEvent).filter_by(actor_kind="api"))]
    assert {"api_list_entries", "api_fetch_entry", "api_fetch_file", "api_mark_filed"} <= set(calls)
    assert all(
        e.actor_name == "Mosaic"
        for e in db.session.scalars(select(AuditEvent).filter_by(actor_kind="api"))
    )


def test_api_needs_a_valid_token_and_sees_only_its_team(app, api, sent, make_worker, make_child,
                                                         make_activity, make_code):  # fmt: skip
    _worker, activity = sent
    anonymous = app.test_client()
    response = anonymous.get("/api/v1/entries")
    assert response.status_code == 401 and response.get_json()["detail"]
    forged = app.test_client()
    forged.environ_base["HTTP_AUTHORIZATION"] = "Bearer not-a-token"
    assert forged.get("/api/v1/entries").status_code == 401
    other_worker = make_worker(team=get_or_create_team("Southside"))
    db.session.commit()
    _c, other_token = create_client("Eclipse", other_worker.team_id)
    db.session.commit()
    other = app.test_client()
    other.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {other_token}"
    assert other.get("/api/v1/entries").get_json()["entries"] == []
    assert other.get(f"/api/v1/entries/{activity.public_id}").status_code == 404
    assert other.post(f"/api/v1/entries/{activity.public_id}/filed").status_code == 404
    assert (
        db.session.scalar(
            select(func.count()).select_from(RecordEntry).where(RecordEntry.filed_at.is_not(None))
        )
        == 0
    )
    assert api.get("/api/v1/entries?limit=0").status_code == 400


def test_journal_entries_and_agreed_plans_reach_the_api(
    app, api, sent, make_family, make_member, member_phone, make_young_person, yp_phone
):
    worker, activity = sent
    family = make_family(activity.child, worker)
    phone = member_phone(make_member(family, worker))
    phone.post("/network/journal/new", data={"plan_worked": "no", "what_happened": "Shouting"})
    phone.post("/network/worry")
    person = make_young_person(worker)
    yp = yp_phone(person)
    yp.post(
        "/my-plan/health", data={"version": "0", "in_my_words": "I am OK", "want_to_achieve": ""}
    )
    yp.post("/my-plan/agree")
    staff = app.test_client()
    staff.post(
        "/staff/sign-in", data={"email": worker.email, "password": "correct horse battery staple"}
    )
    staff.post(f"/young-people/{person.public_id}/agree")
    entries = api.get("/api/v1/entries").get_json()["entries"]
    kinds = [e["kind"] for e in entries]
    assert kinds.count("journal_entry") == 1 and kinds.count("pathway_plan") == 1
    assert kinds.count("worry_alert") == 2
    journal = next(e for e in entries if e["kind"] == "journal_entry")
    assert api.get(f"/api/v1/entries/{journal['id']}").get_json()["what_happened"] == "Shouting"
    plan = next(e for e in entries if e["kind"] == "pathway_plan")
    assert (
        api.get(f"/api/v1/entries/{plan['id']}").get_json()["sections"][0]["in_my_words"]
        == "I am OK"
    )


def test_managers_see_entries_past_their_deadline(client, auth, sent, make_worker):
    worker, _activity = sent
    entry = db.session.scalars(select(RecordEntry).filter_by(kind="worry_alert")).one()
    entry.due_by = date.today() - timedelta(days=1)
    db.session.commit()
    auth.sign_in(worker)
    assert client.get("/case-record/overdue").status_code == 404  # managers only
    auth.sign_out()
    auth.sign_in(make_worker(role=Role.TEAM_MANAGER))
    page = page_text(client.get("/case-record/overdue"))
    assert "Amy Clarke: worry alert" in page and "Amy Clarke: Three Houses" not in page


@pytest.fixture
def hook(app):
    """A case system's webhook receiver on loopback; `status` says how it answers."""
    state = {"status": 204, "received": []}

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state["status"] < 300:
                state["received"].append((self.headers["X-Participation-Signature"], body))
            self.send_response(state["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(
        WEBHOOK_URL=f"http://127.0.0.1:{server.server_port}/hook", WEBHOOK_SECRET="s3cret"
    )
    yield state
    server.shutdown()
    server.server_close()


def finish_an_activity(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    assert tablet.post(f"/activities/{activity.public_id}/finish").status_code == 302
    return activity


def test_the_signed_webhook_is_sent_by_the_queue_not_on_the_childs_request(
    app, hook, make_worker, make_child, make_activity, make_code
):
    activity = finish_an_activity(app, make_worker, make_child, make_activity, make_code)
    assert hook["received"] == []  # nothing went out while the child waited
    entry_id = db.session.scalars(select(RecordEntry)).one().id
    assert [(name.rsplit(".")[-1], kwargs) for name, kwargs in jobs_waiting(queue="outward")] == [
        ("deliver_webhook", {"entry_id": entry_id})
    ]
    assert run_jobs() == 1
    signature, body = hook["received"][0]
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert signature == f"sha256={expected}"
    assert json.loads(body)["id"] == activity.public_id
    assert db.session.scalars(select(RecordEntry)).one().notified_at is not None


def test_a_receiver_that_never_answers_does_not_slow_the_childs_save(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    # Accepts, then never says a word (closed whatever happens: a socket left open shows up
    # as a warning in whichever test runs next).
    with socket.create_server(("127.0.0.1", 0)) as silent:
        app.config.update(
            WEBHOOK_URL=f"http://127.0.0.1:{silent.getsockname()[1]}/", WEBHOOK_SECRET="x"
        )
        # Only the child's save is timed, not making the worker and the code (a busy CI
        # machine once took 2 s for all of it).
        started = time.monotonic()
        response = tablet.post(f"/activities/{activity.public_id}/finish")
        took = time.monotonic() - started
    assert response.status_code == 302
    assert took < 2  # sending in-line waited 3 s for the receiver
    entry = db.session.scalars(select(RecordEntry)).one()
    assert entry.filed_at is None and entry.notified_at is None  # saved, the webhook to come


def test_a_failed_webhook_is_retried_later_and_sent_once(
    app, hook, make_worker, make_child, make_activity, make_code
):
    hook["status"] = 503  # the case system is down for maintenance
    activity = finish_an_activity(app, make_worker, make_child, make_activity, make_code)
    run_jobs()
    entry = db.session.scalars(select(RecordEntry)).one()
    assert entry.notify_attempts == 1 and "503" in entry.notify_error
    assert entry.notified_at is None and hook["received"] == []
    run_jobs()
    assert db.session.get(RecordEntry, entry.id).notify_attempts == 1  # the retry waits
    assert len(jobs_waiting(queue="outward")) == 1  # but it is still there

    hook["status"] = 204
    while run_jobs(include_scheduled=True):
        pass
    assert len(hook["received"]) == 1
    assert json.loads(hook["received"][0][1])["id"] == activity.public_id
    db.session.expire_all()
    entry = db.session.scalars(select(RecordEntry)).one()
    assert entry.notified_at is not None and entry.notify_error == ""
    enqueue(deliver_webhook, entry_id=entry.id)  # the job again (a retry, a worker restarted)
    db.session.commit()
    assert run_jobs() == 1 and len(hook["received"]) == 1  # sent once


def test_webhook_retries_stop_after_the_last_back_off_step_and_the_entry_stays(
    app, hook, make_worker, make_child, make_activity, make_code
):
    hook["status"] = 500
    finish_an_activity(app, make_worker, make_child, make_activity, make_code)
    while run_jobs(include_scheduled=True):
        pass
    entry = db.session.scalars(select(RecordEntry)).one()
    assert entry.notify_attempts == WEBHOOK_RETRY.max_attempts + 1
    assert hook["received"] == [] and entry.notified_at is None
    assert jobs_waiting(queue="outward") == []


def test_after_a_restart_of_the_embedded_queue_unsent_webhooks_are_sent(
    app, hook, make_worker, make_child, make_activity, make_code
):
    from procrastinate.testing import InMemoryConnector

    from participation.caserecord.services import requeue_unsent_webhooks
    from participation.jobs.queue import queue_app

    if not isinstance(queue_app.connector, InMemoryConnector):
        pytest.skip("PostgreSQL keeps its jobs across a restart")
    finish_an_activity(app, make_worker, make_child, make_activity, make_code)
    queue_app.connector.reset()  # the process restarted before the job ran
    requeue_unsent_webhooks()
    requeue_unsent_webhooks()  # started twice: still one job
    assert len(jobs_waiting(queue="outward")) == 1
    run_jobs()
    assert len(hook["received"]) == 1
    requeue_unsent_webhooks()  # and once sent, never again
    assert jobs_waiting(queue="outward") == []


def test_a_save_that_rolls_back_queues_no_webhook(app, hook):
    register("activity", "never-saved", None, "Amy Clarke: Three Houses")
    db.session.rollback()  # the save failed after the entry was registered
    assert run_jobs(include_scheduled=True) == 0 and jobs_waiting(queue="outward") == []
    assert (
        hook["received"] == []
        and db.session.scalar(select(func.count()).select_from(RecordEntry)) == 0
    )


def test_no_webhook_is_queued_unless_one_is_configured(
    app, make_worker, make_child, make_activity, make_code
):
    finish_an_activity(app, make_worker, make_child, make_activity, make_code)
    assert db.session.scalar(select(func.count()).select_from(RecordEntry)) == 1
    assert jobs_waiting(queue="outward") == []


def test_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/entries", "/entries/{id}", "/entries/{id}/files/{file_id}", "/entries/{id}/filed",
    }  # fmt: skip


def test_an_entry_an_older_release_wrote_mid_deploy_still_reaches_the_api(api, sent):
    """Old app servers write the names from before the rename until the deploy finishes."""
    _worker, activity = sent
    entry = db.session.scalars(select(RecordEntry).filter_by(object_id=activity.public_id)).one()
    entry.kind = "child_activity"
    db.session.commit()
    kinds = [e["kind"] for e in api.get("/api/v1/entries?since=0").get_json()["entries"]]
    assert kinds == ["worry_alert", "child_activity"]
    fetched = api.get(f"/api/v1/entries/{activity.public_id}")
    assert fetched.status_code == 200 and fetched.get_json()["areas"][0]["child_words"] == "Hi"


def test_a_meeting_with_its_views_and_outcome_reaches_the_api_and_the_record(
    app, api, sent, make_worker, make_activity, make_code
):
    """Like every other kind: listed, fetched with its views, outcome and the child's answer,
    on the child's trail, and its record document, JSON and PDF open for the worker."""
    worker, activity = sent
    chair = make_worker(role=Role.INDEPENDENT_REVIEWING_OFFICER, name="Rita Iro")
    child = activity.child
    staff = app.test_client()
    staff.post(
        "/staff/sign-in", data={"email": worker.email, "password": "correct horse battery staple"}
    )
    staff.post(
        f"/meetings/child/{child.public_id}",
        data={"kind": "looked_after_review", "held_on": "2026-12-16", "chair": str(chair.id)},
    )
    meeting = db.session.scalars(select(Meeting)).one()
    staff.post(f"/meetings/{meeting.public_id}/views", data={"tool": "my_meeting", "mode": "code"})
    views = db.session.scalars(select(Activity).where(Activity.meeting_id == meeting.id)).one()
    _code, plain = issue_code(views, worker)
    db.session.commit()
    tablet = app.test_client()
    tablet.post("/start", data={"code": plain})
    tablet.post(
        f"/activities/{views.public_id}/areas/want_to_happen/words",
        data={"child_words": "Stay with Nan"},
    )
    tablet.post(f"/activities/{views.public_id}/finish")
    staff.post(
        f"/meetings/{meeting.public_id}/outcome",
        data={"outcome": "You will stay with Nan.", "language": "en"},
    )
    # Any later code opens Amy's space, where the outcome is waiting: she reads and answers.
    answer = app.test_client()
    answer_code = make_code(make_activity(child, worker), worker)
    answer.post("/start", data={"code": answer_code})
    assert "You will stay with Nan." in page_text(answer.get("/me"))
    assert answer.post(
        f"/me/meetings/{meeting.public_id}/answer", data={"answer": "Thank you"}
    ).status_code == 302  # fmt: skip

    listed = api.get("/api/v1/entries?since=0").get_json()["entries"]
    on_list = {e["id"]: e for e in listed}
    assert on_list[meeting.public_id]["kind"] == "child_meeting"
    assert on_list[meeting.public_id]["label"] == f"{child.name}: Looked-after review on 2026-12-16"
    assert on_list[views.public_id]["kind"] == "child_activity"
    body = api.get(f"/api/v1/entries/{meeting.public_id}").get_json()
    assert body["schema"] == "participation.meeting.v1"
    assert body["record"]["kind"] == "child_meeting"
    assert body["views"][0]["activity_id"] == views.public_id
    assert body["views"][0]["views_due"] == "2026-12-11"
    assert body["outcome"] == "You will stay with Nan." and body["answer"] == "Thank you"
    assert body["outcome_first_read_at"] and body["outcome_read_mode"] == "code"
    fetched = db.session.scalars(
        select(AuditEvent).filter_by(action="api_fetch_entry", object_id=meeting.public_id)
    ).all()
    assert {(e.subject_kind, e.subject_id) for e in fetched} == {("child", child.public_id)}
    views_body = api.get(f"/api/v1/entries/{views.public_id}").get_json()
    assert views_body["for_meeting"]["id"] == meeting.public_id

    document = page_text(staff.get(f"/record/meeting/{meeting.public_id}"))
    assert "You will stay with Nan." in document and "Thank you" in document
    assert "My meeting: due 11 December 2026; sent" in document
    assert staff.get(f"/record/meeting/{meeting.public_id}.json").get_json()["id"] == (
        meeting.public_id
    )
    pdf = staff.get(f"/record/meeting/{meeting.public_id}.pdf")
    assert pdf.status_code in (200, 202)
