"""Taps that land at the same moment: no 500, no double, nothing lost (real threads, each
with its own client and database connection, released together by a barrier)."""

import threading
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from participation.activities.models import Mode
from participation.alerts.models import WorryAlert
from participation.auth.models import Role
from participation.extensions import db
from participation.network.models import SharedItem
from participation.pathway.models import AgreedPlanVersion, PathwayPlan
from participation.review.models import ReadReceipt, Review
from tests.helpers import page_text

TAPS = 8


def at_once(app, calls: list[Callable[[], object]]) -> list:
    """Run every call in its own thread at the same instant; re-raise what any raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results[i] = calls[i]()
            except BaseException as error:  # noqa: BLE001 - handed back to the test thread
                errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def copies(app, device: FlaskClient, n: int) -> list[FlaskClient]:
    """The same signed-in device, n times over: each copy holds the device's cookies."""
    clients = []
    for _ in range(n):
        other = app.test_client()
        for cookie in device._cookies.values():
            other.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
        clients.append(other)
    return clients


@pytest.fixture
def submitted(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"child_words": "Dad shouts when he drinks"},
    )
    tablet.post(f"/activities/{activity.public_id}/finish")
    return worker, activity


def test_sharing_with_a_member_many_times_at_once_shares_once(
    app, client, auth, submitted, make_family, make_member
):
    worker, activity = submitted
    nan = make_member(make_family(activity.child, worker), worker)
    auth.sign_in(worker)
    url = f"/families/share/{activity.public_id}"
    taps = [
        lambda c=c: c.post(url, data={"member": nan.public_id}).status_code
        for c in copies(app, client, TAPS)
    ]
    assert at_once(app, taps) == [302] * TAPS
    assert db.session.scalar(select(func.count()).select_from(SharedItem)) == 1
    stops = [
        lambda c=c: c.post(url, data={"member": nan.public_id, "action": "stop"}).status_code
        for c in copies(app, client, TAPS)
    ]
    assert at_once(app, stops) == [302] * TAPS
    assert db.session.scalar(select(func.count()).select_from(SharedItem)) == 0


def test_analysis_and_reply_saved_at_once_are_both_kept(app, client, auth, submitted):
    worker, activity = submitted
    auth.sign_in(worker)
    base = f"/review/{activity.public_id}"
    tabs = copies(app, client, 4)
    opened = at_once(app, [lambda c=c: c.get(base).status_code for c in tabs])
    assert opened == [200] * 4
    assert db.session.scalar(select(func.count()).select_from(ReadReceipt)) == 1
    saves = [
        lambda: tabs[0].post(f"{base}/analysis", data={"analysis": "Amy is frightened."}),
        lambda: tabs[1].post(f"{base}/reply", data={"reply": "Thank you for telling me."}),
        lambda: tabs[2].post(f"{base}/analysis", data={"analysis": "Amy is frightened."}),
        lambda: tabs[3].post(f"{base}/reply", data={"reply": "Thank you for telling me."}),
    ]
    assert [r.status_code for r in at_once(app, saves)] == [200] * 4
    review = db.session.scalars(select(Review)).one()
    assert review.analysis == "Amy is frightened."
    assert review.reply == "Thank you for telling me."


def test_eight_worry_taps_at_once_make_one_alert(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.CODE)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    url = f"/activities/{activity.public_id}/worry"
    responses = at_once(app, [lambda c=c: c.post(url) for c in copies(app, tablet, TAPS)])
    # Every tap shows the child who can help right now, and only one alert is raised.
    assert [r.status_code for r in responses] == [200] * TAPS
    assert all("Childline" in page_text(r) for r in responses)
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 1


def test_something_worrying_pressed_eight_times_at_once_is_one_alert(
    app, make_worker, make_child, make_family, make_member, member_phone
):
    worker = make_worker()
    nan = make_member(make_family(make_child(worker), worker), worker)
    phone = member_phone(nan)
    taps = [lambda c=c: c.post("/network/worry").status_code for c in copies(app, phone, TAPS)]
    assert at_once(app, taps) == [200] * TAPS
    assert db.session.scalar(select(func.count()).select_from(WorryAlert)) == 1


def test_both_signing_at_the_same_moment_puts_the_agreed_plan_on_the_record(
    app, client, auth, make_worker, make_young_person, yp_phone
):
    adviser = make_worker(role=Role.PERSONAL_ADVISER, name="Alex Byrne")
    person = make_young_person(adviser)
    phone = yp_phone(person)
    auth.sign_in(adviser)
    for round_ in range(1, 5):
        phone.post(
            "/my-plan/health",
            data={"version": str(round_ - 1), "in_my_words": f"V{round_}", "want_to_achieve": ""},
        )
        signs = [
            lambda: phone.post("/my-plan/agree").status_code,
            lambda: client.post(f"/young-people/{person.public_id}/agree").status_code,
        ]
        assert at_once(app, signs) == [302, 302]
        # Both see "agreed", and so does the record: one agreed version per signing.
        plan = db.session.scalars(select(PathwayPlan)).one()
        assert plan.yp_agreed_at and plan.pa_agreed_at
        assert db.session.scalar(select(func.count()).select_from(AgreedPlanVersion)) == round_
        assert "Your plan is agreed." in page_text(phone.get("/my-plan"))
