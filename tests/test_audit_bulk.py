"""The case system's listing records whom every entry is about in a fixed number of queries,
however many entries it lists (it polls up to 200 at a time)."""

from sqlalchemy import event, select

from participation.activities.services import start_activity
from participation.alerts.models import WorryAlert
from participation.audit.models import AuditEvent
from participation.caserecord.services import create_client, register
from participation.extensions import db


def add_entries(worker, make_child, count: int) -> None:
    """Half submissions, half worry alerts, each about its own child."""
    for n in range(count):
        child = make_child(worker)
        if n % 2:
            activity = start_activity(
                child, worker, tool="three_houses", mode="code", seen_alone=True,
                present="", interpreter="", language="en",
            )  # fmt: skip
            db.session.flush()
            register("activity", activity.public_id, worker.team_id, "Three Houses")
        else:
            alert = WorryAlert(child_id=child.id)
            db.session.add(alert)
            db.session.flush()
            register("worry_alert", alert.public_id, worker.team_id, "Worry", urgent=True)
    db.session.commit()


def statements_to_list(app, api) -> tuple[int, int]:
    """How many SQL statements one listing runs, and how many people it recorded as read."""
    count = 0

    def counted(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        response = api.get("/api/v1/entries?since=0&limit=200")
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    assert response.status_code == 200
    about = db.session.scalars(
        select(AuditEvent.subject_id).where(AuditEvent.action == "api_list_entries")
    ).all()
    db.session.execute(AuditEvent.__table__.delete())
    db.session.commit()
    return count, len(about)


def test_listing_50_entries_runs_no_more_queries_than_listing_5(app, make_worker, make_child):
    worker = make_worker()
    _client, token = create_client("Mosaic", worker.team_id)
    db.session.commit()
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    add_entries(worker, make_child, 5)
    few, about_few = statements_to_list(app, api)
    add_entries(worker, make_child, 45)
    many, about_many = statements_to_list(app, api)

    assert (about_few, about_many) == (5, 50)  # every listed child has the read on their trail
    assert many == few, f"5 entries: {few} statements; 50 entries: {many}"
