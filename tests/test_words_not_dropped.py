"""Words a sender may not write are refused (409), never dropped behind a 302: the outbox
deletes its copy on success, so a silent skip would lose a child's words."""

from sqlalchemy import func, select

from participation.activities.models import ActivityArea, Mode
from participation.extensions import db
from tests.helpers import page_text

CHILD = "I want to live with Nan"


def _child_on_tablet(app, activity, worker, make_code):
    tablet = app.test_client()
    tablet.post("/start", data={"code": make_code(activity, worker)})
    return tablet


def test_worker_sending_child_words_to_a_code_activity_gets_409_and_nothing_changes(
    app, client, auth, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.CODE)
    tablet = _child_on_tablet(app, activity, worker, make_code)
    saved = tablet.post(
        f"/activities/{activity.public_id}/areas/worries", data={"child_words": CHILD}
    )
    assert saved.status_code == 302  # a normal child save still works
    auth.sign_in(worker)
    for path in ("", "/words"):  # the no-JavaScript form and autosave
        response = client.post(
            f"/activities/{activity.public_id}/areas/worries{path}",
            data={"child_words": "queued on the tablet, sent from here", "scribed_words": "x"},
        )
        assert response.status_code == 409
        assert "nothing was saved" in page_text(response)
    row = db.session.scalars(select(ActivityArea)).one()
    assert row.child_words == CHILD and row.scribed_words == ""


def test_scribed_words_sent_under_the_childs_session_get_409(
    app, make_worker, make_child, make_activity, make_code
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.CODE)
    tablet = _child_on_tablet(app, activity, worker, make_code)
    for path in ("", "/words"):
        response = tablet.post(
            f"/activities/{activity.public_id}/areas/worries{path}",
            data={"scribed_words": "the worker's words, sent late"},
        )
        assert response.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(ActivityArea)) == 0


def test_worker_scribing_in_a_code_activity_still_saves(
    client, auth, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker, mode=Mode.CODE)
    auth.sign_in(worker)
    response = client.post(
        f"/activities/{activity.public_id}/areas/worries/words",
        data={"scribed_words": "Nan's house"},
    )
    assert response.status_code == 200
    assert db.session.scalars(select(ActivityArea)).one().scribed_words == "Nan's house"
