"""Load test: concurrent network members post journal entries and children post drawings to
gunicorn + PostgreSQL on loopback; the server is killed (SIGKILL) and restarted midway.
Clients retry with the same idempotency key, as the outbox does. Checks 0 lost, 0 duplicated.

Run with: .venv/bin/python benchmarks/load_test.py  (needs PostgreSQL on 127.0.0.1:5432)
Bounded: a fixed number of requests and a hard time limit; only 127.0.0.1 is contacted.
"""

import argparse
import http.cookiejar
import io
import json
import os
import re
import signal
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
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from participation.images import normalise_image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "participation_load"
DEADLINE_SECONDS = 300


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 302 is the answer we check for; following it would only add another request."""

    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A browser-like client: its own cookies and CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.csrf = ""

    def get(self, path: str) -> int:
        with self.opener.open(self.base + path, timeout=10) as response:
            html = response.read().decode()
        match = re.search(r'name="csrf-token" content="([^"]+)"', html)
        if match:
            self.csrf = match.group(1)
        return response.status

    def post(self, path: str, fields: dict, files: dict | None = None) -> int:
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
        request = urllib.request.Request(
            self.base + path,
            data=body.getvalue(),
            method="POST",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Accept": "application/json",
                "X-CSRFToken": self.csrf,
            },
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def retry(action, stats: dict, until: float) -> int:
    """Keep trying through the restart: the same request, so the same idempotency key."""
    while time.time() < until:
        try:
            status = action()
            if status < 500:
                return status
        except OSError:
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


def wait_until_up(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/start", timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=16)
    parser.add_argument("--entries", type=int, default=150, help="per member")
    parser.add_argument("--children", type=int, default=8)
    parser.add_argument("--drawings", type=int, default=120, help="per child")
    args = parser.parse_args()

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    env = {
        **os.environ,
        "SECRET_KEY": "load-test-secret-key-0123456789abcdef",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}",
        "PARTICIPATION_ENVIRONMENT": "development",
        "PARTICIPATION_UPLOAD_FOLDER": tempfile.mkdtemp(),
        "PARTICIPATION_RATELIMIT_ENABLED": "false",
    }
    flask = [VENV / "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    seed = ROOT / "benchmarks" / "load_seed.py"
    seeded = subprocess.run(
        [VENV / "python", seed, str(args.members), str(args.children)],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, check=True, capture_output=True, text=True,
    )  # fmt: skip
    invites, codes = json.loads(seeded.stdout.strip().splitlines()[-1])

    port = 5600 + os.getpid() % 300
    base = f"http://{HOST}:{port}"
    gunicorn = [VENV / "gunicorn", "-w", "2", "--threads", "4", "-b", f"{HOST}:{port}", "wsgi:app"]

    def start():
        return subprocess.Popen(
            gunicorn, cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    server = start()
    until = time.time() + DEADLINE_SECONDS
    stats = {"retries": 0, "entries_acked": 0, "drawings_acked": 0}
    acked_keys: list[str] = []
    last_drawing: dict[tuple[str, str], str] = {}
    lock = threading.Lock()
    total = args.members * args.entries + args.children * args.drawings
    progress = threading.Semaphore(0)

    def member(link: str) -> None:
        client = Client(base)
        retry(
            lambda: client.get(f"/join/{link}") and client.post(f"/join/{link}", {}), stats, until
        )
        for n in range(args.entries):
            key = str(uuid.uuid4())
            fields = {"plan_worked": "yes", "what_happened": f"Entry {n} {key}", "client_key": key}

            def send(fields=fields):
                client.get("/network/journal/new")
                return client.post("/network/journal/new", fields)

            if retry(send, stats, until) == 302:
                with lock:
                    acked_keys.append(key)
                    stats["entries_acked"] += 1
            progress.release()

    def child(code: str, activity: str) -> None:
        client = Client(base)
        retry(lambda: client.get("/start") and client.post("/start", {"code": code}), stats, until)
        retry(lambda: client.get(f"/activities/{activity}/areas/worries"), stats, until)
        for n in range(args.drawings):
            area = ("worries", "good_things", "dreams")[n % 3]
            data = drawing(n)

            def upload(area=area, data=data):
                path = f"/activities/{activity}/areas/{area}/drawing"
                return client.post(path, {}, {"drawing": ("d.png", data, "image/png")})

            if retry(upload, stats, until) == 200:
                with lock:
                    last_drawing[(activity, area)] = stored_sha(data)
                    stats["drawings_acked"] += 1
            progress.release()

    wait_until_up(base)
    started = time.time()
    threads = [threading.Thread(target=member, args=(link,)) for link in invites]
    threads += [threading.Thread(target=child, args=(code, act)) for code, act in codes]
    for thread in threads:
        thread.start()
    for _ in range(total // 2):
        progress.acquire()
    os.killpg(server.pid, signal.SIGKILL)  # the whole server, mid-flight
    server.wait()
    killed_at = time.time() - started
    time.sleep(1)
    server = start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()

    with psycopg.connect(env["DATABASE_URL"]) as db:
        stored = [row[0] for row in db.execute("SELECT client_key FROM journal_entry")]
        drawings = db.execute(
            "SELECT a.public_id, d.area, d.sha256 FROM drawing d "
            "JOIN activity a ON a.id = d.activity_id"
        ).fetchall()
    lost = len(set(acked_keys) - set(stored))
    duplicated = len(stored) - len(set(stored))
    stale = sum(1 for a, area, sha in drawings if last_drawing.get((a, area)) not in (None, sha))
    report = {
        "journal_entries_acknowledged": stats["entries_acked"],
        "journal_entries_stored": len(stored),
        "drawings_acknowledged": stats["drawings_acked"],
        "lost": lost,
        "duplicated": duplicated,
        "drawings_not_the_last_acknowledged": stale,
        "retries_during_restart": stats["retries"],
        "server_killed_after_seconds": round(killed_at, 1),
        "elapsed_seconds": round(elapsed, 1),
        "requests_per_second": round(total / elapsed, 1),
    }
    print(json.dumps(report, indent=2))
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
    if lost or duplicated or stale or stats["entries_acked"] != args.members * args.entries:
        sys.exit(1)


if __name__ == "__main__":
    main()
