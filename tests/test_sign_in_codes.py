"""A young person's one-time sign-in code is sent by a job, not on their request: a slow or
down GOV.UK Notify never slows their page, the code arrives once Notify is back, and a
retried job leaves exactly one code that works."""

import time
from datetime import timedelta

from sqlalchemy import func, select, text

from participation.auth.models import Role
from participation.extensions import db
from participation.jobs.testing import jobs_waiting, run_jobs
from participation.notify import outbox
from participation.pathway.models import OneTimeCode
from tests.helpers import page_text
from tests.worker import wait_for

SIGN_IN = "/yp/sign-in/code"


def _code_in(text: str) -> str:
    return text.split("code is ")[1][:9]


def _valid_codes() -> int:
    from participation.db_types import utcnow

    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(OneTimeCode)
        .where(OneTimeCode.used_at.is_(None), OneTimeCode.expires_at > utcnow())
    )


def _signs_in(app, code: str) -> bool:
    response = app.test_client().post(SIGN_IN, data={"username": "jordan.r", "code": code})
    return response.headers.get("Location") == "/my-plan"


def _jordan(make_worker, make_young_person, yp_phone) -> None:
    adviser = make_worker(role=Role.PERSONAL_ADVISER)
    yp_phone(make_young_person(adviser), username="jordan.r", contact="07700 900123")
    outbox.clear()


def test_asking_for_a_code_is_quick_while_notify_hangs(
    fake_notify, app, make_worker, make_young_person, yp_phone
):
    _jordan(make_worker, make_young_person, yp_phone)
    fake_notify.hang_next(5, accept=False)
    started = time.monotonic()
    response = app.test_client().post(SIGN_IN, data={"username": "jordan.r"})
    assert time.monotonic() - started < 1.5  # Notify's client would wait 2 s
    assert response.status_code == 200 and "we have sent a code" in page_text(response)
    assert fake_notify.calls == []
    # Privacy: the job knows which row to fill, never the code itself.
    [(_task, arguments)] = jobs_waiting(queue="alerts")
    assert set(arguments) == {"code_id"}


def test_the_code_arrives_once_notify_is_back(
    fake_notify, app, make_worker, make_young_person, yp_phone
):
    _jordan(make_worker, make_young_person, yp_phone)
    fake_notify.fail_next(3, status=503)
    assert app.test_client().post(SIGN_IN, data={"username": "jordan.r"}).status_code == 200
    run_jobs()
    assert fake_notify.sms == []  # down: the job waits to try again
    run_jobs(include_scheduled=True)
    [sms] = fake_notify.sms
    code = _code_in(sms["personalisation"]["body"])
    # Each try made a fresh code; the ones that never arrived don't work, the one that did.
    tried = [_code_in(text) for _to, text in outbox]
    assert len(tried) == 4 and tried[-1] == code
    assert _valid_codes() == 1
    assert not any(_signs_in(app, old) for old in tried[:-1])
    assert _signs_in(app, code)


def test_a_retry_after_notify_took_the_code_but_answered_late_sends_no_second_code(
    fake_notify, app, make_worker, make_young_person, yp_phone
):
    _jordan(make_worker, make_young_person, yp_phone)
    fake_notify.hang_next(3, accept=True)  # taken at once; the answer comes after the timeout
    app.test_client().post(SIGN_IN, data={"username": "jordan.r"})
    run_jobs(include_scheduled=True)
    [sms] = fake_notify.sms
    assert len(outbox) == 1  # the retry asked Notify first, and sent nothing more
    assert _valid_codes() == 1
    assert _signs_in(app, _code_in(sms["personalisation"]["body"]))


def test_the_plain_code_is_never_stored(app, make_worker, make_young_person, yp_phone):
    _jordan(make_worker, make_young_person, yp_phone)
    app.test_client().post(SIGN_IN, data={"username": "jordan.r"})
    run_jobs()
    code = _code_in(outbox[-1][1]).replace("-", "")
    row = db.session.scalars(select(OneTimeCode)).one()
    assert code not in row.code_hash and len(row.code_hash) == 64


def test_a_code_the_queue_could_not_send_in_time_is_not_sent_late(
    app, make_worker, make_young_person, yp_phone
):
    _jordan(make_worker, make_young_person, yp_phone)
    app.test_client().post(SIGN_IN, data={"username": "jordan.r"})
    for row in db.session.scalars(select(OneTimeCode)):
        row.created_at -= timedelta(minutes=11)
    db.session.commit()
    run_jobs()
    assert outbox == []
    assert _valid_codes() == 0


def _code_jobs_unfinished() -> int:
    db.session.commit()
    return db.session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
            "AND task_name = 'participation.pathway.jobs.send_sign_in_code'"
        )
    )


def test_a_worker_killed_mid_send_leaves_one_code_sent_once(
    fake_notify, app, make_worker, make_young_person, yp_phone, worker_process
):
    _jordan(make_worker, make_young_person, yp_phone)
    # Notify takes the text at once but its answer never arrives before the worker dies.
    fake_notify.hang_next(60, n=2)
    first = worker_process.start()
    app.test_client().post(SIGN_IN, data={"username": "jordan.r"})
    wait_for(lambda: fake_notify.sms)
    worker_process.kill(first)
    # Another worker runs the job again; it asks Notify by reference and sends nothing more.
    worker_process.start()
    wait_for(lambda: _code_jobs_unfinished() == 0, timeout=40)
    [sms] = fake_notify.sms
    assert _valid_codes() == 1
    assert _signs_in(app, _code_in(sms["personalisation"]["body"]))
    for proc in worker_process.procs:  # ended here, so none outlives the test
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
