"""The embedded default (`./scripts/dev`, no other service): jobs run on a thread inside the
app process, and what was unfinished when the process stopped is picked up when it starts."""

import pytest
from sqlalchemy import select

from participation.alerts.models import AlertNotice
from participation.extensions import db
from participation.jobs import inprocess
from tests.worker import wait_for

MOBILE = "07700 900123"


@pytest.fixture
def embedded(app_config):
    app_config["JOBS_RUN"] = "in-process"
    yield
    inprocess.stop()


def test_a_worry_is_texted_by_the_app_process_itself(embedded, fake_notify, app, tablet):
    worker = tablet.activity.child.allocated_worker
    worker.mobile = MOBILE
    db.session.commit()
    assert tablet.post(f"/activities/{tablet.activity.public_id}/worry").status_code == 200
    wait_for(lambda: [m for m in fake_notify.sms if m["phone_number"] == MOBILE])
    wait_for(lambda: [m for m in fake_notify.emails if m["email_address"] == worker.email])


@pytest.fixture
def stopped(app_config):
    """The app runs no jobs until the test starts its worker thread by hand."""
    app_config["JOBS_RUN"] = "manual"
    yield
    inprocess.stop()


def test_messages_unsent_when_the_process_stopped_go_when_it_starts(
    stopped, fake_notify, app, tablet
):
    worker = tablet.activity.child.allocated_worker
    worker.mobile = MOBILE
    db.session.commit()
    # As if the process died after the tap was saved but before its jobs ran: the in-memory
    # queue is gone, the alert and its unsent notices are in the database.
    tablet.post(f"/activities/{tablet.activity.public_id}/worry")
    from participation.jobs import queue

    queue.init_app(app)  # a new, empty in-memory queue
    assert fake_notify.sms == []
    pending = db.session.scalars(select(AlertNotice)).all()
    assert pending and all(n.status == "pending" for n in pending)

    inprocess.start(app)
    wait_for(lambda: [m for m in fake_notify.sms if m["phone_number"] == MOBILE])
    wait_for(lambda: len(fake_notify.emails) == 1)
    assert len(fake_notify.sms) == 1
