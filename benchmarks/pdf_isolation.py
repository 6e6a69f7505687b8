"""Benchmark: a child's page while the largest PDF is asked for twice at once.

Run with: .venv/bin/python benchmarks/pdf_isolation.py  (PostgreSQL on 127.0.0.1:5432, trust
auth; it creates and drops its own database `bench_pdf_isolation`). As in production: the app
under gunicorn (2 sync workers) over real HTTP, and a separate `flask jobs worker --queue pdf
--concurrency 1` that renders. The PDF is an agreed pathway plan filled to the form limits
(the one that took 11-21 s and, two at once on the web workers, stalled every page for 37 s).
The child's page is a signed-in child's activity page. The floor is a bare Flask app's GET
over loopback HTTP, measured in the same run.
"""

import argparse
import http.client
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from participation import create_app  # noqa: E402
from participation.activities.models import Mode  # noqa: E402
from participation.activities.services import start_activity  # noqa: E402
from participation.auth.models import Role  # noqa: E402
from participation.auth.services import create_worker  # noqa: E402
from participation.children.services import create_child  # noqa: E402
from participation.codes.services import issue_code  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.jobs import schema as queue_schema  # noqa: E402
from participation.pathway.models import YoungPerson  # noqa: E402
from participation.record.models import DONE, RecordPdf  # noqa: E402
from tests.big_plan import fill_to_the_limits  # noqa: E402
from tests.worker import WorkerProcess, wait_for  # noqa: E402

DATABASE = "bench_pdf_isolation"
PASSWORD = "x" * 20
AGENT = "pdf-isolation-benchmark"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def psql(sql: str) -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql]
    subprocess.run(command, check=True)  # noqa: S603, S607


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes, float]:
    """One GET on a new connection, as a phone or tablet would make it; status, body, seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Cookie": cookie, "User-Agent": AGENT})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, time.perf_counter() - started


def cookie_of(client) -> str:
    """The signed-in device's cookies, to send over real HTTP."""
    return "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())


def bare_flask_floor(runs: int) -> float:
    bare = Flask("bare")
    bare.add_url_rule("/", "page", lambda: "ok")
    port = free_port()
    server = make_server("127.0.0.1", port, bare)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return statistics.median(get(port, "/")[2] for _ in range(runs))
    finally:
        server.shutdown()


def seed(app) -> tuple[str, str, str, str]:
    """A child on a tablet, and the adviser of a young person whose agreed plan is full."""
    worker = create_worker("sam@example.org", "Sam", Role.SOCIAL_WORKER, PASSWORD, None)
    child = create_child(
        name="Amy Clarke", date_of_birth=date(2017, 3, 1), case_reference="B-1",
        preferred_language="en", communication_needs="", allocated_worker=worker,
    )  # fmt: skip
    activity = start_activity(child, worker, tool="three_houses", mode=Mode.CODE,
                              seen_alone=True, present="", interpreter="",
                              language="en")  # fmt: skip
    _, code = issue_code(activity, worker)
    person = YoungPerson(name="Jordan Reid", date_of_birth=date(2008, 4, 2),
                         personal_adviser_id=worker.id)  # fmt: skip
    db.session.add(person)
    db.session.commit()
    version = fill_to_the_limits(person)
    tablet, adviser = app.test_client(), app.test_client()
    for device in (tablet, adviser):
        device.environ_base["HTTP_USER_AGENT"] = AGENT
    tablet.post("/start", data={"code": code})
    adviser.post("/sign-in", data={"email": worker.email, "password": PASSWORD})
    child_page = f"/activities/{activity.public_id}"
    pdf_url = f"/record/pathway/{version.public_id}.pdf"
    return cookie_of(tablet), child_page, cookie_of(adviser), pdf_url


def wait_for_http(port: int) -> None:
    def up() -> bool:
        try:
            return get(port, "/sign-in")[0] < 500
        except OSError:
            return False

    wait_for(up, timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--idle", type=int, default=100, help="child page GETs while idle")
    parser.add_argument("--every", type=float, default=0.05, help="seconds between GETs")
    parser.add_argument(
        "--nice", type=int, default=0, help="run the pdf worker under `nice -n N` (0: as is)"
    )
    args = parser.parse_args()

    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
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
    }
    app = create_app(config)
    (tmp / "logs").mkdir()
    workers = WorkerProcess(config, tmp / "logs")
    port = free_port()
    web = None
    try:
        with app.app_context():
            db.create_all()
            with db.engine.begin() as connection:
                queue_schema.create(connection)
            child_cookie, child_page, adviser_cookie, pdf_url = seed(app)
        env = {**workers.env(), "PARTICIPATION_RATELIMIT_ENABLED": "false"}
        web = subprocess.Popen(  # noqa: S603  (our own command line)
            [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=open(tmp / "logs" / "gunicorn.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_http(port)
        pdf_worker = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker",
                      "--queue", "pdf", "--concurrency", "1"]  # fmt: skip
        if args.nice:
            pdf_worker = ["nice", "-n", str(args.nice), *pdf_worker]
        workers.procs.append(
            subprocess.Popen(  # noqa: S603  (our own command line)
                pdf_worker,
                cwd=ROOT,
                env=workers.env(),
                stdout=open(tmp / "logs" / "worker.log", "wb"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
        time.sleep(2)  # the worker is up and listening
        status, body, _ = get(port, child_page, child_cookie)
        # The child's own page, with their worry button: signed in as the child.
        assert status == 200 and b"/worry" in body, (status, body[:300])

        for _ in range(10):  # warm both web workers
            get(port, child_page, child_cookie)
        idle = []
        for _ in range(args.idle):
            idle.append(get(port, child_page, child_cookie)[2])
            time.sleep(args.every)

        # Two people ask for the big PDF at the same moment; their pages then check every
        # 3 s, as the waiting page does, until the PDF comes back.
        served: list[float] = []
        first_answers: list[float] = []
        barrier = threading.Barrier(2)

        def asker() -> None:
            barrier.wait()
            started = time.perf_counter()
            status, body, seconds = get(port, pdf_url, adviser_cookie)
            first_answers.append(seconds)
            while not body.startswith(b"%PDF"):
                assert status in (200, 202), (status, body[:300])
                time.sleep(3)
                status, body, _ = get(port, pdf_url, adviser_cookie)
            served.append(time.perf_counter() - started)

        askers = [threading.Thread(target=asker) for _ in range(2)]
        for thread in askers:
            thread.start()
        during = []
        while any(t.is_alive() for t in askers):
            during.append(get(port, child_page, child_cookie)[2])
            time.sleep(args.every)
        for thread in askers:
            thread.join()
        with app.app_context():
            rows = list(db.session.scalars(db.select(RecordPdf)))
            assert len(rows) == 1 and rows[0].status == DONE, rows
            render = (rows[0].rendered_at - rows[0].requested_at).total_seconds()
            jobs = db.session.execute(
                db.text("SELECT count(*) FROM procrastinate_jobs WHERE queue_name = 'pdf'")
            ).scalar()
        floor = bare_flask_floor(200)
    finally:
        if web is not None:
            web.terminate()
            web.wait(timeout=20)
        workers.stop_all()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")

    ms = 1000
    idle50, idle95 = percentile(idle, 0.5), percentile(idle, 0.95)
    dur50, dur95 = percentile(during, 0.5), percentile(during, 0.95)
    niced = f", pdf worker under nice -n {args.nice}" if args.nice else ""
    print(
        f"| A child's page (gunicorn -w 2, real HTTP, {os.cpu_count()} CPUs{niced}) | p50 | p95 |"
    )
    print("|---|---|---|")
    print(f"| idle ({len(idle)} GETs) | {idle50 * ms:.1f} ms | {idle95 * ms:.1f} ms |")
    print(
        f"| while the plan PDF is asked for twice at once and rendered ({len(during)} GETs) "
        f"| {dur50 * ms:.1f} ms | {dur95 * ms:.1f} ms |"
    )
    print(f"| ratio during / idle | {dur50 / idle50:.2f} | {dur95 / idle95:.2f} |")
    print(f"| slowest child page during | {max(during) * ms:.1f} ms | |")
    print()
    print("| The PDF (agreed pathway plan filled to the form limits) | time |")
    print("|---|---|")
    print(f"| first answer to each asker (the waiting page), slowest | "
          f"{max(first_answers) * ms:.1f} ms |")  # fmt: skip
    print(f"| render on the pdf worker (requested to file kept) | {render:.1f} s |")
    print(f"| until both askers had the PDF (polling every 3 s) | {max(served):.1f} s |")
    print(f"| PDF rows / pdf jobs for the two requests | {len(rows)} / {jobs} |")
    print(f"| floor: bare Flask GET over loopback HTTP, p50 | {floor * ms:.2f} ms |")


if __name__ == "__main__":
    main()
