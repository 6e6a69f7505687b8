"""Benchmark: from a child's worry tap to the call to GOV.UK Notify, with a real job worker.

Run with: .venv/bin/python benchmarks/alerts.py  (PostgreSQL on 127.0.0.1:5432, trust auth;
it creates and drops its own database `bench_alerts`). The provider is the loopback fake of
Notify from the tests; the worker is `flask jobs worker`, as in production. The floor is a
bare Flask app answering one POST, measured in the same run.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from participation import create_app  # noqa: E402
from participation.activities.models import Mode  # noqa: E402
from participation.activities.services import start_activity  # noqa: E402
from participation.auth.models import Role  # noqa: E402
from participation.auth.services import create_worker  # noqa: E402
from participation.children.services import create_child  # noqa: E402
from participation.codes.services import issue_code  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.jobs import schema as queue_schema  # noqa: E402
from tests.fakes.notify import FakeNotify  # noqa: E402
from tests.worker import WorkerProcess, wait_for  # noqa: E402

DATABASE = "bench_alerts"
MOBILE = "07700 900123"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def psql(sql: str) -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql]
    subprocess.run(command, check=True)  # noqa: S603, S607


def bare_flask_floor(runs: int) -> float:
    bare = Flask("bare")
    bare.add_url_rule("/tap", "tap", lambda: "ok", methods=["POST"])
    client = bare.test_client()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.post("/tap")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--taps", type=int, default=40)
    args = parser.parse_args()

    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    fake = FakeNotify().start()
    tmp = Path(tempfile.mkdtemp())
    config = {
        "TESTING": True,
        "ENVIRONMENT": "testing",
        "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": f"postgresql://postgres@127.0.0.1:5432/{DATABASE}",
        "UPLOAD_FOLDER": str(tmp / "uploads"),
        "SESSION_DIR": str(tmp / "sessions"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        **fake.settings(),
    }
    app = create_app(config)
    (tmp / "logs").mkdir()
    workers = WorkerProcess(config, tmp / "logs")
    try:
        with app.app_context():
            db.create_all()
            with db.engine.begin() as connection:
                queue_schema.create(connection)
            worker = create_worker("sam@example.org", "Sam", Role.SOCIAL_WORKER, "x" * 20, None)
            worker.mobile = MOBILE
            tablets = []
            for n in range(args.taps):
                child = create_child(
                    name=f"Child {n}", date_of_birth=date(2017, 3, 1), case_reference=f"B-{n}",
                    preferred_language="en", communication_needs="", allocated_worker=worker,
                )  # fmt: skip
                activity = start_activity(child, worker, tool="three_houses", mode=Mode.CODE,
                                          seen_alone=True, present="", interpreter="",
                                          language="en")  # fmt: skip
                _, code = issue_code(activity, worker)
                db.session.commit()
                tablet = app.test_client()
                tablet.post("/start", data={"code": code})
                tablets.append((tablet, activity.public_id))
        workers.start("--queue", "alerts")
        time.sleep(2)  # the worker is up and listening
        taps, to_provider = [], []
        for tablet, activity_id in tablets:
            before = len(fake.sms)
            started = time.time()
            tablet.post(f"/activities/{activity_id}/worry")
            taps.append(time.time() - started)
            wait_for(lambda before=before: len(fake.sms) > before, every=0.002)
            arrived = datetime.fromisoformat(fake.sms[-1]["created_at"].replace("Z", "+00:00"))
            to_provider.append(arrived.timestamp() - started)
        floor = bare_flask_floor(200)
    finally:
        workers.stop_all()
        fake.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")

    ms = 1000
    print(f"| Worry tap to Notify's SMS call ({args.taps} taps, real worker) | time | x floor |")
    print("|---|---|---|")
    for label, values in (("tap request", taps), ("tap to provider call", to_provider)):
        for q in (0.5, 0.95):
            value = percentile(values, q)
            print(f"| {label} p{round(q * 100)} | {value * ms:.1f} ms | {value / floor:.0f} |")
    print(f"| floor: bare Flask POST p50 | {floor * ms:.2f} ms | 1 |")


if __name__ == "__main__":
    main()
