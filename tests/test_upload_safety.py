"""Stored files are never lost to a commit whose outcome is unknown, a sweep run against the
wrong database, or a drawing replaced while the activity is being submitted."""

import contextlib
import threading
import time
from datetime import timedelta
from pathlib import PurePosixPath

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from participation.activities import services as activity_services
from participation.activities.models import Activity, Drawing
from participation.cli import uploads
from participation.extensions import db
from participation.uploads import sweep
from tests.helpers import is_stored, png_bytes, put_file, stored_files, sweep_later, upload


def test_a_drawing_sent_while_the_activity_is_submitted_never_replaces_the_submitted_one(
    app, tablet, monkeypatch
):
    """The child taps "finish" on one tab while another tab is still sending a drawing."""
    activity = tablet.activity
    assert upload(tablet, activity, "worries", png_bytes()).status_code == 200
    other_tab = app.test_client()
    other_tab._cookies = dict(tablet._cookies)
    submitted_with: list[str] = []

    def finish() -> None:
        with app.app_context():
            other_tab.post(f"/activities/{activity.public_id}/finish")
            submitted_with.append(db.session.scalar(select(Drawing.storage_key)))

    real = activity_services.normalise_image

    def finish_meanwhile(*args, **kwargs):
        # The drawing has been checked as a draft; the finish lands now, on another tab.
        submitting = threading.Thread(target=finish)
        submitting.start()
        submitting.join(timeout=3)  # with the activity held, it waits for this save
        return real(*args, **kwargs)

    monkeypatch.setattr(activity_services, "normalise_image", finish_meanwhile)
    upload(tablet, activity, "worries", png_bytes(colour=(30, 30, 200, 255)))
    deadline = time.monotonic() + 10
    while not submitted_with and time.monotonic() < deadline:
        time.sleep(0.05)
    db.session.expire_all()
    assert db.session.scalar(select(Activity.status)).value == "submitted"
    drawing = db.session.scalars(select(Drawing)).one()
    # The worker sees exactly the drawing the child submitted, and its file is there.
    assert submitted_with == [drawing.storage_key]
    assert [p.name for p in stored_files(app)] == [drawing.storage_key]


def commit_then_lose_the_connection(monkeypatch, really_commit: bool) -> None:
    """COMMIT reaches the database (or not), then the connection drops before the answer."""
    from sqlalchemy.engine import Connection

    real = Connection._commit_impl

    def dropped(self):
        if really_commit:
            real(self)
        # As SQLAlchemy raises it when the driver reports a lost connection.
        raise OperationalError(
            "COMMIT", {}, Exception("server closed the connection"), connection_invalidated=True
        )

    monkeypatch.setattr(Connection, "_commit_impl", dropped)


def test_a_drawing_whose_commit_may_have_landed_keeps_its_file(app, tablet, monkeypatch):
    """The database committed the row but the answer never came back: the worker's record
    and the case record API still find the file the row names."""
    commit_then_lose_the_connection(monkeypatch, really_commit=True)
    with contextlib.suppress(OperationalError):  # testing mode may re-raise it
        upload(tablet, tablet.activity, "worries", png_bytes())
    monkeypatch.undo()
    drawing = db.session.scalars(select(Drawing)).one()
    assert [p.name for p in stored_files(app)] == [drawing.storage_key]


def test_a_file_whose_commit_did_not_land_is_left_for_the_sweep(app, tablet, monkeypatch):
    commit_then_lose_the_connection(monkeypatch, really_commit=False)
    with contextlib.suppress(OperationalError):
        upload(tablet, tablet.activity, "worries", png_bytes())
    monkeypatch.undo()
    assert db.session.scalar(select(func.count()).select_from(Drawing)) == 0
    left = stored_files(app)
    assert len(left) == 1  # the outcome was unknown, so it was not deleted at once
    assert sweep(timedelta(0), force=True) == [f"{left[0].parent.name}/{left[0].name}"]
    assert stored_files(app) == []


def a_folder_of_drawings(app, tablet, count: int) -> list[PurePosixPath]:
    """`count` drawings named by rows (one per area) and their files."""
    for n in range(count):
        area = ("worries", "good_things", "dreams")[n % 3]
        assert upload(tablet, tablet.activity, area, png_bytes(colour=(n, 1, 1, 255))).status_code
    return stored_files(app)


def orphans(app, count: int) -> list[PurePosixPath]:
    return [put_file(app, f"ab/ab{n:02d}.png") for n in range(count)]


def test_the_sweep_against_an_empty_database_removes_nothing_unless_forced(
    app, tablet, monkeypatch
):
    drawings = a_folder_of_drawings(app, tablet, 3)
    sweep_later(monkeypatch)
    db.session.execute(Drawing.__table__.delete())  # the wrong (empty) database
    db.session.commit()
    runner = CliRunner()
    with app.app_context():
        refused = runner.invoke(uploads, ["sweep"])
    assert refused.exit_code != 0
    assert "no record names any of the 3 stored files" in refused.output
    assert all(is_stored(app, path) for path in drawings)
    with app.app_context():
        forced = runner.invoke(uploads, ["sweep", "--force"])
    assert forced.exit_code == 0, forced.output
    assert stored_files(app) == []


def test_the_sweep_refuses_to_remove_more_than_a_tenth_of_the_files(app, tablet, monkeypatch):
    drawings = a_folder_of_drawings(app, tablet, 3)
    unnamed = orphans(app, 2)  # 2 of 5 files: far more than crashes leave behind
    sweep_later(monkeypatch)
    runner = CliRunner()
    with app.app_context():
        refused = runner.invoke(uploads, ["sweep"])
        assert refused.exit_code != 0
        assert "2 of 5 stored files would go" in refused.output
        assert all(is_stored(app, path) for path in drawings + unnamed)
        forced = runner.invoke(uploads, ["sweep", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "Removed 2 file(s)" in forced.output
    assert not any(is_stored(app, path) for path in unnamed)
    assert all(is_stored(app, path) for path in drawings)
