"""Fixtures: a fresh app and database per test, on SQLite or on TEST_DATABASE_URL."""

import functools
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from participation import create_app
from participation.activities.models import Mode
from participation.activities.services import start_activity
from participation.auth.models import Role
from participation.auth.services import create_worker, get_or_create_team
from participation.children.services import create_child
from participation.codes.services import issue_code
from participation.extensions import db
from participation.jobs import schema as queue_schema
from tests.fakes.notify import fake_notify  # noqa: F401  (a fixture for every test module)
from tests.helpers import PASSWORD
from tests.worker import worker_process  # noqa: F401  (a fixture for every test module)

# Every app a test builds, production-like ones included, runs its jobs only when the test
# says so (run_jobs); a test of the embedded worker thread asks for it explicitly.
os.environ.setdefault("PARTICIPATION_JOBS_RUN", "manual")

# TEST_STORAGE=s3 runs every test's uploads through an S3-compatible server at
# TEST_S3_ENDPOINT_URL (.ci/run starts moto's); the local folder otherwise.
S3 = os.environ.get("TEST_STORAGE") == "s3"
if S3:
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        os.environ.setdefault(name, value)


def database_url(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return worker_database(url) if url else f"sqlite:///{tmp_path / 'test.db'}"


@functools.cache
def worker_database(url: str) -> str:
    """Under pytest-xdist (.ci/run's `-n`), each worker process gets a database of its own
    beside TEST_DATABASE_URL's ("test_gw0", ...), made here if missing, since every test
    drops and recreates all tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not found:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def reset_database() -> None:
    """Drop everything, including Alembic's table, so each test starts from nothing."""
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        if conn.dialect.name == "postgresql":
            # The job queue's own tables (not SQLAlchemy models): kept, but emptied.
            queue_schema.create(conn)
            queue_schema.empty(conn)


@pytest.fixture(scope="session")
def s3_bucket():
    """One bucket for the test session, deleted at the end; each test empties it after."""
    import uuid

    import boto3

    client = boto3.client("s3", endpoint_url=os.environ["TEST_S3_ENDPOINT_URL"])
    bucket = f"test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    yield client, bucket
    empty_bucket(client, bucket)
    client.delete_bucket(Bucket=bucket)


def empty_bucket(client, bucket: str) -> None:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            client.delete_object(Bucket=bucket, Key=item["Key"])


@pytest.fixture
def app_config(tmp_path, request):
    config = {
        "TESTING": True,
        "ENVIRONMENT": "testing",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        # Server-side sessions (Flask-Session's file store) kept in this test's own folder.
        "SESSION_DIR": str(tmp_path / "sessions"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    if not S3:
        yield config
        return
    client, bucket = request.getfixturevalue("s3_bucket")
    config.update(
        STORAGE="s3", S3_BUCKET=bucket, S3_ENDPOINT_URL=os.environ["TEST_S3_ENDPOINT_URL"]
    )
    yield config
    empty_bucket(client, bucket)  # the next test starts with no files, as on a fresh folder


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> Path:
    """The models' schema built once per test process into a file each SQLite test copies
    (building it afresh took most of a short test's time)."""
    folder = tmp_path_factory.mktemp("schema")
    template = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "testing",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'schema.db'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "SESSION_DIR": str(folder / "sessions"),
        }
    )
    with template.app_context():
        db.create_all()
        db.engine.dispose()
    return folder / "schema.db"


def _schema_is_the_models(conn) -> bool:
    """True when the database holds exactly the models' tables and nothing a migration test
    left (Alembic's table), so emptying the tables is as good as building them again."""
    found = set(
        conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    )
    ours = {name for name in found if not name.startswith("procrastinate")}
    return ours == set(db.metadata.tables) and queue_schema.exists(conn)


def empty_postgresql() -> None:
    """Every row gone and every id counting from 1 again, the tables kept."""
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        queue_schema.empty(conn)


def fresh_postgresql() -> None:
    """The models' schema with no rows: emptied when it is already there, else rebuilt."""
    with db.engine.connect() as conn:
        ready = _schema_is_the_models(conn)
    if ready:
        empty_postgresql()
    else:
        reset_database()
        db.create_all()


@pytest.fixture
def app(app_config, request, sqlite_schema):
    if request.node.get_closest_marker("rate_limited"):
        app_config = {**app_config, "RATELIMIT_ENABLED": True}
    if request.node.get_closest_marker("csrf"):
        app_config = {**app_config, "WTF_CSRF_ENABLED": True}
    url = app_config["SQLALCHEMY_DATABASE_URI"]
    postgresql = url.startswith("postgresql")
    if not postgresql:
        # A fresh copy of the schema for this test alone (its own tmp_path).
        shutil.copyfile(sqlite_schema, url.removeprefix("sqlite:///"))
    app = create_app(app_config)
    app.test_client_class = FreshClient
    with app.app_context():
        if postgresql:
            fresh_postgresql()
        yield app
        db.session.remove()
        if postgresql:
            # The next test, and any that builds its own app on this database, finds it empty.
            with db.engine.connect() as conn:
                ready = _schema_is_the_models(conn)
            if ready:
                empty_postgresql()
            else:
                reset_database()
        db.engine.dispose()


class FreshClient(FlaskClient):
    """Each request gets its own app context (its own `g` and database session), as in
    production; afterwards the test's session forgets what it had loaded, so assertions
    read what the request really committed, never a stale in-memory copy."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def team(app):
    team = get_or_create_team("Northside")
    db.session.commit()
    return team


@pytest.fixture
def make_worker(app, team):
    counter = iter(range(1000))

    def make(role: Role = Role.SOCIAL_WORKER, team=team, name: str | None = None):
        n = next(counter)
        worker = create_worker(
            f"worker{n}@example.org", name or f"Worker {n}", role, PASSWORD, team
        )
        db.session.commit()
        return worker

    return make


@pytest.fixture
def make_child(app):
    counter = iter(range(1000))

    def make(worker, name: str | None = None, language: str = "en"):
        n = next(counter)
        child = create_child(
            name=name or f"Child {n}",
            date_of_birth=date(2017, 3, 1),
            case_reference=f"REF-{n:04d}",
            preferred_language=language,
            communication_needs="",
            allocated_worker=worker,
        )
        db.session.commit()
        return child

    return make


@pytest.fixture
def make_activity(app):
    def make(child, worker, mode: Mode = Mode.CODE, **provenance):
        activity = start_activity(
            child,
            worker,
            tool="three_houses",
            mode=mode,
            seen_alone=provenance.get("seen_alone", True),
            present=provenance.get("present", ""),
            interpreter=provenance.get("interpreter", ""),
            language=provenance.get("language", "en"),
        )
        db.session.commit()
        return activity

    return make


@pytest.fixture
def make_code(app):
    def make(activity, worker) -> str:
        _code, plain = issue_code(activity, worker)
        db.session.commit()
        return plain

    return make


class Auth:
    """Sign a test client in as a worker, or as a child with a code."""

    def __init__(self, client):
        self.client = client

    def sign_in(self, worker, password: str = PASSWORD):
        return self.client.post(
            "/staff/sign-in", data={"email": worker.email, "password": password}
        )

    def sign_out(self):
        return self.client.post("/staff/sign-out")

    def child(self, code: str):
        return self.client.post("/start", data={"code": code})


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def make_family(app):
    """A family around a child, with a plan that has one pair and two rules."""
    from participation.network.services import add_pair, add_rule, create_family_for, plan_for

    def make(child, worker, rules=("If Mum is drinking, Nan collects Amy from school",)):
        family = create_family_for(child, worker)
        plan = plan_for(family)
        add_pair(plan, "Dad shouts when he drinks", "Amy is calm and safe at home")
        for rule in rules:
            add_rule(plan, rule, "Nan")
        db.session.commit()
        return family

    return make


@pytest.fixture
def make_member(app):
    from participation.network.models import NetworkMember
    from participation.network.services import make_boss

    def make(family, worker, name="Nan Clarke", boss=False, contact="", shared=False):
        member = NetworkMember(
            family_id=family.id,
            name=name,
            relationship_to_child="Grandmother",
            contact=contact,
            contact_shared=shared,
            language="en",
            invited_by_id=worker.id,
        )
        db.session.add(member)
        db.session.flush()
        if boss:
            make_boss(member)
        db.session.commit()
        return member

    return make


@pytest.fixture
def member_phone(app):
    """A phone signed in as a network member through a real invitation link."""
    from participation.network.services import issue_invite

    def make(member):
        _invite, link, _code = issue_invite(member)
        db.session.commit()
        phone = app.test_client()
        assert phone.post(f"/join/{link}").status_code == 302
        return phone

    return make


@pytest.fixture
def make_young_person(app):
    from participation.pathway.models import YoungPerson

    def make(adviser, name="Jordan Reid"):
        person = YoungPerson(
            name=name, date_of_birth=date(2008, 4, 2), personal_adviser_id=adviser.id
        )
        db.session.add(person)
        db.session.commit()
        return person

    return make


@pytest.fixture
def yp_phone(app):
    """A phone signed in as a young person who accepted their invitation."""
    from participation.pathway.invites import issue_invite

    counter = iter(range(1000))

    def make(person, username: str | None = None, contact: str = ""):
        link, _code = issue_invite(person)
        db.session.commit()
        phone = app.test_client()
        response = phone.post(
            f"/yp/join/{link}",
            data={
                "username": username or f"young.person{next(counter)}",
                "password": "my long password",
                "confirm": "my long password",
                "contact": contact,
            },
        )
        assert response.status_code == 302, response.data
        return phone

    return make


@pytest.fixture
def tablet(app, make_worker, make_child, make_activity, make_code):
    """A child signed in on a tablet, with a fresh activity to draw in."""
    worker = make_worker()
    activity = make_activity(make_child(worker), worker)
    client = app.test_client()
    client.post("/start", data={"code": make_code(activity, worker)})
    client.activity = activity
    return client


@pytest.fixture
def family_with_parent(make_worker, make_child, make_family, make_member):
    """Amy's family: Sam her worker, Nana Joy a member, and Kasia her mum (a parent, in Polish)."""
    from participation.network.models import NetworkMember

    worker = make_worker(name="Sam Okafor")
    family = make_family(make_child(worker, name="Amy Clarke"), worker)
    nana = make_member(family, worker, name="Nana Joy")
    kasia = NetworkMember(
        family_id=family.id, name="Kasia Nowak", relationship_to_child="Mum", language="pl",
        role="parent", invited_by_id=worker.id,
    )  # fmt: skip
    db.session.add(kasia)
    db.session.commit()
    return worker, family, nana, kasia
