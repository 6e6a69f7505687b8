"""Both storage back ends, the local folder and a real S3-compatible server (moto's, started
here unless TEST_S3_ENDPOINT_URL names one): the same promises from each."""

import os
import uuid
from datetime import timedelta

import boto3
import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.activities.models import Drawing
from participation.extensions import db
from participation.storage import EXTENSION as STORE
from participation.storage.local import LocalStore
from participation.storage.s3 import S3Store
from participation.uploads import SweepRefused, exists, read, remove, store, sweep
from tests.conftest import empty_bucket
from tests.helpers import PASSWORD, png_bytes, put_file, stored_files, sweep_later, upload


@pytest.fixture(scope="module")
def s3_endpoint():
    """The suite's S3 server when .ci/run started one, else moto's on a free loopback port."""
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    if os.environ.get("TEST_S3_ENDPOINT_URL"):
        yield os.environ["TEST_S3_ENDPOINT_URL"]
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(params=["local", "s3"])
def app_config(app_config, request):
    """Every test here runs once on each back end, whichever the rest of the suite uses."""
    if request.param == "local":
        yield {**app_config, "STORAGE": "local"}
        return
    endpoint = request.getfixturevalue("s3_endpoint")
    client = boto3.client("s3", endpoint_url=endpoint)
    bucket = f"test-storage-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    yield {**app_config, "STORAGE": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint}
    empty_bucket(client, bucket)
    client.delete_bucket(Bucket=bucket)


def test_a_stored_file_is_read_back_and_removed(app):
    key = store(b"a drawing's bytes", "png")
    db.session.commit()  # its row would commit here
    assert exists(key) and read(key) == b"a drawing's bytes"
    assert [p.name for p in stored_files(app)] == [key]
    remove(key)
    assert not exists(key)
    with pytest.raises(FileNotFoundError):
        read(key)
    remove(key)  # removing twice is harmless (a retried deletion)


def test_nothing_stored_is_readable_by_anyone_but_the_app(app):
    """Privacy: no object is ever given a public grant; every read goes through the app."""
    key = store(b"a child's drawing", "png")
    db.session.commit()
    if app.config["STORAGE"] == "local":
        folder = app.extensions[STORE].root
        assert not str(folder.resolve()).startswith(str(app.static_folder))
        return
    s3 = app.extensions[STORE]
    grants = s3.client.get_object_acl(Bucket=s3.bucket, Key=f"{key[:2]}/{key}")["Grants"]
    everyone = ("http://acs.amazonaws.com/groups/global/AllUsers", "AuthenticatedUsers")
    assert grants and not [
        g for g in grants if any(e in g["Grantee"].get("URI", "") for e in everyone)
    ]


def test_a_file_whose_transaction_rolls_back_is_removed(app):
    key = store(b"refused", "png")
    db.session.rollback()
    assert not exists(key) and stored_files(app) == []


def test_a_key_from_a_row_cannot_reach_outside_the_uploads(app):
    for bad in ("../secret_key", "ab/../../x", ".hidden", "a\\b"):
        with pytest.raises(ValueError):
            read(bad)


def test_the_store_is_the_configured_one(app):
    kind = LocalStore if app.config["STORAGE"] == "local" else S3Store
    assert type(app.extensions[STORE]) is kind


def test_the_sweep_keeps_a_young_orphan_and_removes_it_once_past_the_grace(
    app, tablet, monkeypatch
):
    assert upload(tablet, tablet.activity, "worries", png_bytes()).status_code == 200
    named = db.session.scalars(select(Drawing)).one().storage_key
    for n in range(10):
        put_file(app, f"{named[:2]}/{named[:2]}{n:02d}unnamed.png")
    orphan = put_file(app, "ab/ab99orphan.png")
    assert sweep(timedelta(hours=1)) == []  # all younger than an hour: may be mid-upload
    sweep_later(monkeypatch)
    removed = sweep(timedelta(hours=1), force=True)
    assert str(orphan) in removed and len(removed) == 11
    assert [p.name for p in stored_files(app)] == [named]


def test_the_sweep_refuses_when_no_record_names_any_file(app, tablet, monkeypatch):
    assert upload(tablet, tablet.activity, "worries", png_bytes()).status_code == 200
    db.session.execute(Drawing.__table__.delete())  # pointed at the wrong (empty) database
    db.session.commit()
    sweep_later(monkeypatch)
    with pytest.raises(SweepRefused) as refused:
        sweep(timedelta(hours=1))
    where = "upload folder" if app.config["STORAGE"] == "local" else app.config["S3_BUCKET"]
    assert "no record names any of the 1 stored files" in str(refused.value)
    assert where in str(refused.value)
    assert len(stored_files(app)) == 1


def test_the_sweep_reads_every_page_of_a_long_listing(app, monkeypatch):
    """S3 lists at most 1,000 objects a page; pages of two show every page is read."""
    store_ = app.extensions[STORE]
    if app.config["STORAGE"] == "s3":
        monkeypatch.setattr(store_, "page_size", 2)
    names = [str(put_file(app, f"cd/cd{n:02d}.png")) for n in range(5)]
    sweep_later(monkeypatch)
    assert sorted(sweep(timedelta(hours=1), dry_run=True)) == names


def test_a_failed_write_keeps_no_record_naming_a_missing_file(app, tablet, monkeypatch):
    """The folder is unwritable, or the bucket has gone (a real error from the server)."""
    store_ = app.extensions[STORE]
    if app.config["STORAGE"] == "local":
        blocker = store_.root / "blocker"
        blocker.parent.mkdir(parents=True, exist_ok=True)
        blocker.write_bytes(b"")
        monkeypatch.setattr(store_, "root", blocker)  # a file where the folder should be
    else:
        monkeypatch.setattr(store_, "bucket", "no-such-bucket-" + uuid.uuid4().hex[:8])
    response = upload(tablet, tablet.activity, "worries", png_bytes())
    assert response.status_code == 503
    assert "wasn't saved" in response.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(Drawing)) == 0


def test_a_drawing_is_served_only_to_who_may_see_it_and_never_cached(
    app, make_worker, make_child, make_activity, make_code
):
    worker, other = make_worker(), make_worker()
    activity = make_activity(make_child(worker), worker)
    child = app.test_client()
    child.post("/start", data={"code": make_code(activity, worker)})
    data = png_bytes(size=(80, 60))
    url = upload(child, activity, "worries", data).get_json()["url"]
    assert app.test_client().get(url).status_code == 404  # nobody signed in
    intruder = app.test_client()
    intruder.post("/staff/sign-in", data={"email": other.email, "password": PASSWORD})
    assert intruder.get(url).status_code == 404  # another worker's child
    owner = app.test_client()
    owner.post("/staff/sign-in", data={"email": worker.email, "password": PASSWORD})
    with owner.get(url) as whole:
        assert whole.status_code == 200 and whole.mimetype == "image/png"
        assert whole.headers["Cache-Control"] == "private, no-store"
        assert int(whole.headers["Content-Length"]) == len(whole.data)
        stored = whole.data
    # Safari asks for a voice memo in parts: ranges work from the object store too.
    with owner.get(url, headers={"Range": "bytes=0-9"}) as part:
        assert part.status_code == 206 and part.data == stored[:10]
        assert part.headers["Cache-Control"] == "private, no-store"
        assert part.headers["Content-Range"] == f"bytes 0-9/{len(stored)}"


def test_object_storage_without_a_bucket_refuses_to_start_in_plain_words(app_config):
    with pytest.raises(RuntimeError, match="PARTICIPATION_S3_BUCKET is not set"):
        create_app({**app_config, "ENVIRONMENT": "production", "STORAGE": "s3", "S3_BUCKET": ""})
    with pytest.raises(RuntimeError, match='must be "local" or "s3"'):
        create_app({**app_config, "STORAGE": "ftp"})
