"""Long staff lists come a page at a time, with "Older" / "Newer" links that work without
JavaScript, and paging never shows a row the worker may not see nor hides an urgent one."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from participation.activities.models import Status
from participation.alerts.models import WorryAlert
from participation.audit.services import record
from participation.auth.models import Role
from participation.caserecord.models import RecordEntry
from participation.caserecord.services import register
from participation.extensions import db
from participation.journal.models import JournalEntry
from tests.helpers import PASSWORD, page_text

ROWS = 120
SIZE = 50
QUEUE_SIZE = 25  # the review queue's own, shorter page (QUEUE_PAGE_SIZE)
# Few distinct moments, so many rows share one: a page boundary inside a tie must not lose or
# repeat a row.
MOMENT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def at(k: int) -> datetime:
    return MOMENT + timedelta(minutes=k // 7)


def signed_in(app, worker):
    staff = app.test_client()
    staff.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    return staff


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def walk(client, url: str, rows: re.Pattern) -> list[list[str]]:
    """Every page from `url` on, following "Older" to the end: the rows each page lists."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        pages.append(rows.findall(html))
        url = link(html, "next")
        assert len(pages) < 10
    return pages


def check(pages: list[list[str]], total: int, size: int = SIZE) -> None:
    """Full pages and then the rest (50, 50, 20): every row once, none twice."""
    full, rest = divmod(total, size)
    assert [len(p) for p in pages] == [size] * full + ([rest] if rest else [])
    everything = [row for page in pages for row in page]
    assert len(set(everything)) == total


@pytest.fixture
def worker(make_worker):
    return make_worker(name="Sam Okafor")


@pytest.fixture
def family(worker, make_child, make_family):
    return make_family(make_child(worker, name="Amy Clarke"), worker)


def journal(family, member, n: int, text: str = "Nan collected Amy") -> None:
    for k in range(n):
        db.session.add(
            JournalEntry(
                family_id=family.id, member_id=member.id, occurred_at=at(k), created_at=at(k),
                plan_worked="yes", what_happened=f"{text} {k}",
            )
        )  # fmt: skip
    db.session.commit()


def submitted(child, worker, make_activity, k: int):
    activity = make_activity(child, worker)
    activity.status = Status.SUBMITTED
    activity.submitted_at = at(k)
    return activity


def test_the_review_queue_pages_and_keeps_alerts_on_every_page(
    app, worker, family, make_worker, make_child, make_activity, make_member, make_family
):
    nan = make_member(family, worker)
    for k in range(70):
        submitted(make_child(worker), worker, make_activity, k)
    db.session.add(WorryAlert(child_id=make_child(worker, name="Leo Brown").id))
    db.session.commit()
    journal(family, nan, ROWS - 70)
    # Another worker's child and family: never on any of Sam's pages.
    other = make_worker(name="Kim Other")
    submitted(make_child(other, name="Zed Secret"), other, make_activity, 3)
    db.session.commit()
    theirs = make_family(make_child(other, name="Zoe Secret"), other)
    journal(theirs, make_member(theirs, other, name="Hidden Aunt"), 5)

    staff = signed_in(app, worker)
    rows = re.compile(r'href="/review/((?:journal/)?[0-9a-f-]{36})"')
    pages = walk(staff, "/review", rows)
    check(pages, ROWS, QUEUE_SIZE)
    for url in ["/review", link(staff.get("/review").get_data(as_text=True), "next")]:
        text = page_text(staff.get(url))
        assert "Leo Brown pressed “I'm worried right now”" in text  # the alert, on every page
        assert "Secret" not in text and "Hidden Aunt" not in text
    first = staff.get("/review").get_data(as_text=True)
    assert link(first, "prev") is None
    # "Newer" from page two leads back to page one's rows.
    second = staff.get(link(first, "next")).get_data(as_text=True)
    assert rows.findall(staff.get(link(second, "prev")).get_data(as_text=True)) == pages[0]
    for url in walk_urls(staff, "/review"):
        assert "Secret" not in page_text(staff.get(url))


def walk_urls(client, url: str) -> list[str]:
    urls = []
    while url:
        urls.append(url)
        url = link(client.get(url).get_data(as_text=True), "next")
    return urls


@pytest.mark.parametrize("bad", ["?before=nonsense", "?before=2026-13-01~activity~1", "?after=x"])
def test_a_bad_cursor_gives_page_one(app, worker, make_child, make_activity, bad):
    for k in range(QUEUE_SIZE + 5):
        submitted(make_child(worker), worker, make_activity, k)
    db.session.commit()
    staff = signed_in(app, worker)
    rows = re.compile(r'href="/review/([0-9a-f-]{36})"')
    page_one = rows.findall(staff.get("/review").get_data(as_text=True))
    response = staff.get("/review" + bad)
    assert response.status_code == 200
    assert rows.findall(response.get_data(as_text=True)) == page_one


def test_a_familys_journal_pages_but_counts_the_whole_journal(app, worker, family, make_member):
    journal(family, make_member(family, worker), ROWS)
    staff = signed_in(app, worker)
    url = f"/journal/family/{family.public_id}"
    pages = walk(staff, url, re.compile(r"Nan collected Amy (\d+)"))
    check(pages, ROWS)
    text = page_text(staff.get(url))
    assert "Showing 50 of 120" in text
    # Not linked to a rule: the counts are the whole journal's, not this page's.
    assert "worked: 120, partly: 0, did not: 0" in text


def test_an_access_log_pages(app, worker, make_worker, make_child):
    child = make_child(worker, name="Amy Clarke")
    for k in range(ROWS):
        record("view_child", child, actor_kind="worker", actor_name=f"Colleague {k}")
    db.session.commit()
    staff = signed_in(app, worker)
    url = f"/access-log/children/{child.public_id}"
    pages = walk(staff, url, re.compile(r"Colleague (\d+)"))
    check(pages, ROWS)
    # The three pages just read are on the trail too (and keyset paging kept the pages steady
    # while they arrived on top).
    assert "Showing 50 of 123" in page_text(staff.get(url))
    # Another worker's child's log stays closed, whatever page is asked for.
    other_child = make_child(make_worker(), name="Zed Secret")
    assert staff.get(f"/access-log/children/{other_child.public_id}?before=x").status_code == 404


def test_the_overdue_view_pages(app, worker, make_worker, make_child):
    for _ in range(ROWS):
        alert = WorryAlert(child_id=make_child(worker).id)
        db.session.add(alert)
        db.session.flush()
        register("worry_alert", alert.public_id, worker.team_id, "Worry", urgent=True)
    db.session.execute(
        RecordEntry.__table__.update().values(due_by=date.today() - timedelta(days=1))
    )
    db.session.commit()
    manager = signed_in(app, make_worker(role=Role.TEAM_MANAGER))
    rows = re.compile(r"Urgent:</strong> Worry")
    pages = walk(manager, "/case-record/overdue", rows)
    assert [len(p) for p in pages] == [SIZE, SIZE, ROWS - 2 * SIZE]
    assert "Showing 50 of 120" in page_text(manager.get("/case-record/overdue"))
    assert link(manager.get("/case-record/overdue?page=3").get_data(as_text=True), "next") is None
    for bad in ("?page=abc", "?page=-1", "?page=999"):
        response = manager.get("/case-record/overdue" + bad)
        assert response.status_code == 200
        assert len(rows.findall(response.get_data(as_text=True))) == SIZE


def test_the_page_size_is_a_setting(app, worker, make_child, make_activity):
    app.config["LIST_PAGE_SIZE"] = 7
    for k in range(10):
        submitted(make_child(worker), worker, make_activity, k)
    db.session.commit()
    staff = signed_in(app, worker)
    pages = walk(staff, "/review", re.compile(r'href="/review/([0-9a-f-]{36})"'))
    assert [len(p) for p in pages] == [7, 3]


def test_a_row_deleted_while_the_queue_loads_is_left_out_not_a_failure(
    app, worker, family, make_child, make_activity, make_member, monkeypatch
):
    """The queue picks its rows, then loads them: one erased in between (a retention run, a
    child's records deleted) leaves the page one row short, and "Older" still follows."""
    from participation.review import services

    app.config["LIST_PAGE_SIZE"] = 4
    for k in range(6):
        submitted(make_child(worker), worker, make_activity, 100 + k)
    db.session.commit()
    journal(family, make_member(family, worker), 4)
    staff = signed_in(app, worker)
    rows = re.compile(r'href="/review/((?:journal/)?[0-9a-f-]{36})"')
    whole = rows.findall(staff.get("/review").get_data(as_text=True))
    assert len(whole) == 4

    def gone_between(load):
        return lambda who, ids: {k: v for k, v in load(who, ids).items() if k != max(ids)}

    monkeypatch.setattr(services, "_activities_by_id", gone_between(services._activities_by_id))
    monkeypatch.setattr(services, "_entries_by_id", gone_between(services._entries_by_id))
    response = staff.get("/review")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    shown = rows.findall(html)
    assert len(shown) == 3 and set(shown) < set(whole)
    assert link(html, "next")
