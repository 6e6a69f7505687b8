"""A request that only read ends with COMMIT, so PostgreSQL keeps its prepared statements
(participation/statement_cache.py); anything a request did not mean to save is still
rolled back."""

import pytest
from sqlalchemy import select, text

from participation.auth.models import Role, Team
from participation.extensions import db


def _routes(app):
    """Pages that leave work unsaved, each in its own way, and answer 200 or fail."""

    def added():
        db.session.add(Team(name="Added, never committed"))
        return "ok"

    def flushed():
        db.session.add(Team(name="Flushed, never committed"))
        db.session.flush()
        return "ok"

    def changed():
        team = db.session.scalars(select(Team)).one()
        team.name = "Changed, never committed"
        return "ok"

    def written():
        db.session.execute(text("UPDATE team SET name = 'Written, never committed'"))
        return "ok"

    def refused():
        db.session.scalars(select(Team)).all()
        db.session.add(Team(name="Refused"))
        return "no", 422

    def failed():
        db.session.add(Team(name="Failed"))
        raise RuntimeError("the page broke")

    for view in (added, flushed, changed, written, refused, failed):
        app.add_url_rule(f"/_test/{view.__name__}", view.__name__, view)


def _team_names() -> list[str]:
    db.session.rollback()
    return sorted(db.session.scalars(select(Team.name)))


@pytest.mark.parametrize("page", ["added", "flushed", "changed", "written", "refused"])
def test_what_a_page_left_unsaved_is_never_committed(app, client, team, page):
    _routes(app)
    response = client.get(f"/_test/{page}")
    assert response.status_code in (200, 422)
    assert _team_names() == ["Northside"]


def test_a_page_that_failed_saves_nothing(app, team):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    _routes(app)
    response = app.test_client().get("/_test/failed")
    assert response.status_code == 500
    assert _team_names() == ["Northside"]


@pytest.mark.parametrize(
    ("url", "role"),
    # The failed-jobs page reads procrastinate's tables, which the app has no models for.
    [("/staff/two-step", Role.SOCIAL_WORKER), ("/admin/jobs", Role.ADMIN)],
)
def test_a_page_that_only_reads_keeps_its_prepared_statements(
    app, client, auth, make_worker, url, role
):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    auth.sign_in(make_worker(role=role))
    # psycopg prepares a statement on its fifth use on a connection; the pool may hand
    # the requests two connections in turn.
    for _ in range(12):
        assert client.get(url).status_code == 200
    idle = db.engine.pool.checkedin()
    connections = [db.engine.connect() for _ in range(idle)]
    try:
        prepared = [
            c.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements").scalar_one()
            for c in connections
        ]
    finally:
        for c in connections:
            c.close()
    # A rollback at the end of each request would have deallocated them all.
    assert max(prepared) > 0


def test_a_failed_commit_of_a_read_still_hands_the_connection_back(
    app, client, team, monkeypatch, caplog
):
    """The database went away just as a page that only read ended: the page was already
    answered, the failure is logged, and the session is still removed for the next request."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from participation import statement_cache

    def gone(*args, **kwargs):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    removed = []
    remove = db.session.remove
    monkeypatch.setattr(db.session, "remove", lambda: (removed.append(1), remove()))
    monkeypatch.setattr(statement_cache, "_only_read", lambda: True)
    with monkeypatch.context() as broken:
        broken.setattr(Session, "commit", gone)
        broken.setattr(Session, "rollback", gone)
        assert client.get("/staff/sign-in").status_code == 200
    assert removed, "the session was not removed after the failed COMMIT"
    assert "ending a read-only request with COMMIT failed" in caplog.text
    assert client.get("/staff/sign-in").status_code == 200
