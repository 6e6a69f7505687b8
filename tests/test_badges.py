"""The header badge on every staff page (unread submissions and journal entries, open worry
alerts): the worker's own caseload only, a fixed number of statements however big the
council, and on PostgreSQL read through indexes rather than by scanning whole tables."""

from datetime import timedelta

import pytest
from sqlalchemy import event, select, text

from participation.activities.models import Activity, Mode, Status
from participation.alerts.models import WorryAlert
from participation.alerts.services import open_alert_count
from participation.auth.models import Role
from participation.db_types import utcnow
from participation.extensions import db
from participation.journal.models import JournalEntry, JournalRead
from participation.review.models import ReadReceipt
from participation.review.services import unread_count
from tests.helpers import PASSWORD, add_submitted, statements

# The tables a council fills: the badge must never read all of any of them.
BIG_TABLES = (
    "activity", "journal_entry", "family", "worry_alert", "read_receipt", "journal_read",
    "child", "network_member",
)  # fmt: skip


def signed_in(app, worker):
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return staff


def caseload(worker, make_child, make_family, make_member, children: int = 1):
    """Children with a family each: per child two submissions (one read), and per family two
    journal entries (one read), an open worry alert and an acknowledged one."""
    now = utcnow()
    for _ in range(children):
        child = make_child(worker)
        family = make_family(child, worker)
        member = make_member(family, worker)
        for n in range(2):
            activity = Activity(
                child_id=child.id, tool="three_houses", mode=Mode.CODE, status=Status.SUBMITTED,
                started_by_id=worker.id, submitted_at=now - timedelta(days=n),
            )  # fmt: skip
            entry = JournalEntry(
                family_id=family.id, member_id=member.id, occurred_at=now, plan_worked="yes",
                what_happened=f"Entry {n}",
            )  # fmt: skip
            db.session.add_all([activity, entry])
            db.session.flush()
            if n:
                db.session.add(ReadReceipt(worker_id=worker.id, activity_id=activity.id))
                db.session.add(JournalRead(worker_id=worker.id, entry_id=entry.id))
        db.session.add_all([
            WorryAlert(child_id=child.id, raised_at=now),
            WorryAlert(family_id=family.id, member_id=member.id, kind="member_worry",
                       raised_at=now, acknowledged_at=now, acknowledged_by_id=worker.id),
        ])  # fmt: skip
    db.session.commit()


def test_the_badge_counts_the_workers_own_caseload_only(
    app, make_worker, make_child, make_family, make_member
):
    mine, theirs = make_worker(name="Sam Patel"), make_worker(name="Jo Other")
    caseload(mine, make_child, make_family, make_member)
    caseload(theirs, make_child, make_family, make_member, children=3)
    page = signed_in(app, mine).get("/staff/two-step").get_data(as_text=True)
    # One unread submission and one unread journal entry; one open alert. Nothing of theirs.
    assert 'aria-label="2 unread"' in page
    assert "1 worry alert" in page
    assert (unread_count(mine), open_alert_count(mine)) == (2, 1)
    assert (unread_count(theirs), open_alert_count(theirs)) == (6, 3)


def test_the_badge_sends_the_same_statements_however_big_the_council(
    app, make_worker, make_child, make_family, make_member
):
    mine = make_worker(name="Sam Patel")
    caseload(mine, make_child, make_family, make_member)
    staff = signed_in(app, mine)
    staff.get("/staff/two-step")
    with statements() as small:
        staff.get("/staff/two-step")
    for n in range(4):  # the rest of the council grows, and so does the worker's caseload
        caseload(make_worker(name=f"Other Worker{n}"), make_child, make_family, make_member, 3)
    caseload(mine, make_child, make_family, make_member, children=3)
    with statements() as large:
        page = staff.get("/staff/two-step").get_data(as_text=True)
    assert 'aria-label="8 unread"' in page  # the larger caseload really is counted
    assert len(large) == len(small), large


def test_the_badge_reads_through_indexes_on_postgresql(
    app, make_worker, make_child, make_family, make_member
):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("query plans are PostgreSQL's (TEST_DATABASE_URL)")
    mine = make_worker(name="Sam Patel")
    caseload(mine, make_child, make_family, make_member)
    sent: list[tuple[str, dict]] = []

    def note(_conn, _cursor, statement, parameters, *_args):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert (unread_count(mine), open_alert_count(mine)) == (2, 1)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert sent
    with db.engine.connect() as conn:
        # Where any index can answer, PostgreSQL now takes it; what is left reading a whole
        # table (a Seq Scan, or an index walked end to end with no condition) is what no
        # index could avoid, and at a council's size it reads every row the council has.
        conn.execute(text("SET enable_seqscan = off"))
        for statement, parameters in sent:
            explain = f"EXPLAIN (FORMAT JSON) {statement}"
            plan = conn.exec_driver_sql(explain, parameters).scalar_one()[0]["Plan"]
            assert whole_tables_read(plan) == [], f"{statement}\n{plan}"


# Partial indexes hold only the rows the badge wants (the open alerts), so walking one end
# to end is the point of it.
PARTIAL_INDEXES = {"ix_worry_alert_open"}


def whole_tables_read(node: dict) -> list[str]:
    """The big tables a plan reads every row of."""
    found = []
    table = node.get("Relation Name")
    if table in BIG_TABLES and (
        node["Node Type"] == "Seq Scan"
        or (
            node["Node Type"] in ("Index Scan", "Index Only Scan")
            and "Index Cond" not in node
            and node.get("Index Name") not in PARTIAL_INDEXES
        )
    ):
        found.append(f"{table} ({node['Node Type']})")
    for child in node.get("Plans", ()):
        found += whole_tables_read(child)
    return found


def test_past_99_unread_the_badge_says_99_plus_and_still_counts_every_alert(
    app, make_worker, make_child, make_family, make_member
):
    mine = make_worker(name="Sam Patel")
    caseload(mine, make_child, make_family, make_member)  # 2 unread, 1 open alert
    child = make_child(mine)
    add_submitted(child, mine, 98)
    staff = signed_in(app, mine)
    page = staff.get("/staff/two-step").get_data(as_text=True)
    assert 'aria-label="100 unread"' not in page
    # Kept left-to-right, so an Arabic or Urdu header never shows "+99".
    assert 'aria-label="More than 99 unread"><bdi dir="ltr">99+</bdi></span>' in page
    assert "1 worry alert" in page
    assert unread_count(mine) == 100  # the exact figure is still there for who needs it
    queue = staff.get("/review").get_data(as_text=True)
    assert "More than 99 unread" in queue
    # One fewer unread and the badge counts again.
    first = db.session.scalars(select(Activity.id).where(Activity.child_id == child.id)).first()
    db.session.add(ReadReceipt(worker_id=mine.id, activity_id=first))
    db.session.commit()
    page = staff.get("/staff/two-step").get_data(as_text=True)
    assert 'aria-label="99 unread">99</span>' in page


def test_the_badge_follows_a_change_of_role_at_once(
    app, make_worker, make_child, make_family, make_member
):
    mine, colleague = make_worker(name="Sam Patel"), make_worker(name="Jo Colleague")
    caseload(mine, make_child, make_family, make_member)  # 2 unread, 1 open alert
    # The same team: none of it read by Sam, so 4 unread and 1 open alert more.
    caseload(colleague, make_child, make_family, make_member)
    staff = signed_in(app, mine)
    assert 'aria-label="2 unread"' in staff.get("/staff/two-step").get_data(as_text=True)
    # Promoted to the team's manager: the whole team's work, from the next page on.
    mine.role = Role.TEAM_MANAGER
    db.session.commit()
    page = staff.get("/staff/two-step").get_data(as_text=True)
    assert 'aria-label="6 unread"' in page
    assert "2 worry alerts" in page
    # And back: only their own again.
    mine.role = Role.SOCIAL_WORKER
    db.session.commit()
    assert 'aria-label="2 unread"' in staff.get("/staff/two-step").get_data(as_text=True)
