"""A full disk or a database that has gone away: the person is told it was not saved and
what to do, never a bare 500 and never "your work is safe" when it was not kept."""

import errno

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from participation.activities.models import ActivityArea
from participation.extensions import db
from participation.journal.models import JournalEntry
from tests.helpers import page_text

NOT_SAVED = (
    "That wasn't saved. Please try again in a minute. If it keeps happening, tell your worker."
)


class DatabaseDown(Exception):
    """What the driver raises when the server has gone away."""


def database_down(*_args, **_kwargs):
    # As SQLAlchemy raises it when the driver reports a lost connection.
    raise OperationalError(
        "COMMIT", {}, DatabaseDown("server closed the connection"), connection_invalidated=True
    )


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def tablet(app, make_worker, make_child, make_activity, make_code):
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    device = app.test_client()
    device.post("/start", data={"code": make_code(activity, worker)})
    return device, activity


@pytest.mark.parametrize("failure", [database_down, disk_full], ids=["database", "disk"])
def test_a_childs_words_that_could_not_be_saved_say_so(tablet, monkeypatch, failure):
    device, activity = tablet
    monkeypatch.setattr(db.session, "commit", failure)
    url = f"/activities/{activity.public_id}/areas/worries/words"
    response = device.post(url, data={"child_words": "I hide in my room"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert NOT_SAVED in page_text(response)
    assert "safe" not in page_text(response)
    monkeypatch.undo()
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ActivityArea)
            .filter_by(child_words="I hide in my room")
        )
        == 0
    )


def test_the_autosave_script_and_htmx_get_the_same_plain_answer(tablet, monkeypatch):
    device, activity = tablet
    monkeypatch.setattr(db.session, "commit", database_down)
    url = f"/activities/{activity.public_id}/areas/worries/words"
    as_json = device.post(url, data={"child_words": "x"}, headers={"Accept": "application/json"})
    assert as_json.status_code == 503 and as_json.get_json() == {"error": NOT_SAVED}
    fragment = device.post(url, data={"child_words": "x"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 503
    assert "<html" not in fragment.get_data(as_text=True)
    assert NOT_SAVED in page_text(fragment)


def test_a_journal_entry_that_could_not_be_saved_says_so(
    make_worker, make_child, make_family, make_member, member_phone, monkeypatch
):
    worker = make_worker()
    family = make_family(make_child(worker), worker)
    phone = member_phone(make_member(family, worker))
    monkeypatch.setattr(db.session, "commit", database_down)
    response = phone.post(
        "/network/journal/new",
        data={
            "plan_worked": "yes",
            "rules": [family.plan.rules[0].public_id],
            "what_happened": "Nan collected Amy",
        },
    )
    assert response.status_code == 503 and NOT_SAVED in page_text(response)
    monkeypatch.undo()
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_a_page_that_cannot_be_read_while_the_database_is_down_says_try_again(
    app, client, auth, make_worker, monkeypatch
):
    worker = make_worker()
    auth.sign_in(worker)
    from participation.review import routes

    monkeypatch.setattr(routes, "queue_for", database_down)
    response = client.get("/review")
    assert response.status_code == 503
    assert "We can't open this just now. Please try again in a minute." in page_text(response)
    assert "saved" not in page_text(response)


def test_other_os_errors_are_not_mistaken_for_a_full_disk(tablet, monkeypatch):
    device, activity = tablet

    def broken(*_args, **_kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(db.session, "commit", broken)
    with pytest.raises(OSError, match="Input/output"):
        device.post(
            f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "x"}
        )


class SqliteError(Exception):
    """What sqlite3 raises, by its message."""


class PostgresError(Exception):
    """What psycopg raises: the SQLSTATE says what went wrong."""

    def __init__(self, message: str, sqlstate: str):
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "orig",
    [
        SqliteError("no such table: activity_area"),
        SqliteError("database disk image is malformed"),
        PostgresError("deadlock detected", "40P01"),
        PostgresError("canceling statement due to statement timeout", "57014"),
    ],
    ids=["no-such-table", "malformed", "deadlock", "timeout"],
)
def test_a_real_database_bug_is_not_passed_off_as_try_again(tablet, monkeypatch, orig):
    device, activity = tablet

    def broken(*_args, **_kwargs):
        raise OperationalError("COMMIT", {}, orig)

    monkeypatch.setattr(db.session, "commit", broken)
    # Testing apps re-raise what would be a logged 500, never a 503 "try again".
    with pytest.raises(OperationalError):
        device.post(
            f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "x"}
        )


def test_a_real_database_bug_is_a_500_with_its_traceback_logged(tablet, app, monkeypatch, caplog):
    device, activity = tablet

    def broken(*_args, **_kwargs):
        raise OperationalError("COMMIT", {}, SqliteError("no such table: activity_area"))

    monkeypatch.setattr(db.session, "commit", broken)
    monkeypatch.setattr(app, "testing", False)
    response = device.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "x"}
    )
    assert response.status_code == 500
    assert any(r.exc_info for r in caplog.records)


@pytest.mark.parametrize(
    "orig",
    [
        SqliteError("database is locked"),
        PostgresError("connection failure", "08006"),
        PostgresError("the database system is shutting down", "57P03"),
        PostgresError("too many connections", "53300"),
    ],
    ids=["sqlite-locked", "pg-connection", "pg-shutdown", "pg-too-many"],
)
def test_a_busy_or_unreachable_database_says_try_again(tablet, monkeypatch, orig):
    device, activity = tablet

    def busy(*_args, **_kwargs):
        raise OperationalError("COMMIT", {}, orig)

    monkeypatch.setattr(db.session, "commit", busy)
    response = device.post(
        f"/activities/{activity.public_id}/areas/worries/words", data={"child_words": "x"}
    )
    assert response.status_code == 503
    assert NOT_SAVED in page_text(response)
