"""A manager's children list and the admin's accounts list come a page at a time with plain
links, at a cost that does not grow with the rows; a staff page that changes nothing in the
session does not write it back; an idle pooled connection is checked before it is used."""

import re

from sqlalchemy import create_engine, text

from participation.auth.models import Role, Team
from participation.extensions import db
from participation.identity.storage import FileSessions
from tests.helpers import PASSWORD, page_text
from tests.test_paging import link, walk
from tests.test_statement_counts import FEW, MORE, grows, signed_in


def test_a_managers_children_list_is_paged(app, make_worker, make_child):
    app.config["LIST_PAGE_SIZE"] = 4
    manager = make_worker(role=Role.TEAM_MANAGER)
    made = {make_child(make_worker(), name=f"Child {n:02d}").public_id for n in range(10)}
    staff = signed_in(app, manager)
    rows = re.compile(r'href="/children/([0-9a-f-]{36})"')
    pages = walk(staff, "/children", rows)
    assert [len(p) for p in pages] == [4, 4, 2]
    assert {row for page in pages for row in page} == made  # every child once, by name
    assert "Showing 4 of 10" in page_text(staff.get("/children"))
    html = staff.get("/children?page=2").get_data(as_text=True)
    assert link(html, "prev") and link(html, "next")  # plain links, no JavaScript


def test_a_workers_own_short_list_has_no_pager(app, make_worker, make_child):
    worker = make_worker()
    for _ in range(3):
        make_child(worker)
    html = signed_in(app, worker).get("/children").get_data(as_text=True)
    assert 'class="pager"' not in html and "Showing" not in html


def test_the_admins_accounts_list_is_paged(app, make_worker):
    app.config["LIST_PAGE_SIZE"] = 5
    admin = make_worker(role=Role.ADMIN, name="Aaron Admin")
    for n in range(8):
        make_worker(name=f"Staff {n:02d}")
    staff = signed_in(app, admin)
    names = re.compile(r"<td>(?:<a [^>]*>)?(Staff \d\d|Aaron Admin|Worker \d+)(?:</a>)?</td>")
    pages = walk(staff, "/admin/accounts", names)
    everyone = [name for page in pages for name in page]
    assert [len(p) for p in pages] == [5, 4]  # 8 staff and the admin
    assert len(set(everyone)) == 9
    assert "Showing 5 of 9" in page_text(staff.get("/admin/accounts"))


def test_the_accounts_list_sends_as_many_statements_for_many_staff(app, make_worker):
    teams = iter(range(100))

    def seed(n):
        for _ in range(n):
            # Each in a team of their own, so loading teams one by one would show.
            team = Team(name=f"Team {next(teams)}")
            db.session.add(team)
            db.session.flush()
            make_worker(team=team)

    staff = signed_in(app, make_worker(role=Role.ADMIN))
    few, many, repeated = grows(staff, "/admin/accounts", seed)
    assert many == few, f"{FEW}: {few}; {FEW + MORE}: {many}; most repeated: {repeated}"


def test_a_staff_page_that_changes_nothing_does_not_rewrite_the_session(
    app, make_worker, monkeypatch
):
    worker = make_worker()
    writes = []
    original = FileSessions._upsert_session

    def counting(self, *args, **kwargs):
        writes.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FileSessions, "_upsert_session", counting)
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    staff.get("/children")  # the first page notes when the worker was first and last seen
    writes.clear()
    for _ in range(3):
        assert staff.get("/children").status_code == 200
    assert writes == []  # "last seen" is written at most once a minute


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced(tmp_path, monkeypatch):
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    pings: list[bool] = []
    alive = {"ok": True}

    def ping(dbapi_connection):
        pings.append(alive["ok"])
        return alive["ok"]

    monkeypatch.setattr(engine.dialect, "_do_ping_w_event", ping)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    with engine.connect() as connection:  # used a moment ago: no round trip
        connection.execute(text("SELECT 1"))
    assert pings == []

    record = engine.pool._pool.queue[0]  # type: ignore[attr-defined]
    record.info["idle_since"] -= 60
    alive["ok"] = False  # the database restarted while the connection sat idle
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1  # on a fresh connection
    assert pings == [False]
    engine.dispose()
