from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.activities.models import Mode
from participation.extensions import db
from participation.review.models import Review
from tests.helpers import page_text
from tests.test_queue import rows


@pytest.fixture
def submitted(app, make_worker, make_child, make_activity, make_code):
    """A child's Three Houses sent from a tablet, with words in the house of worries."""

    def make(worker, name="Amy Clarke", words="Dad shouts when he drinks and I hide in my room"):
        activity = make_activity(make_child(worker, name=name), worker)
        tablet = app.test_client()
        tablet.post("/start", data={"code": make_code(activity, worker)})
        tablet.post(
            f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": words}
        )
        tablet.post(f"/activities/{activity.public_id}/finish")
        return activity

    return make


def test_queue_lists_submissions_newest_first_with_unread_count(
    client, auth, make_worker, submitted
):
    worker = make_worker()
    older = submitted(worker, name="Amy Clarke")
    older.submitted_at -= timedelta(hours=1)
    db.session.commit()
    submitted(worker, name="Jayden Clarke")
    auth.sign_in(worker)
    text = page_text(client.get("/review"))
    assert "2 unread" in text
    # In the rows, below the filters (whose child list is in name order).
    listed = rows(client, "/review")
    assert listed.index("Jayden Clarke") < listed.index("Amy Clarke")
    client.get(f"/review/{older.public_id}")
    assert "1 unread" in page_text(client.get("/review"))


def test_worker_reads_the_childs_words_and_marks_reviewed(client, auth, make_worker, submitted):
    worker = make_worker(name="Sam Okafor")
    activity = submitted(worker)
    auth.sign_in(worker)
    page = page_text(client.get(f"/review/{activity.public_id}"))
    assert "Dad shouts when he drinks and I hide in my room" in page
    client.post(f"/review/{activity.public_id}/reviewed")
    assert "Reviewed by Sam Okafor" in page_text(client.get(f"/review/{activity.public_id}"))


def test_analysis_is_kept_apart_from_the_childs_words(client, auth, make_worker, submitted):
    worker = make_worker()
    activity = submitted(worker)
    auth.sign_in(worker)
    response = client.post(
        f"/review/{activity.public_id}/analysis",
        data={"analysis": "Amy describes hiding; consistent with school's report."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.get_data(as_text=True)
    review = db.session.scalars(select(Review)).one()
    assert review.analysis.startswith("Amy describes hiding")
    area = activity.areas[0]
    assert area.child_words == "Dad shouts when he drinks and I hide in my room"


def test_empty_reply_returns_the_fragment_with_422(client, auth, make_worker, submitted):
    worker = make_worker()
    activity = submitted(worker)
    auth.sign_in(worker)
    response = client.post(
        f"/review/{activity.public_id}/reply", data={"reply": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "Write a reply first." in page_text(response)
    assert "<html" not in response.get_data(as_text=True)


def test_child_sees_the_reply_and_that_it_was_read_next_time(
    app, client, auth, make_worker, make_activity, make_code, submitted
):
    worker = make_worker(name="Sam Okafor")
    first = submitted(worker)
    auth.sign_in(worker)
    client.post(f"/review/{first.public_id}/reviewed")
    client.post(
        f"/review/{first.public_id}/reply",
        data={"reply": "You said you hide in your room. We talked to Dad and he is getting help."},
    )
    next_time = make_activity(first.child, worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(next_time, worker)})
    page = page_text(tablet.get(f"/activities/{next_time.public_id}"))
    assert "Messages from Sam" in page
    assert "We talked to Dad and he is getting help." in page
    assert "Sam read your Three Houses." in page
    assert db.session.scalars(select(Review)).one().reply_seen_at is not None
    assert "The child saw your reply" in page_text(client.get(f"/review/{first.public_id}"))


def test_replies_are_never_shown_to_another_child(
    app, client, auth, make_worker, make_child, make_activity, make_code, submitted
):
    worker = make_worker()
    first = submitted(worker)
    auth.sign_in(worker)
    client.post(f"/review/{first.public_id}/reply", data={"reply": "Private reply for Amy"})
    other = make_activity(make_child(worker, name="Jayden Clarke"), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(other, worker)})
    assert "Private reply for Amy" not in page_text(tablet.get(f"/activities/{other.public_id}"))


def test_another_worker_cannot_list_read_review_or_reply(client, auth, make_worker, submitted):
    owner, other = make_worker(), make_worker()
    activity = submitted(owner)
    auth.sign_in(other)
    assert "Amy Clarke" not in page_text(client.get("/review"))
    assert client.get(f"/review/{activity.public_id}").status_code == 404
    assert client.post(f"/review/{activity.public_id}/reviewed").status_code == 404
    assert (
        client.post(f"/review/{activity.public_id}/reply", data={"reply": "x"}).status_code == 404
    )
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0


def test_worry_alert_is_acknowledged_from_the_queue(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker, name="Amy Clarke"), worker)
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    tablet.post(f"/activities/{activity.public_id}/worry")
    auth.sign_in(worker)
    html = client.get("/review").get_data(as_text=True)
    assert "1 worry alert" in html
    alert_id = html.split("/alerts/")[1].split("/")[0]
    other = make_worker()
    intruder = app.test_client()
    intruder.post(
        "/staff/sign-in", data={"email": other.email, "password": "correct horse battery staple"}
    )
    assert intruder.post(f"/alerts/{alert_id}/acknowledge").status_code == 404
    client.post(f"/alerts/{alert_id}/acknowledge")
    assert "worry alert" not in page_text(client.get("/review"))


def test_together_mode_finish_takes_the_worker_to_the_submission_once_seen_is_said(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.TOGETHER)
    auth.sign_in(worker)
    base = f"/activities/{activity.public_id}"
    response = client.post(f"{base}/finish")
    # First the worker says who was there and where (the record shows only what they say).
    assert response.headers["Location"] == f"{base}/seen"
    said = client.post(f"{base}/seen", data={"seen_alone": "yes", "where": "At school"})
    assert said.headers["Location"] == f"/review/{activity.public_id}"
