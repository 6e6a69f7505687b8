"""Load test of the whole deployment on loopback: two gunicorn app servers behind a client-side
load balancer, the job workers, PostgreSQL, Redis (sessions and rate limits) and the object
store (a moto S3 server, or a shared local folder with --storage local).

Network members post journal entries (every tenth says the plan did not work: an urgent alert
texted and emailed through a fake GOV.UK Notify), children post drawings, a worker asks for
record PDFs, and every record entry goes to a webhook receiver. Midway one app server is
killed with SIGKILL; the other keeps serving and the killed one is restarted. Clients retry
with the same idempotency key, as the browser outbox does, on whichever server answers.

Checks: 0 lost and 0 duplicated (entries in the database against those acknowledged; every
file a row names is in the store), every due job done by the workers, each alert message sent
exactly once and each webhook delivered once, and rate limits shared by both servers.

Run with: .venv/bin/python benchmarks/load_test.py  (PostgreSQL on 127.0.0.1:5432 with trust
auth, Redis on 127.0.0.1:6379; it uses database test_loadtest and Redis db 5, both its own).
Bounded: a fixed number of requests, a hard time limit; only 127.0.0.1 is contacted.
"""

import argparse
import atexit
import hashlib
import hmac
import http.client
import http.cookiejar
import http.server
import io
import itertools
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import redis
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation.images import normalise_image  # noqa: E402
from tests.fakes.notify import FakeNotify  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "test_loadtest"
REDIS_URL = "redis://127.0.0.1:6379/5"  # this test's own Redis database: flushed before and after
BUCKET = "participation-load"
DEADLINE_SECONDS = 420  # clients give up after this
HARD_LIMIT_SECONDS = 720  # everything is stopped after this, whatever state it is in
DRAIN_SECONDS = 120  # how long the workers get to finish the queue after the last request
WEBHOOK_SECRET = "load-test-webhook-secret"  # noqa: S105  (loopback only)
SIGN_IN_LIMIT = 10  # the production default, "10 per minute;50 per hour"
DOWN = (OSError, http.client.HTTPException)  # a server killed mid-request or not listening


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 302 is the answer we check for; following it would only add another request."""

    def redirect_request(self, *args, **kwargs):
        return None


class Balancer:
    """What a load balancer does for these clients: spread requests over the app servers in
    turn; a server a request failed on leaves the rotation until its health check (GET
    /start) answers again, so nobody waits on one that is still starting."""

    def __init__(self, bases: list[str]):
        self.bases = bases
        self.turn = itertools.count()
        self.down: set[str] = set()
        self.served = dict.fromkeys(bases, 0)
        self.failovers = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._health_checks, daemon=True).start()

    def pick(self) -> str:
        with self.lock:
            up = [b for b in self.bases if b not in self.down] or self.bases
            base = up[next(self.turn) % len(up)]
            self.served[base] += 1
            return base

    def failed(self, base: str) -> None:
        with self.lock:
            self.failovers += 1
            self.down.add(base)

    def _health_checks(self) -> None:
        while True:
            for base in list(self.down):
                try:
                    urllib.request.urlopen(base + "/start", timeout=2).close()
                except DOWN:
                    continue
                with self.lock:
                    self.down.discard(base)
            time.sleep(0.25)


class Client:
    """A browser-like client: its own cookies and CSRF token, each request to whichever app
    server the balancer picks (the session lives in Redis, so any server will do)."""

    def __init__(self, balancer: Balancer, latencies: list[float]):
        self.balancer = balancer
        self.latencies = latencies
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.csrf = ""

    def _open(self, path: str, base: str | None = None, **options) -> tuple[int, bytes]:
        base = base or self.balancer.pick()
        request = urllib.request.Request(base + path, **options)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=15) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except DOWN:
            self.balancer.failed(base)
            raise
        self.latencies.append(time.perf_counter() - started)
        return status, body

    def get(self, path: str, base: str | None = None) -> int:
        status, body = self._open(path, base)
        match = re.search(rb'name="csrf-token" content="([^"]+)"', body)
        if match:
            self.csrf = match.group(1).decode()
        return status

    def get_bytes(self, path: str) -> tuple[int, bytes]:
        return self._open(path)

    def post(self, path: str, fields: dict, files: dict | None = None, base=None) -> int:
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in {**fields, "csrf_token": self.csrf}.items():
            part = f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            body.write(f"--{boundary}\r\n{part}".encode())
        for name, (filename, data, mime) in (files or {}).items():
            head = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            body.write(f"--{boundary}\r\n{head}Content-Type: {mime}\r\n\r\n".encode())
            body.write(data + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Accept": "application/json",
            "X-CSRFToken": self.csrf,
        }
        return self._open(path, base, data=body.getvalue(), method="POST", headers=headers)[0]


def retry(action, stats: dict, until: float) -> int:
    """Keep trying through the kill: the same request, so the same idempotency key."""
    while time.time() < until:
        try:
            status = action()
            if status < 500:
                return status
        except DOWN:
            pass
        stats["retries"] += 1
        time.sleep(0.2)
    raise RuntimeError("gave up: deadline reached")


def drawing(seed: int) -> bytes:
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    points = [(seed % 400, 0), (0, 299), (399, seed % 300)]
    ImageDraw.Draw(image).line(points, fill=(200, 30, 30, 255), width=8)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def stored_sha(data: bytes) -> str:
    """The server keeps the re-encoded picture; Pillow's encoding is deterministic."""
    limits = {"max_bytes": 10 * 1024 * 1024, "max_pixels": 4096 * 4096, "max_side": 8192}
    return normalise_image(data, **limits).sha256


def wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/start", timeout=2).close()
            return
        except DOWN:
            time.sleep(0.05)
    raise RuntimeError(f"{base} did not start")


class Webhooks(http.server.ThreadingHTTPServer):
    """The council's case system: counts each record entry it is told about."""

    def __init__(self):
        self.received: dict[int, int] = {}
        self.bad_signatures = 0
        self.lock = threading.Lock()
        super().__init__((HOST, 0), WebhookHandler)


class WebhookHandler(http.server.BaseHTTPRequestHandler):
    server: Webhooks

    def do_POST(self):  # noqa: N802  (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
        with self.server.lock:
            if self.headers.get("X-Participation-Signature") != f"sha256={expected}":
                self.server.bad_signatures += 1
            cursor = json.loads(body)["cursor"]
            self.server.received[cursor] = self.server.received.get(cursor, 0) + 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Store:
    """The object store the app servers and workers share, as this test sees it."""

    def __init__(self, kind: str, tmp: Path):
        self.kind = kind
        self.folder = tmp / "uploads"
        self.moto = None
        self.env: dict[str, str] = {"PARTICIPATION_UPLOAD_FOLDER": str(self.folder)}
        if kind == "s3":
            import boto3

            port = free_port()
            self.moto = subprocess.Popen(
                [VENV / "moto_server", "-H", HOST, "-p", str(port)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            endpoint = f"http://{HOST}:{port}"
            credentials = {
                "AWS_ACCESS_KEY_ID": "load-test",
                "AWS_SECRET_ACCESS_KEY": "load-test-secret",
                "AWS_DEFAULT_REGION": "eu-west-2",
            }
            self.env |= credentials | {
                "PARTICIPATION_STORAGE": "s3",
                "PARTICIPATION_S3_BUCKET": BUCKET,
                "PARTICIPATION_S3_ENDPOINT_URL": endpoint,
            }
            self.s3 = boto3.client(
                "s3", endpoint_url=endpoint, region_name=credentials["AWS_DEFAULT_REGION"],
                aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
            )  # fmt: skip
            for _ in range(100):
                try:
                    location = {"LocationConstraint": credentials["AWS_DEFAULT_REGION"]}
                    self.s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration=location)
                    break
                except Exception:  # noqa: BLE001  (moto still starting)
                    time.sleep(0.1)
            else:
                raise RuntimeError("the moto S3 server did not start")
        else:
            self.env["PARTICIPATION_STORAGE"] = "local"

    def names(self) -> set[str]:
        """The base name of every stored object (the key a row names is the last part)."""
        if self.kind == "local":
            return {p.name for p in self.folder.rglob("*") if p.is_file() and p.name[0] != "."}
        names = set()
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            names |= {item["Key"].rsplit("/", 1)[-1] for item in page.get("Contents", [])}
        return names

    def stop(self) -> None:
        if self.moto is not None and self.moto.poll() is None:
            os.killpg(self.moto.pid, signal.SIGKILL)
            self.moto.wait()


class Processes:
    """Every process this test starts, so all of them are stopped however it ends."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs = env, logs
        self.procs: list[subprocess.Popen] = []

    def start(self, name: str, command: list) -> subprocess.Popen:
        with open(self.logs / f"{name}.log", "ab") as log:
            proc = subprocess.Popen(
                command, cwd=ROOT, env=self.env, start_new_session=True,
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, sig)  # gunicorn's master and its workers
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop_all(self) -> None:
        for proc in self.procs:
            self.kill(proc, signal.SIGTERM)


def run(command: list, env: dict) -> str:
    """A one-off command (migrations, the seed); its output is shown if it fails."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{command[1:]} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def queue_state(db: psycopg.Connection) -> dict[str, int]:
    """Jobs by state; `due` are those waiting that should have run by now."""
    rows = db.execute(
        "SELECT status::text,"
        " count(*) FILTER (WHERE scheduled_at IS NULL OR scheduled_at <= now()), count(*)"
        " FROM procrastinate_jobs GROUP BY status"
    ).fetchall()
    state = {status: total for status, _due, total in rows}
    state["due"] = sum(due for status, due, _total in rows if status == "todo")
    return state


def check_rate_limit_shared(bases: list[str]) -> dict:
    """Wrong sign-ins from one address, alternating between the servers, are refused after
    SIGN_IN_LIMIT in all: the count is Redis's, not each process's."""
    latencies: list[float] = []
    client = Client(Balancer(bases), latencies)
    answers = []
    for n in range(SIGN_IN_LIMIT + 4):
        base = bases[n % len(bases)]
        client.get("/staff/sign-in", base)
        fields = {"email": f"nobody-{n}@example.org", "password": "wrong-password"}
        answers.append((base, client.post("/staff/sign-in", fields, base=base)))
    refused_by = {base for base, status in answers if status == 429}
    ok = [s for _b, s in answers[:SIGN_IN_LIMIT]] == [422] * SIGN_IN_LIMIT and all(
        s == 429 for _b, s in answers[SIGN_IN_LIMIT:]
    )
    return {
        "attempts": len(answers),
        "refused_after": next((i for i, (_b, s) in enumerate(answers) if s == 429), None),
        "servers_refusing": len(refused_by),
        "shared": ok and len(refused_by) == len(bases),
    }


def main() -> None:  # noqa: C901, PLR0915  (one scenario, read top to bottom)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=16)
    parser.add_argument("--entries", type=int, default=80, help="per member")
    parser.add_argument("--children", type=int, default=8)
    parser.add_argument("--drawings", type=int, default=60, help="per child")
    parser.add_argument("--pdfs", type=int, default=6, help="record PDFs the worker asks for")
    parser.add_argument("--storage", choices=("s3", "local"), default="s3")
    parser.add_argument("--down", type=float, default=3.0, help="seconds before the restart")
    args = parser.parse_args()

    started_run = time.time()
    load_at_start = round(os.getloadavg()[0], 1)
    # Bounded whatever happens: past the hard limit, or when stopped, every process it
    # started is stopped too (the `finally` below).
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("hard time limit reached"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    signal.alarm(HARD_LIMIT_SECONDS)

    tmp = Path(tempfile.mkdtemp(prefix="load-test-"))
    (tmp / "logs").mkdir()
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    cache = redis.Redis.from_url(REDIS_URL)
    cache.flushdb()  # db 5 is this test's own (never FLUSHALL)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake Notify's request log
    notify = FakeNotify().start()
    webhooks = Webhooks()
    threading.Thread(target=webhooks.serve_forever, daemon=True).start()
    store = Store(args.storage, tmp)
    atexit.register(store.stop)  # however the run ends
    settings = {
        **notify.settings(),
        "WEBHOOK_URL": f"http://{HOST}:{webhooks.server_address[1]}/hook",
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "OUT_OF_HOURS_CONTACT": {"name": "Emergency duty team", "email": "edt@example.org"},
        "RATELIMIT_KEY_PREFIX": "load-test",
    }
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")},
        "SECRET_KEY": "load-test-secret-key-0123456789abcdef",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "PARTICIPATION_ENVIRONMENT": "development",
        "PARTICIPATION_JOBS_RUN": "worker",
        "PARTICIPATION_SESSION_DIR": str(tmp / "no-sessions-here"),  # Redis holds them
        **store.env,
        **{
            f"PARTICIPATION_{k}": v if isinstance(v, str) else json.dumps(v)
            for k, v in settings.items()
        },
    }
    processes = Processes(env, tmp / "logs")
    try:
        flask = [VENV / "flask", "--app", "wsgi"]
        # `heads`: the same as `head` once migrations are chained, and works while they aren't.
        run([*flask, "db", "upgrade", "heads"], env)
        seeder = [VENV / "python", ROOT / "benchmarks" / "load_seed.py"]
        seeded = run([*seeder, str(args.members), str(args.children)],
                     {**env, "PYTHONPATH": str(ROOT)})  # fmt: skip
        seed = json.loads(seeded.strip().splitlines()[-1])

        # As the Procfile: the alerts and outward queues on one worker, PDFs on another.
        worker = [*flask, "jobs", "worker"]
        processes.start("worker", [*worker, "--queue", "alerts", "--queue", "outward"])
        processes.start("pdf-worker", [*worker, "--queue", "pdf"])
        ports = [free_port(), free_port()]
        bases = [f"http://{HOST}:{port}" for port in ports]

        def gunicorn(n: int) -> subprocess.Popen:
            command = [VENV / "gunicorn", "-w", "2", "--threads", "4", "-b", f"{HOST}:{ports[n]}",
                       "wsgi:app"]  # fmt: skip
            return processes.start(f"app-{n}", command)

        servers = [gunicorn(0), gunicorn(1)]
        for base in bases:
            wait_until_up(base)

        balancer = Balancer(bases)
        until = time.time() + DEADLINE_SECONDS
        stats = {"retries": 0, "entries_acked": 0, "drawings_acked": 0}
        latencies: list[float] = []  # every answered request
        operations: list[tuple[float, float]] = []  # (started, took) per acknowledged post
        acked_keys: list[str] = []
        last_drawing: dict[tuple[str, str], str] = {}
        pdfs: dict[str, str] = {}  # entry public id: what the worker got in the end
        lock = threading.Lock()
        total = args.members * args.entries + args.children * args.drawings
        progress = threading.Semaphore(0)

        def acknowledged(began: float) -> None:
            with lock:
                operations.append((began, time.time() - began))

        def member(link: str) -> None:
            client = Client(balancer, latencies)
            retry(lambda: client.get(f"/join/{link}") and client.post(f"/join/{link}", {}),
                  stats, until)  # fmt: skip
            for n in range(args.entries):
                key = str(uuid.uuid4())
                # Every tenth: the plan did not work, an urgent alert (texts and emails).
                worked = "no" if n % 10 == 9 else "yes"
                fields = {"plan_worked": worked, "what_happened": f"Entry {n} {key}",
                          "client_key": key}  # fmt: skip

                def send(fields=fields):
                    client.get("/network/journal/new")
                    return client.post("/network/journal/new", fields)

                began = time.time()
                if retry(send, stats, until) == 302:
                    acknowledged(began)
                    with lock:
                        acked_keys.append(key)
                        stats["entries_acked"] += 1
                progress.release()

        def child(code: str, activity: str) -> None:
            client = Client(balancer, latencies)
            retry(lambda: client.get("/start") and client.post("/start", {"code": code}),
                  stats, until)  # fmt: skip
            retry(lambda: client.get(f"/activities/{activity}/areas/worries"), stats, until)
            for n in range(args.drawings):
                area = ("worries", "good_things", "dreams")[n % 3]
                data = drawing(n)

                def upload(area=area, data=data):
                    path = f"/activities/{activity}/areas/{area}/drawing"
                    return client.post(path, {}, {"drawing": ("d.png", data, "image/png")})

                began = time.time()
                if retry(upload, stats, until) == 200:
                    acknowledged(began)
                    with lock:
                        last_drawing[(activity, area)] = stored_sha(data)
                        stats["drawings_acked"] += 1
                progress.release()

        def worker_asks_for_pdfs() -> None:
            """The social worker downloads record PDFs, made by the pdf worker, through the
            kill: the file comes back from the store through either server."""
            client = Client(balancer, latencies)
            email, password = seed["worker"]["email"], seed["worker"]["password"]
            fields = {"email": email, "password": password}
            signed_in = retry(lambda: client.get("/staff/sign-in")
                              and client.post("/staff/sign-in", fields), stats, until)  # fmt: skip
            if signed_in != 302:
                raise RuntimeError(f"the worker could not sign in ({signed_in})")
            while len(acked_keys) < args.pdfs and time.time() < until:
                time.sleep(0.2)
            with psycopg.connect(env["DATABASE_URL"]) as db:
                wanted = [row[0] for row in db.execute(
                    "SELECT public_id FROM journal_entry WHERE client_key = ANY(%s)",
                    (acked_keys[: args.pdfs],),
                )]  # fmt: skip
            for public_id in wanted:
                while time.time() < until:
                    status, body = retry_bytes(client, f"/record/journal/{public_id}.pdf")
                    if status == 200 and body.startswith(b"%PDF"):
                        pdfs[public_id] = "pdf"
                        break
                    pdfs[public_id] = f"status {status}"
                    time.sleep(0.5)

        def retry_bytes(client: Client, path: str) -> tuple[int, bytes]:
            answer: list[tuple[int, bytes]] = []

            def fetch():
                answer[:] = [client.get_bytes(path)]
                return answer[0][0]

            retry(fetch, stats, until)
            return answer[0]

        started = time.time()
        threads = [threading.Thread(target=member, args=(link,), daemon=True)
                   for link in seed["invites"]]  # fmt: skip
        threads += [threading.Thread(target=child, args=tuple(c), daemon=True)
                    for c in seed["codes"]]  # fmt: skip
        threads.append(threading.Thread(target=worker_asks_for_pdfs, daemon=True))
        for thread in threads:
            thread.start()
        halfway = 0
        while halfway < total // 2 and any(t.is_alive() for t in threads):
            halfway += progress.acquire(timeout=1)
        killed = time.time()
        processes.kill(servers[0])  # SIGKILL, mid-flight, master and workers
        time.sleep(args.down)  # the other server carries everyone meanwhile
        servers[0] = gunicorn(0)
        wait_until_up(bases[0])
        back = time.time()
        for thread in threads:
            thread.join()
        elapsed = time.time() - started

        # The queue drains: every job that is due is done (an escalation 15 minutes on, or a
        # delivery check in a minute, is waiting as it should).
        drained_after = None
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            drain_until = time.time() + DRAIN_SECONDS
            while time.time() < drain_until:
                at_drain = queue_state(db)
                if not at_drain["due"] and not at_drain.get("doing"):
                    drained_after = round(time.time() - started - elapsed, 1)
                    break
                time.sleep(0.5)
        rate_limit = check_rate_limit_shared(bases)
    finally:
        processes.stop_all()
        notify.stop()
        webhooks.shutdown()

    with psycopg.connect(env["DATABASE_URL"]) as db:
        stored = [row[0] for row in db.execute("SELECT client_key FROM journal_entry")]
        drawings = db.execute(
            "SELECT a.public_id, d.area, d.sha256 FROM drawing d "
            "JOIN activity a ON a.id = d.activity_id"
        ).fetchall()
        state = queue_state(db)
        key_columns = db.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE column_name = 'storage_key' AND table_schema = 'public'"
        ).fetchall()
        referenced = set()
        for (table,) in key_columns:
            rows = db.execute(f"SELECT storage_key FROM {table} WHERE storage_key IS NOT NULL")  # noqa: S608
            referenced |= {row[0] for row in rows}
        notices = db.execute("SELECT reference, status::text FROM alert_notice").fetchall()
        entries = {row[0] for row in db.execute("SELECT id FROM record_entry")}
        unsent_webhooks = len(
            db.execute("SELECT id FROM record_entry WHERE notified_at IS NULL").fetchall()
        )
        by_status = "SELECT status::text, count(*) FROM record_pdf GROUP BY 1"
        pdf_rows: dict[str, int] = dict(db.execute(by_status).fetchall())
        done_by_task: dict[str, int] = dict(db.execute(
            "SELECT task_name, count(*) FROM procrastinate_jobs WHERE status = 'succeeded' "
            "GROUP BY 1 ORDER BY 1"
        ))  # fmt: skip
    stored_names = store.names()
    # On S3 nothing may be kept on the app servers' own disks (it would be on one machine only).
    on_local_disk = None
    if store.kind == "s3":
        on_local_disk = sum(1 for p in store.folder.rglob("*") if p.is_file())
    store.stop()
    cache.flushdb()
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")

    sends: dict[str, int] = {}
    for message in notify.sends():
        sends[message["reference"]] = sends.get(message["reference"], 0) + 1
    references = {ref for ref, _status in notices}
    took = [t for _b, t in operations]
    through_kill = [t for b, t in operations if b <= back and b + t >= killed]
    lost = len(set(acked_keys) - set(stored))
    duplicated = len(stored) - len(set(stored))
    stale = sum(1 for a, area, sha in drawings if last_drawing.get((a, area)) not in (None, sha))
    missing_files = len(referenced - stored_names)
    ms = 1000
    report = {
        "storage": args.storage,
        "journal_entries_acknowledged": stats["entries_acked"],
        "journal_entries_stored": len(stored),
        "drawings_acknowledged": stats["drawings_acked"],
        "lost": lost,
        "duplicated": duplicated,
        "drawings_not_the_last_acknowledged": stale,
        "files_named_by_rows": len(referenced),
        "files_named_but_missing_from_store": missing_files,
        "files_in_store_named_by_no_row": len(stored_names - referenced),
        "files_on_the_servers_own_disk": on_local_disk,
        "requests_answered": len(latencies),
        "requests_per_server": list(balancer.served.values()),
        "request_p50_ms": round(percentile(latencies, 0.5) * ms, 1),
        "request_p95_ms": round(percentile(latencies, 0.95) * ms, 1),
        "post_acknowledged_p50_ms": round(percentile(took, 0.5) * ms, 1),
        "post_acknowledged_p95_ms": round(percentile(took, 0.95) * ms, 1),
        "posts_spanning_the_kill": len(through_kill),
        "slowest_post_through_the_kill_s": round(max(through_kill, default=0), 2),
        "killed_server_back_after_s": round(back - killed, 1),
        "posts_acknowledged_while_one_server_was_down": sum(
            1 for b, t in operations if killed <= b + t <= back
        ),
        "failed_over_requests": balancer.failovers,
        "retries": stats["retries"],
        "server_killed_after_s": round(killed - started, 1),
        "elapsed_s": round(elapsed, 1),
        "posts_per_second": round(total / elapsed, 1),
        "jobs": {k: v for k, v in state.items() if k != "due"},
        "jobs_done_by_task": done_by_task,
        "jobs_due_not_done": at_drain["due"] + at_drain.get("doing", 0),
        "jobs_waiting_for_later": state.get("todo", 0) - state["due"],
        "queue_drained_after_last_request_s": drained_after,
        "alert_messages": len(notices),
        "alert_messages_not_sent": sum(1 for _r, s in notices if s not in ("sent", "delivered")),
        "alert_messages_sent_twice": sum(1 for n in sends.values() if n > 1),
        "alert_messages_sent_without_a_row": len(set(sends) - references),
        "webhooks_expected": len(entries),
        "webhooks_not_delivered": unsent_webhooks + len(entries - set(webhooks.received)),
        "webhooks_delivered_twice": sum(1 for n in webhooks.received.values() if n > 1),
        "webhook_bad_signatures": webhooks.bad_signatures,
        "pdfs_asked_for": len(pdfs),
        "pdfs_downloaded": sum(1 for v in pdfs.values() if v == "pdf"),
        "pdf_rows": pdf_rows,
        "rate_limit": rate_limit,
        "whole_run_s": round(time.time() - started_run, 1),
        # Other work on the machine slows every figure above; the counts are unaffected.
        "load_average_at_start_and_end": [load_at_start, round(os.getloadavg()[0], 1)],
    }
    print(json.dumps(report, indent=2))
    failures = [
        lost, duplicated, stale, missing_files, on_local_disk, drained_after is None,
        state.get("failed", 0), report["alert_messages_not_sent"],
        report["alert_messages_sent_twice"], report["alert_messages_sent_without_a_row"],
        report["webhooks_not_delivered"], report["webhooks_delivered_twice"],
        webhooks.bad_signatures, stats["entries_acked"] != args.members * args.entries,
        stats["drawings_acked"] != args.children * args.drawings,
        report["pdfs_downloaded"] != args.pdfs, not rate_limit["shared"], not notices,
    ]  # fmt: skip
    if any(failures):
        print(f"FAILED (server and worker logs in {tmp / 'logs'})", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
