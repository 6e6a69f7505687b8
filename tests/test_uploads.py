"""A stored file never outlives its row: refused forms, failed commits, races, a full disk,
and the sweep that catches anything a crash leaves behind."""

import contextlib
import errno
import io
import os
import pathlib
import threading
import time
from types import SimpleNamespace

import pytest
from botocore.exceptions import EndpointConnectionError
from click.testing import CliRunner
from flask_sqlalchemy.session import Session
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from participation import uploads as stored_uploads
from participation.activities.models import Drawing
from participation.cli import uploads
from participation.extensions import db
from participation.journal.models import JournalAttachment, JournalEntry
from participation.storage import EXTENSION as STORE
from participation.storage.local import LocalStore
from tests.helpers import is_stored, page_text, png_bytes, put_file, stored_files, upload


@pytest.fixture
def nan(app, make_worker, make_child, make_family, make_member, member_phone):
    worker = make_worker()
    return member_phone(make_member(make_family(make_child(worker), worker), worker))


def journal_post(phone, **files):
    data = {"plan_worked": "yes", "what_happened": "Nan collected Amy from school."}
    data.update({name: (io.BytesIO(content), f"{name}.bin") for name, content in files.items()})
    return phone.post("/network/journal/new", data=data, content_type="multipart/form-data")


def fail_commits(monkeypatch):
    """The database goes away at the moment of committing."""

    def down(self):
        # As SQLAlchemy raises it when the driver reports a lost connection.
        raise OperationalError(
            "COMMIT", {}, Exception("the database went away"), connection_invalidated=True
        )

    monkeypatch.setattr(Session, "commit", down)


def fill_the_disk(monkeypatch, app):
    """The disk fills up half way through writing a file (or the object store goes away)."""
    store = app.extensions[STORE]
    if not isinstance(store, LocalStore):

        def unreachable(**kwargs):
            raise EndpointConnectionError(endpoint_url=app.config["S3_ENDPOINT_URL"])

        monkeypatch.setattr(store.client, "put_object", unreachable)
        return
    real = pathlib.Path.write_bytes

    def half_then_full(self, data):
        real(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "write_bytes", half_then_full)


def test_a_refused_journal_entry_leaves_no_photo_behind(app, nan):
    """The photo is stored before the voice memo is checked; refusing the memo removes it."""
    response = journal_post(nan, photo=png_bytes(), voice=b"not a voice memo" * 8)
    assert response.status_code == 415
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0
    assert stored_files(app) == []


def test_a_failed_commit_leaves_no_drawing_or_photo_behind(app, tablet, nan, monkeypatch):
    fail_commits(monkeypatch)
    for send in (
        lambda: upload(tablet, tablet.activity, "worries", png_bytes()),
        lambda: journal_post(nan, photo=png_bytes()),
    ):
        with contextlib.suppress(OperationalError):  # testing mode may re-raise it
            assert send().status_code == 503
    assert stored_files(app) == []


def test_a_full_disk_leaves_no_half_file_and_says_the_drawing_was_not_saved(
    app, tablet, monkeypatch
):
    fill_the_disk(monkeypatch, app)
    response = upload(tablet, tablet.activity, "worries", png_bytes())
    assert response.status_code == 503
    assert "wasn't saved" in response.get_json()["error"]
    assert stored_files(app) == []  # no half-written .tmp either
    assert db.session.scalar(select(func.count()).select_from(Drawing)) == 0


def test_a_full_disk_keeps_nans_words_on_the_page_and_says_nothing_was_saved(app, nan, monkeypatch):
    fill_the_disk(monkeypatch, app)
    response = journal_post(nan, photo=png_bytes())
    assert response.status_code == 503
    text = page_text(response)
    assert "That wasn't saved" in text
    assert "Nan collected Amy from school." in response.get_data(as_text=True)
    assert stored_files(app) == []
    assert db.session.scalar(select(func.count()).select_from(JournalAttachment)) == 0


def test_sending_the_first_drawing_twice_keeps_one_drawing_and_one_file(app, tablet):
    for colour in ((200, 30, 30, 255), (30, 30, 200, 255)):
        response = upload(tablet, tablet.activity, "worries", png_bytes(colour=colour))
        assert response.status_code == 200
    drawing = db.session.scalars(select(Drawing)).one()
    assert [p.name for p in stored_files(app)] == [drawing.storage_key]


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="simultaneous writers need PostgreSQL; SQLite has one writer at a time",
)
def test_eight_simultaneous_first_drawings_make_one_drawing_no_error_and_no_orphan(app, tablet):
    tabs = []
    for _ in range(8):
        tab = app.test_client()
        tab._cookies = dict(tablet._cookies)  # the same child's session, in eight tabs
        tabs.append(tab)
    start = threading.Barrier(len(tabs))
    outcomes: list = []
    activity = SimpleNamespace(public_id=tablet.activity.public_id)

    def draw(tab, shade):
        start.wait()
        with app.app_context():
            try:
                outcomes.append(upload(tab, activity, "worries", png_bytes(colour=shade)))
            except Exception as error:  # noqa: BLE001  (a 500 in testing mode)
                outcomes.append(error)

    threads = [
        threading.Thread(target=draw, args=(tab, (10 * i, 30, 30, 255)))
        for i, tab in enumerate(tabs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [getattr(o, "status_code", o) for o in outcomes] == [200] * 8
    drawing = db.session.scalars(select(Drawing)).one()
    assert [p.name for p in stored_files(app)] == [drawing.storage_key]


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="simultaneous writers need PostgreSQL; SQLite has one writer at a time",
)
def test_the_same_journal_entry_sent_four_times_at_once_keeps_one_photo(app, nan):
    """The outbox resends when the signal comes back while the first send is still going."""
    phones = []
    for _ in range(4):
        phone = app.test_client()
        phone._cookies = dict(nan._cookies)
        phones.append(phone)
    start = threading.Barrier(len(phones))
    statuses: list = []

    def send(phone):
        start.wait()
        with app.app_context():
            data = {
                "plan_worked": "yes",
                "what_happened": "Nan collected Amy.",
                "client_key": "outbox-1",
                "photo": (io.BytesIO(png_bytes()), "p.png"),
            }
            try:
                statuses.append(phone.post("/network/journal/new", data=data).status_code)
            except Exception as error:  # noqa: BLE001  (a 500 in testing mode)
                statuses.append(error)

    threads = [threading.Thread(target=send, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    attachment = db.session.scalars(select(JournalAttachment)).one()
    assert [p.name for p in stored_files(app)] == [attachment.storage_key]


def test_the_sweep_removes_orphans_and_stale_halves_but_keeps_fresh_and_named_files(
    app, tablet, monkeypatch
):
    upload(tablet, tablet.activity, "worries", png_bytes())
    named = stored_files(app)[0]
    orphan, half = put_file(app, "ab/ab12.png"), put_file(app, "ab/.ab34.png.tmp")
    # S3 keeps LastModified to the second and no test can back-date it: the fresh file is
    # written two seconds later, and the sweep runs an hour (its grace) after a moment between.
    between = stored_uploads._now() + 1
    time.sleep(2)
    fresh = put_file(app, "ab/ab56.png")
    monkeypatch.setattr(stored_uploads, "_now", lambda: between + 3600)

    runner = CliRunner()
    with app.app_context():
        dry = runner.invoke(uploads, ["sweep", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "Would remove 2 file(s)" in dry.output and is_stored(app, orphan)
        # One orphan among three files is more than the sweep removes unasked.
        done = runner.invoke(uploads, ["sweep", "--force"])
    assert done.exit_code == 0, done.output
    assert "Removed 2 file(s)" in done.output
    assert not is_stored(app, orphan) and not is_stored(app, half)
    assert is_stored(app, named)  # a drawing's row names it
    assert is_stored(app, fresh)  # may be an upload whose row is not committed yet
