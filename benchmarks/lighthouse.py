"""Benchmark: Lighthouse mobile performance on the child's, member's and young person's pages.

Run with: .venv/bin/python benchmarks/lighthouse.py [--runs 3]
Starts the app under gunicorn on loopback with a fresh SQLite database, signs in a child's
tablet, a network member's phone and a young person's phone, and runs Lighthouse (mobile,
simulated slow 4G and a 4x slower CPU, every run a first visit) with Debian's Chromium
(CHROME_PATH=/usr/bin/chromium). Lighthouse comes from npm, pinned in benchmarks/package.json
and package-lock.json, and is installed here into benchmarks/node_modules on first use, so
neither scripts/setup nor CI pays for it. Scores fall when the machine is busy: the load
average is printed with the results.
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
BUDGET = 95
sys.path.insert(0, str(ROOT))

SECRET = "benchmark-secret-key-0123456789abcdef"  # noqa: S105  (a throwaway database)
PASSWORD = "benchmark password 1234"  # noqa: S105


def install_lighthouse() -> None:
    """From the lock file, into benchmarks/node_modules, once."""
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)  # noqa: S607


def environment(tmp: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "SECRET_KEY": SECRET,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "PARTICIPATION_ENVIRONMENT": "benchmark",
        "PARTICIPATION_UPLOAD_FOLDER": str(tmp / "uploads"),
        "PARTICIPATION_SESSION_DIR": str(tmp / "sessions"),
        "PARTICIPATION_BASE_URL": f"http://127.0.0.1:{port}",
        "PARTICIPATION_RATELIMIT_ENABLED": "false",
    }


def seed(env: dict[str, str]) -> dict[str, str]:
    """A worker, a child with a Three Houses code, a network member and a young person, each
    with what they need to sign in."""
    os.environ.update(env)
    from participation import create_app
    from participation.activities.models import Mode
    from participation.activities.services import start_activity
    from participation.auth.models import Role
    from participation.auth.services import create_worker, get_or_create_team
    from participation.children.services import create_child
    from participation.codes.services import issue_code
    from participation.extensions import db
    from participation.network.models import NetworkMember
    from participation.network.services import add_pair, add_rule, create_family_for, plan_for
    from participation.network.services import issue_invite as member_invite
    from participation.pathway.invites import issue_invite as young_person_invite
    from participation.pathway.models import YoungPerson

    app = create_app()
    with app.app_context():
        db.create_all()
        team = get_or_create_team("Northside")
        worker = create_worker(
            "bench@example.org", "Sam Okafor", Role.SOCIAL_WORKER, PASSWORD, team
        )
        adviser = create_worker(
            "adviser@example.org", "Pat Lee", Role.PERSONAL_ADVISER, PASSWORD, team
        )
        child = create_child(
            name="Amy Clarke", date_of_birth=date(2018, 6, 14), case_reference="B-1",
            preferred_language="en", communication_needs="", allocated_worker=worker,
        )  # fmt: skip
        activity = start_activity(
            child, worker, tool="three_houses", mode=Mode.CODE, seen_alone=True,
            present="", interpreter="", language="en",
        )  # fmt: skip
        _code, code = issue_code(activity, worker)
        family = create_family_for(child, worker)
        plan = plan_for(family)
        add_pair(plan, "Dad shouts when he drinks", "Amy is calm and safe at home")
        add_rule(plan, "If Mum is drinking, Nan collects Amy from school", "Nan")
        member = NetworkMember(
            family_id=family.id, name="Nan Clarke", relationship_to_child="Grandmother",
            contact="", contact_shared=False, language="en", invited_by_id=worker.id,
        )  # fmt: skip
        db.session.add(member)
        db.session.flush()
        _invite, member_link, _member_code = member_invite(member)
        person = YoungPerson(
            name="Jordan Reid", date_of_birth=date(2008, 4, 2), personal_adviser_id=adviser.id
        )
        db.session.add(person)
        db.session.flush()
        yp_link, _yp_code = young_person_invite(person)
        db.session.commit()
        return {
            "activity": activity.public_id,
            "code": code,
            "member_link": member_link,
            "yp_link": yp_link,
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(env: dict[str, str], port: int):
    """gunicorn as in production (Procfile), on loopback only."""
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
               "2", "--threads", "4", "--log-level", "warning", "wsgi:app"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/start", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the app did not start") from None
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


class Phone:
    """A browser's cookies and the CSRF token of the last page, for signing in."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def lands_on(self, path: str) -> bool:
        """Not sent to a sign-in page instead."""
        with self.opener.open(self.base + path, timeout=30) as response:
            return urllib.parse.urlsplit(response.geturl()).path == path

    def post_form(self, path: str, data: dict[str, str]) -> str:
        token = re.search(r'name="csrf-token" content="([^"]+)"', self.get(path))
        body = urllib.parse.urlencode({**data, "csrf_token": token.group(1) if token else ""})
        with self.opener.open(self.base + path, body.encode(), timeout=30) as response:
            return response.geturl()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def sign_in_everyone(base: str, seeded: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each page to measure, with the cookie of the person it belongs to."""
    tablet = Phone(base)
    tablet.post_form("/start", {"code": seeded["code"]})
    nan = Phone(base)
    nan.post_form(f"/join/{seeded['member_link']}", {})
    jordan = Phone(base)
    jordan.post_form(
        f"/yp/join/{seeded['yp_link']}",
        {"username": "jordan.r", "password": "my long password",
         "confirm": "my long password", "contact": ""},
    )  # fmt: skip
    pages = {
        "Child's Three Houses page": (tablet, f"/activities/{seeded['activity']}/areas/worries"),
        "Network member's home": (nan, "/network"),
        "Young person's plan": (jordan, "/my-plan"),
    }
    for name, (phone, path) in pages.items():
        if not phone.lands_on(path):
            raise RuntimeError(f"{name}: {path} is not the signed-in page")
    return {name: (base + path, phone.cookie_header()) for name, (phone, path) in pages.items()}


def lighthouse(url: str, cookie: str, tmp: Path) -> dict[str, float]:
    headers = tmp / "headers.json"
    headers.write_text(json.dumps({"Cookie": cookie}))
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--only-categories=performance", "--form-factor=mobile",
         "--output=json", "--output-path=stdout", "--quiet", f"--chrome-flags={flags}",
         f"--extra-headers={headers}"],
        env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(result.stdout)
    audits = report["audits"]
    if report.get("runtimeError"):
        raise RuntimeError(report["runtimeError"])
    return {
        "score": report["categories"]["performance"]["score"] * 100,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    install_lighthouse()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        port = free_port()
        env = environment(tmp, port)
        seeded = seed(env)
        load_before = os.getloadavg()[0]
        results: dict[str, list[dict[str, float]]] = {}
        with server(env, port) as base:
            for name, (url, cookie) in sign_in_everyone(base, seeded).items():
                results[name] = [lighthouse(url, cookie, tmp) for _ in range(args.runs)]
        load_after = os.getloadavg()[0]

    print(f"| Lighthouse mobile performance (median of {args.runs}) | score | CLS | LCP | TBT "
          "| bytes | budget |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        m = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        ok = "within" if m["score"] >= BUDGET else "UNDER"
        scores = ", ".join(f"{r['score']:.0f}" for r in runs)
        print(f"| {name} | **{m['score']:.0f}** ({scores}) | {m['cls']:.3f} | "
              f"{m['lcp'] / 1000:.1f} s | {m['tbt']:.0f} ms | {m['bytes'] / 1024:.1f} KB | "
              f"≥ {BUDGET} ({ok}) |")  # fmt: skip
    print()
    print(
        f"Load average while measuring: {load_before:.1f} before, {load_after:.1f} after, "
        f"on {os.cpu_count()} CPUs (a busy machine lowers scores)."
    )


if __name__ == "__main__":
    main()
