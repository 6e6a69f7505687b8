"""insert_once says truthfully whether it made the row, on SQLite and PostgreSQL."""

from sqlalchemy import func, select

from participation.atomic import insert_once
from participation.extensions import db
from participation.review.models import ReadReceipt, Review


def test_a_second_insert_once_of_the_same_row_says_it_made_nothing(
    app, make_worker, make_child, make_activity
):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    assert insert_once(Review, activity_id=activity.id) is True
    assert insert_once(Review, activity_id=activity.id) is False
    assert insert_once(ReadReceipt, worker_id=worker.id, activity_id=activity.id) is True
    assert insert_once(ReadReceipt, worker_id=worker.id, activity_id=activity.id) is False
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1
    assert db.session.scalar(select(func.count()).select_from(ReadReceipt)) == 1
