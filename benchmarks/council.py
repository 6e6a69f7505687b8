"""Council-scale benchmark (issue #14): every staff page, the child's, the member's, the young
person's and the API list, at a tenth of a large council and at full size, each as a ratio to
a bare Flask "hello world" under the same gunicorn in the same run.

Run with: .venv/bin/python benchmarks/council.py  (PostgreSQL on 127.0.0.1:5432, trust auth).
Full size is a large council: 104 staff in 10 teams, 5,000 children, 100,000 submissions,
50,000 journal entries, 500 young people with plans. Each scale has its own database
(bench_council_010, bench_council_100), seeded by bulk COPY the first time and reused after
(--reseed to start again). The signed-in social worker has the same 30 children at both
sizes, so a page that costs more at full size grows with the council, not the caseload.
Budgets: p95 within 25x hello world's at full size; no page more than 1.3x slower at full
size than at a tenth. --pg-settings also measures random_page_cost 4 (the default) against
1.1 on the full data.
"""

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV = ROOT / ".venv" / "bin"
PG = "postgresql://postgres@127.0.0.1:5432"
PASSWORD = "council benchmark password"  # noqa: S105  (a throwaway database)
SECRET = "council-benchmark-secret-key-0123456789abcdef"  # noqa: S105
FULL = {"children": 5000, "submissions": 100_000, "entries": 50_000, "young_people": 500}
CASELOAD = 30  # the signed-in social worker's children, the same at every scale
# What Chromium sends: the app compresses as it would for a browser (br where offered), and
# the sizes reported are the bytes on the wire.
BROWSER_ENCODING = {"Accept-Encoding": "gzip, deflate, br, zstd"}
P95_BUDGET = 25.0
GROWTH_BUDGET = 1.3


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


PREFIX = os.environ.get("COUNCIL_DB_PREFIX", "bench_council")  # own copies, for a second run


def database(scale: float) -> str:
    return f"{PREFIX}_{round(scale * 100):03d}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Seeding ------------------------------------------------------------------------------------


def _value(value):
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value.value if hasattr(value, "value") and not isinstance(value, int) else value


def copy_rows(conn: psycopg.Connection, table, rows: list[dict]) -> None:
    """COPY rows into a table, filling what a row leaves out as the model would (its Python
    default, else NULL; a column with only a server default is left to the server)."""
    if not rows:
        return
    given = set().union(*(r.keys() for r in rows))
    # Only the columns the database has: a model may be ahead of its migration mid-change.
    existing = {
        name
        for (name,) in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            (table.name,),
        )
    }
    columns = [c for c in table.columns if c.name in existing]
    columns = [c for c in columns if c.name in given or c.default is not None or c.nullable]
    columns = [c for c in columns if c.name in given or c.server_default is None]
    names = ", ".join(f'"{c.name}"' for c in columns)
    with conn.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            out = []
            for c in columns:
                if c.name in row:
                    out.append(_value(row[c.name]))
                elif c.default is not None:
                    d = c.default
                    out.append(_value(d.arg(None) if d.is_callable else d.arg))  # type: ignore[attr-defined]
                else:
                    out.append(None)
            copy.write_row(out)


def seed(url: str, scale: float) -> None:
    """A council at this scale, by bulk COPY: staff in teams of ten, children with their
    submissions (words in three areas, reviews, read receipts, audit trail, record entries),
    families with networks and journals, alerts, translations, young people with plans."""
    from participation.activities.models import Activity, ActivityArea
    from participation.alerts.models import WorryAlert
    from participation.audit.models import AuditEvent
    from participation.auth.models import Team, Worker, interpreter_team
    from participation.caserecord.models import RecordEntry
    from participation.children.models import Child
    from participation.journal.models import JournalEntry, JournalRead
    from participation.network.models import Family, NetworkMember, PlanPair, PlanRule, SafetyPlan
    from participation.pathway.models import PathwayPlan, PlanSection, YoungPerson
    from participation.pathway.sections import SECTIONS
    from participation.review.models import ReadReceipt, Review
    from participation.translation.models import Translation

    rng = random.Random(14)
    now = datetime.now(UTC)
    password_hash = generate_password_hash(PASSWORD)  # one scrypt hash for every account
    teams = max(1, round(10 * scale))
    t: dict[str, list[dict]] = {}

    t["team"] = [{"id": n + 1, "name": f"Team {n + 1}"} for n in range(teams)]
    workers, social_workers, advisers = [], [], []

    def worker(role: str, team: int | None, **extra) -> int:
        wid = len(workers) + 1
        workers.append({
            "id": wid, "email": f"staff{wid}@council.example", "name": f"Staff Member {wid}",
            "role": role.upper(), "team_id": team, "password_hash": password_hash, "active": True,
            "created_at": now - timedelta(days=900), "languages": "", **extra,
        })  # fmt: skip
        return wid

    for team in range(1, teams + 1):
        social_workers += [worker("social_worker", team) for _ in range(8)]
        worker("team_manager", team)
        advisers.append(worker("personal_adviser", team))
    interpreters = [
        worker("interpreter", 1, languages="so,ar", gender="woman"),
        worker("interpreter", 1, languages="so,ar,fa", gender="man"),
    ]
    worker("admin", None)
    while len(workers) < round(104 * scale) or len(workers) < 14:
        worker("admin", None)
    t["worker"] = workers
    t["interpreter_team"] = [
        {"worker_id": i, "team_id": team} for i in interpreters for team in range(1, teams + 1)
    ]
    team_of = {w["id"]: w["team_id"] for w in workers}

    children = round(FULL["children"] * scale)
    # The benchmark's worker (the first social worker) has exactly CASELOAD children; the
    # others share the rest.
    others = social_workers[1:]
    allocated = [social_workers[0]] * CASELOAD + [
        others[n % len(others)] for n in range(children - CASELOAD)
    ]
    t["child"], t["family"], t["safety_plan"], t["plan_rule"], t["plan_pair"] = [], [], [], [], []
    t["network_member"] = []
    family_of: dict[int, int] = {}
    members_of: dict[int, list[int]] = {}
    for i in range(children):
        cid = i + 1
        fid = None
        if i % 5 != 4:  # four children in five have a family and a safety network
            fid = len(t["family"]) + 1
            family_of[cid] = fid
            t["family"].append({
                "id": fid, "name": f"Family {cid}", "created_by_id": allocated[i],
                "created_at": now - timedelta(days=800),
            })  # fmt: skip
            t["safety_plan"].append({"id": fid, "family_id": fid, "safety_object": "A teddy"})
            t["plan_pair"].append({
                "id": fid, "plan_id": fid, "position": 0, "statement": "Dad shouts when he drinks",
                "goal": "Everyone is calm and safe at home",
            })  # fmt: skip
            for r in range(2):
                t["plan_rule"].append({
                    "id": 2 * fid - 1 + r, "plan_id": fid, "position": r,
                    "text": "If Mum is drinking, Nan collects the children", "who": "Nan",
                })  # fmt: skip
            members_of[fid] = []
            for m in range(3):
                mid = len(t["network_member"]) + 1
                members_of[fid].append(mid)
                t["network_member"].append({
                    "id": mid, "family_id": fid, "name": f"Member {mid}",
                    "relationship_to_child": "Nan", "language": "en", "is_boss": m == 0,
                    "invited_by_id": allocated[i], "created_at": now - timedelta(days=790),
                })  # fmt: skip
        t["child"].append({
            "id": cid, "name": f"Child {cid} Surname",
            "date_of_birth": date(2014 + i % 8, 1 + i % 12, 1),
            "case_reference": f"CR-{cid:06d}", "preferred_language": "so" if i % 20 == 7 else "en",
            "communication_needs": "", "allocated_worker_id": allocated[i], "family_id": fid,
            "created_at": now - timedelta(days=800),
        })  # fmt: skip
    child_public = {c["id"]: c["public_id"] for c in _with_public_ids(t["child"])}

    # Submissions: 20 a child on average over two years; each child's number is the same at
    # every scale, so the benchmark's caseload is too.
    per_child = [10 + (i * 7) % 21 for i in range(children)]
    wanted = round(FULL["submissions"] * scale)
    factor = wanted / sum(per_child)
    t["activity"], t["activity_area"], t["review"], t["read_receipt"] = [], [], [], []
    t["audit_event"], t["record_entry"], t["translation"] = [], [], []
    for i in range(children):
        cid = i + 1
        n = per_child[i] if i < CASELOAD else max(1, round(per_child[i] * factor))
        language = "so" if i % 20 == 7 else "en"
        for k in range(n):
            aid = len(t["activity"]) + 1
            draft = k == n - 1 and i % 4 == 0  # a quarter of children have one in progress
            at = now - timedelta(days=730 * (n - k) / n, minutes=rng.randrange(600))
            activity = {
                "id": aid, "child_id": cid, "tool": "three_houses", "mode": "CODE",
                "status": "DRAFT" if draft else "SUBMITTED", "started_by_id": allocated[i],
                "seen_alone": True, "present": "", "interpreter": "", "language": language,
                "created_at": at - timedelta(minutes=30), "updated_at": at,
                "submitted_at": None if draft else at,
            }  # fmt: skip
            t["activity"].append(activity)
            _with_public_ids([activity])
            for area in ("worries", "good_things", "dreams"):
                t["activity_area"].append({
                    "id": len(t["activity_area"]) + 1, "activity_id": aid, "area": area,
                    "child_words": f"Words for {area} number {k}, written by child {cid}. " * 3,
                    "scribed_words": "", "updated_at": at,
                })  # fmt: skip
            if draft:
                continue
            age = (now - at).days
            if age > 14:
                t["review"].append({
                    "id": len(t["review"]) + 1, "activity_id": aid, "analysis": "Seen; fine.",
                    "analysis_by_id": allocated[i], "reviewed_at": at + timedelta(days=2),
                    "reviewed_by_id": allocated[i], "reply": "Thank you for telling me.",
                    "replied_at": at + timedelta(days=2), "replied_by_id": allocated[i],
                    "reply_seen_at": at + timedelta(days=9),
                })  # fmt: skip
            if k < n - 3:  # the newest few are still unread
                t["read_receipt"].append(
                    {
                        "worker_id": allocated[i],
                        "activity_id": aid,
                        "read_at": at + timedelta(days=1),
                    }
                )
                seen = _audit(allocated[i], "view_submission", at, child_public[cid], "activity")
                t["audit_event"].append({**seen, "object_id": activity["public_id"]})
            filed = age > 10 or k % 3 == 0
            t["record_entry"].append({
                "id": 0, "kind": "activity", "object_id": activity["public_id"],
                "team_id": team_of[allocated[i]], "label": f"Three Houses, child {cid}",
                "urgent": False, "ready_at": at, "due_by": (at + timedelta(days=7)).date(),
                "filed_at": at + timedelta(days=2) if filed else None,
                "filed_by": "Case system" if filed else "",
            })  # fmt: skip
            if language != "en":
                for area in ("worries", "good_things", "dreams"):
                    done = age > 7
                    t["translation"].append({
                        "id": len(t["translation"]) + 1, "object_kind": "activity",
                        "object_id": activity["public_id"], "field": f"{area}.child_words",
                        "source_text": f"Words for {area} number {k}, written by child {cid}. " * 3,
                        "source_language": language, "target_language": "en",
                        "text": "Translated words" if done else "",
                        "status": "done" if done else "requested",
                        "requested_by_id": allocated[i], "requested_at": at,
                        "assigned_to_id": interpreters[k % 2] if done else None,
                        "translator_kind": "interpreter" if done else "",
                        "translator_name": "Staff Member" if done else "",
                        "translated_at": at + timedelta(days=1) if done else None,
                    })  # fmt: skip

    # Journal entries: 50,000 across the families, with the worker's reads.
    families = len(t["family"])
    per_family = [5 + (f * 3) % 16 for f in range(families)]
    factor = round(FULL["entries"] * scale) / sum(per_family)
    family_children = {fid: cid for cid, fid in family_of.items()}
    t["journal_entry"], t["journal_read"] = [], []
    for f in range(families):
        fid = f + 1
        cid = family_children[fid]
        mine = allocated[cid - 1] == social_workers[0]
        n = per_family[f] if mine else max(1, round(per_family[f] * factor))
        for k in range(n):
            eid = len(t["journal_entry"]) + 1
            at = now - timedelta(days=700 * (n - k) / n, minutes=rng.randrange(600))
            entry = {
                "id": eid, "family_id": fid, "member_id": members_of[fid][k % 3],
                "occurred_at": at - timedelta(hours=2),
                "what_happened": f"Entry {k}: Nan collected the children from school on time.",
                "plan_worked": "no" if k % 17 == 16 else "yes", "red_flags": "",
                "safety_object_checked": "yes", "language": "en", "shared_with_network": False,
                "created_at": at, "reviewed_at": at + timedelta(days=1) if k < n - 2 else None,
                "reviewed_by_id": allocated[cid - 1] if k < n - 2 else None, "reply": "",
            }  # fmt: skip
            t["journal_entry"].append(entry)
            _with_public_ids([entry])
            if k < n - 2:
                read = {
                    "worker_id": allocated[cid - 1],
                    "entry_id": eid,
                    "read_at": at + timedelta(days=1),
                }
                t["journal_read"].append(read)
                seen = _audit(allocated[cid - 1], "view_journal_entry", at, "", "journal_entry")
                t["audit_event"].append({**seen, "object_id": entry["public_id"]})
            t["record_entry"].append({
                "id": 0, "kind": "journal_entry", "object_id": entry["public_id"],
                "team_id": team_of[allocated[cid - 1]], "label": f"Journal entry, family {fid}",
                "urgent": False, "ready_at": at, "due_by": (at + timedelta(days=7)).date(),
                "filed_at": at + timedelta(days=2), "filed_by": "Case system",
            })  # fmt: skip

    # Urgent alerts: one child in 25 raised a worry, one in 50 still open; a member's worry
    # in one family in 40, a plan that did not work in one journal entry in 17 (acknowledged).
    t["worry_alert"] = []
    first_activity = {}
    for a in t["activity"]:
        first_activity.setdefault(a["child_id"], a["id"])
    for i in range(0, children, 25):
        cid = i + 1
        open_ = i % 50 == 0
        t["worry_alert"].append({
            "id": len(t["worry_alert"]) + 1, "child_id": cid, "activity_id": first_activity[cid],
            "family_id": None, "kind": "child_worry", "raised_at": now - timedelta(days=1 + i % 9),
            "acknowledged_at": None if open_ else now - timedelta(days=i % 9),
            "acknowledged_by_id": None if open_ else allocated[i],
            "acknowledged_action": "" if open_ else "Visited the same day",
        })  # fmt: skip
    for f in range(0, families, 40):
        t["worry_alert"].append({
            "id": len(t["worry_alert"]) + 1, "family_id": f + 1, "member_id": members_of[f + 1][0],
            "kind": "member_worry", "raised_at": now - timedelta(days=2),
            "acknowledged_at": None if f % 80 == 0 else now - timedelta(days=1),
            "acknowledged_by_id": None if f % 80 == 0 else allocated[family_children[f + 1] - 1],
            "acknowledged_action": "Rang the family",
        })  # fmt: skip
    for entry in t["journal_entry"]:
        if entry["plan_worked"] == "no":
            t["worry_alert"].append({
                "id": len(t["worry_alert"]) + 1, "family_id": entry["family_id"],
                "member_id": entry["member_id"], "journal_entry_id": entry["id"],
                "kind": "plan_did_not_work", "raised_at": entry["created_at"],
                "acknowledged_at": entry["created_at"] + timedelta(hours=3),
                "acknowledged_by_id": entry["reviewed_by_id"] or social_workers[0],
                "acknowledged_action": "Network meeting called",
            })  # fmt: skip

    # Young people, a tenth as many as children, with their advisers and pathway plans.
    t["young_person"], t["pathway_plan"], t["plan_section"] = [], [], []
    for j in range(round(FULL["young_people"] * scale)):
        pid = j + 1
        t["young_person"].append({
            "id": pid, "name": f"Young Person {pid}", "date_of_birth": date(2008, 1 + j % 12, 2),
            "personal_adviser_id": advisers[j % len(advisers)], "preferred_language": "en",
            "contact": "", "created_at": now - timedelta(days=400),
        })  # fmt: skip
        t["pathway_plan"].append({
            "id": pid, "young_person_id": pid, "created_at": now - timedelta(days=400),
            "review_due": (now + timedelta(days=(j * 11) % 200 - 20)).date(),
        })  # fmt: skip
        for s, section in enumerate(SECTIONS):
            t["plan_section"].append({
                "id": len(t["plan_section"]) + 1, "plan_id": pid, "section": section.slug,
                "in_my_words": "I want to live near my sister and go to college.",
                "want_to_achieve": "A place of my own", "attribution": {}, "scale": 6,
                "shared_with_network": s == 0, "version": 1, "updated_at": now - timedelta(days=30),
            })  # fmt: skip

    for n, row in enumerate(t["record_entry"], start=1):
        row["id"] = n
    for n, row in enumerate(t["audit_event"], start=1):
        row["id"] = n
    tables = {
        "team": Team, "worker": Worker, "interpreter_team": interpreter_team, "family": Family,
        "safety_plan": SafetyPlan, "plan_pair": PlanPair, "plan_rule": PlanRule,
        "network_member": NetworkMember, "child": Child, "activity": Activity,
        "activity_area": ActivityArea, "review": Review, "read_receipt": ReadReceipt,
        "journal_entry": JournalEntry, "journal_read": JournalRead, "worry_alert": WorryAlert,
        "young_person": YoungPerson, "pathway_plan": PathwayPlan, "plan_section": PlanSection,
        "record_entry": RecordEntry, "audit_event": AuditEvent, "translation": Translation,
    }  # fmt: skip
    with psycopg.connect(url) as conn:
        for name, model in tables.items():
            table = getattr(model, "__table__", model)
            copy_rows(conn, table, t[name])
            if "id" in table.columns and t[name]:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {len(t[name])})"
                )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(", ".join(f"{len(rows):,} {name}" for name, rows in t.items()), file=sys.stderr)


def _with_public_ids(rows: list[dict]) -> list[dict]:
    import uuid

    for row in rows:
        row.setdefault("public_id", str(uuid.uuid4()))
    return rows


def _audit(worker_id: int, action: str, at: datetime, child: str, kind: str) -> dict:
    """A read on the trail (the object's id is added by the caller)."""
    return {
        "id": 0, "at": at + timedelta(days=1), "actor_kind": "worker",
        "actor_id": f"worker:{worker_id}",
        "actor_name": f"Staff Member {worker_id}", "action": action, "child_public_id": child,
        "subject_kind": "child" if child else "", "subject_id": child, "object_kind": kind,
        "ip_address": "", "detail": "",
    }  # fmt: skip


def ensure_database(scale: float, reseed: bool) -> str:
    """The scale's own database, made and seeded once (flask db upgrade, then bulk COPY)."""
    name = database(scale)
    url = f"{PG}/{name}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and reseed:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
            exists = None
        if not exists:
            admin.execute(f"CREATE DATABASE {name}")
    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET,
           "PARTICIPATION_ENVIRONMENT": "development"}  # fmt: skip
    # Every run, so a reused database has any migration added since it was seeded.
    upgrade = [VENV / "flask", "--app", "wsgi", "db", "upgrade", "heads"]
    subprocess.run(upgrade, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    if not exists:
        seed(url, scale)
        print(f"seeded {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url


# Serving and measuring ------------------------------------------------------------------------


class Server:
    """gunicorn, 2 sync workers, as production runs it; the same for the app and hello."""

    def __init__(self, module: str, env: dict[str, str], log: Path):
        self.port = free_port()
        self.proc = subprocess.Popen(  # noqa: S603  (our own command line)
            # A long timeout: on a busy shared machine a slow request is measured, not killed.
            [str(VENV / "gunicorn"), "-w", "2", "-t", "300", "-b", f"127.0.0.1:{self.port}",
             module],
            cwd=ROOT, env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip
        until = time.time() + 60
        while time.time() < until:
            try:
                request(self.port, "GET", "/")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{module} did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def request(port: int, method: str, path: str, cookie: str = "", body: dict | None = None,
            headers: dict | None = None) -> tuple[int, bytes, float, dict]:  # fmt: skip
    """One request on a new connection (gunicorn's sync workers close each one)."""
    from urllib.parse import urlencode

    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    sent = {"Cookie": cookie, **(headers or {})}
    data = None
    if body is not None:
        data = urlencode(body)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    content = response.read()
    seconds = time.perf_counter() - started
    cookies = SimpleCookie()
    for value in response.headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    connection.close()
    return response.status, content, seconds, {k: v.value for k, v in cookies.items()}


def sign_in(port: int, method_path: str, body: dict) -> str:
    status, content, _, cookies = request(port, "POST", method_path, body=body)
    assert status in (302, 303), (method_path, status, content[:400])
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def warmups(runs: int) -> int:
    # Enough for a server in use: each of the two workers has run every statement the page
    # sends often enough for PostgreSQL to keep one plan for it (psycopg prepares at the
    # fifth use, the server settles on a generic plan after five more).
    return max(24, runs // 5)


def warm(port: int, path: str, cookie: str, runs: int, headers: dict) -> None:
    """Requests before measuring: both workers, their caches and the pool."""
    for _ in range(warmups(runs)):
        status, content, _, _ = request(port, "GET", path, cookie, headers=headers)
        assert status == 200, (path, status, content[:400])


def measure(
    port: int, path: str, cookie: str, runs: int, headers: dict | None = None
) -> tuple[list[float], int]:
    """The times of `runs` requests after a warm-up, and the bytes of the last body as sent
    (compressed, as a browser asks for it)."""
    headers = {**BROWSER_ENCODING, **(headers or {})}
    warm(port, path, cookie, runs, headers)
    times, size = [], 0
    for _ in range(runs):
        _, content, seconds, _ = request(port, "GET", path, cookie, headers=headers)
        times.append(seconds)
        size = len(content)
    return times, size


def identities(url: str, port: int) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Everyone who signs in, and every page measured: (label, who, path)."""
    from sqlalchemy import select, update

    from participation import create_app
    from participation.activities.models import Activity, Status
    from participation.alerts.models import WorryAlert
    from participation.auth.models import Role, Worker
    from participation.caserecord.models import RecordEntry
    from participation.caserecord.services import create_client
    from participation.children.models import Child
    from participation.codes.services import issue_code
    from participation.extensions import db
    from participation.journal.models import JournalEntry
    from participation.network.models import Family, NetworkMember
    from participation.network.services import issue_invite
    from participation.pathway.invites import issue_invite as issue_yp_invite
    from participation.pathway.models import YoungPerson
    from participation.pathway.sections import SECTIONS

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                      "ENVIRONMENT": "development"})  # fmt: skip
    with app.app_context():
        first = db.session.scalars(select(Worker).order_by(Worker.id))
        staff = {}
        for w in first:
            if w.team_id == 1 or w.role in (Role.ADMIN, Role.INTERPRETER):
                staff.setdefault(w.role, w)
        worker = staff[Role.SOCIAL_WORKER]
        child = db.session.scalars(
            select(Child).where(Child.allocated_worker_id == worker.id).order_by(Child.id)
        ).first()
        family = db.session.get_one(Family, child.family_id)
        submitted = db.session.scalars(
            select(Activity)
            .where(Activity.child_id == child.id, Activity.status == Status.SUBMITTED)
            .order_by(Activity.submitted_at.desc())
        ).first()
        draft = db.session.scalars(
            select(Activity).where(Activity.child_id == child.id, Activity.status == Status.DRAFT)
        ).first()
        entry = db.session.scalars(
            select(JournalEntry)
            .where(JournalEntry.family_id == family.id)
            .order_by(JournalEntry.created_at.desc())
        ).first()
        alert = db.session.scalars(
            select(WorryAlert).where(
                WorryAlert.child_id == child.id, WorryAlert.acknowledged_at.is_(None)
            )
        ).first()
        member = db.session.scalars(
            select(NetworkMember)
            .where(NetworkMember.family_id == family.id)
            .order_by(NetworkMember.id)
        ).first()
        adviser = staff[Role.PERSONAL_ADVISER]
        person = db.session.scalars(
            select(YoungPerson)
            .where(YoungPerson.personal_adviser_id == adviser.id)
            .order_by(YoungPerson.id)
        ).first()
        # The young person joins afresh each run (an invitation is used once).
        db.session.execute(update(YoungPerson).where(YoungPerson.id == person.id)
                           .values(username=None, password_hash=None))  # fmt: skip
        _, code = issue_code(draft, worker)
        _, member_link, _ = issue_invite(member)
        yp_link, _ = issue_yp_invite(person)
        _, token = create_client("Benchmark case system", 1)
        # The API reads from a cursor 200 entries behind the team's newest: a case system
        # that polls often, as they do.
        team_ids = db.session.scalars(
            select(RecordEntry.id)
            .where(RecordEntry.team_id == 1)
            .order_by(RecordEntry.id.desc())
            .limit(200)
        ).all()
        cursor = team_ids[-1]
        db.session.commit()
        ids = {
            "child": child.public_id, "family": family.public_id, "submitted": submitted.public_id,
            "draft": draft.public_id, "entry": entry.public_id, "alert": alert.public_id,
            "member": member.public_id, "person": person.public_id,
        }  # fmt: skip
        counter = person.id
        emails = {str(role): who.email for role, who in staff.items()}
    cookies = {}
    for role, email in emails.items():
        cookies[role] = sign_in(port, "/staff/sign-in", {"email": email, "password": PASSWORD})
    cookies["child"] = sign_in(port, "/start", {"code": code})
    cookies["member"] = sign_in(port, f"/join/{member_link}", {})
    username = f"bench{counter}.{int(time.time())}"
    cookies["young_person"] = sign_in(port, f"/yp/join/{yp_link}", {
        "username": username, "password": PASSWORD, "confirm": PASSWORD,
        "contact": ""})  # fmt: skip
    cookies["api"] = f"Bearer {token}"
    i = ids
    sw, tm, pa = "social_worker", "team_manager", "personal_adviser"
    pages = [
        ("Children list", sw, "/children"),
        ("Child page", sw, f"/children/{i['child']}"),
        ("Review queue", sw, "/review"),
        ("Submission", sw, f"/review/{i['submitted']}"),
        ("Journal entry (review)", sw, f"/review/journal/{i['entry']}"),
        ("Alert", sw, f"/alerts/{i['alert']}"),
        ("Access log, child", sw, f"/access-log/children/{i['child']}"),
        ("Access log, member", sw, f"/access-log/members/{i['member']}"),
        ("Family journal", sw, f"/journal/family/{i['family']}"),
        ("Family and network", sw, f"/families/{i['family']}"),
        ("Safety plan", sw, f"/families/{i['family']}/plan"),
        ("Record document", sw, f"/record/activity/{i['submitted']}"),
        ("Start an activity", sw, f"/activities/new/{i['child']}"),
        ("Scales", sw, f"/scales/new/{i['child']}"),
        ("New child form", sw, "/children/new"),
        ("Two-step settings", sw, "/staff/two-step"),
        ("Review queue (manager, team)", tm, "/review"),
        # The queue's filters and search (issue #18): a name search, and every filter at once.
        ("Review queue, search (manager)", tm, "/review?q=a"),
        ("Review queue, filtered (manager)", tm, "/review?unread=y&late=y&urgent=y&language=pl"),
        ("Review queue, not translated (worker)", sw, "/review?untranslated=y"),
        ("Child timeline", sw, f"/timeline/children/{i['child']}"),
        ("Family timeline", sw, f"/timeline/families/{i['family']}"),
        ("Children list (manager, team)", tm, "/children"),
        ("Overdue (manager)", tm, "/case-record/overdue"),
        ("Young people (adviser)", pa, "/young-people"),
        ("Young person's plan (adviser)", pa, f"/young-people/{i['person']}"),
        ("Access log, young person", pa, f"/access-log/young-people/{i['person']}"),
        ("Interpreter queue", "interpreter", "/translations"),
        ("Accounts (admin)", "admin", "/admin/accounts"),
        ("Failed jobs (admin)", "admin", "/admin/jobs"),
        ("Child: activity", "child", f"/activities/{i['draft']}"),
        ("Child: an area", "child", f"/activities/{i['draft']}/areas/worries"),
        ("Member: home", "member", "/network"),
        ("Member: journal form", "member", "/network/journal/new"),
        ("Young person: my plan", "young_person", "/my-plan"),
        ("Young person: a section", "young_person", f"/my-plan/{SECTIONS[0].slug}"),
        ("API list with a cursor", "api", f"/api/v1/entries?since={cursor}"),
    ]
    return cookies, pages


def app_env(url: str, tmp: Path, pgoptions: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")}
    env.update(
        DATABASE_URL=url, SECRET_KEY=SECRET, PARTICIPATION_ENVIRONMENT="development",
        PARTICIPATION_UPLOAD_FOLDER=str(tmp / "uploads"),
        PARTICIPATION_SESSION_DIR=str(tmp / "sessions"),
        PARTICIPATION_WTF_CSRF_ENABLED="false", PARTICIPATION_RATELIMIT_ENABLED="false",
    )  # fmt: skip
    if pgoptions:
        env["PGOPTIONS"] = pgoptions
    return env


def run_scale(url: str, runs: int, tmp: Path, pgoptions: str = "") -> dict[str, tuple]:
    """p50 and p95 (seconds) and bytes sent of every page, and of hello world before and
    after them. A page that does not answer 200 is reported and left out, not the run."""
    log = tmp / "gunicorn.log"
    hello = Server("benchmarks.hello:app", app_env(url, tmp), log)
    try:
        hello_times, hello_size = measure(hello.port, "/", "", runs * 2)
    finally:
        hello.stop()
    server = Server("wsgi:app", app_env(url, tmp, pgoptions), log)
    results: dict[str, tuple[float, float, int]] = {}
    try:
        cookies, pages = identities(url, server.port)
        for label, who, path in pages:
            headers = {"Authorization": cookies[who]} if who == "api" else None
            cookie = "" if who == "api" else cookies[who]
            try:
                times, size = measure(server.port, path, cookie, runs, headers)
            except AssertionError as error:
                print(f"  {label}: FAILED {str(error)[:300]}", file=sys.stderr)
                continue
            results[label] = (percentile(times, 0.5), percentile(times, 0.95), size)
            print(f"  {label}: p95 {results[label][1] * 1000:.1f} ms, {size} B", file=sys.stderr)
    finally:
        server.stop()
    hello = Server("benchmarks.hello:app", app_env(url, tmp), log)
    try:
        more, _ = measure(hello.port, "/", "", runs * 2)
        hello_times += more
    finally:
        hello.stop()
    results["hello world"] = (
        percentile(hello_times, 0.5),
        percentile(hello_times, 0.95),
        hello_size,
    )
    return results


def run_interleaved(urls: dict[float, str], runs: int, tmp: Path) -> dict[float, dict]:
    """Every page at every scale, and hello world, measured side by side: one request to
    each in turn (the order swapped each round), so a slow moment on a shared machine falls
    on both sizes and on hello world alike. Run one after the other, the second run of a pair
    was 10-30% faster whichever code or size it ran, which hid any change smaller than that."""
    log = tmp / "gunicorn.log"
    hello = Server("benchmarks.hello:app", app_env(next(iter(urls.values())), tmp), log)
    servers: dict[float, Server] = {}
    results: dict[float, dict[str, tuple[float, float, int]]] = {scale: {} for scale in urls}
    hello_times: list[float] = []
    try:
        for scale, url in urls.items():
            (own := tmp / f"scale-{scale}").mkdir(exist_ok=True)
            servers[scale] = Server("wsgi:app", app_env(url, own), log)
        setups = {scale: identities(url, servers[scale].port) for scale, url in urls.items()}
        for _ in range(warmups(runs)):
            request(hello.port, "GET", "/", headers=BROWSER_ENCODING)
        first = next(iter(urls))
        for index, (label, _, _) in enumerate(setups[first][1]):
            targets = []
            for scale in urls:
                cookies, pages = setups[scale]
                _, who, path = pages[index]
                headers = {"Authorization": cookies[who]} if who == "api" else None
                cookie = "" if who == "api" else cookies[who]
                headers = {**BROWSER_ENCODING, **(headers or {})}
                targets.append((scale, servers[scale].port, path, cookie, headers))
            times: dict[float, list[float]] = {scale: [] for scale in urls}
            sizes: dict[float, int] = {}
            try:
                for _scale, port, path, cookie, headers in targets:
                    warm(port, path, cookie, runs, headers)
                for round_ in range(runs):
                    for scale, port, path, cookie, headers in (
                        targets if round_ % 2 == 0 else targets[::-1]
                    ):
                        status, content, seconds, _ = request(
                            port, "GET", path, cookie, headers=headers
                        )
                        assert status == 200, (path, status, content[:400])
                        times[scale].append(seconds)
                        sizes[scale] = len(content)
                    hello_times.append(request(hello.port, "GET", "/", headers=BROWSER_ENCODING)[2])
            except AssertionError as error:
                print(f"  {label}: FAILED {str(error)[:300]}", file=sys.stderr)
                continue
            for scale in urls:
                results[scale][label] = (
                    percentile(times[scale], 0.5), percentile(times[scale], 0.95), sizes[scale]
                )  # fmt: skip
            said = ", ".join(f"{results[s][label][1] * 1000:.1f} ms at {s}" for s in urls)
            print(f"  {label}: p95 {said}", file=sys.stderr)
    finally:
        for server in (hello, *servers.values()):
            server.stop()
    hello_result = (percentile(hello_times, 0.5), percentile(hello_times, 0.95), 0)
    for scale in urls:
        results[scale]["hello world"] = hello_result
    return results


def table(small: dict, large: dict, small_scale: float, large_scale: float) -> Iterable[str]:
    """Growth is the time at full size over the time at the small size. Dividing by each
    run's hello world first was tried: hello world's own p95 is one outlier in a hundred
    sub-millisecond requests, and it moved growth more than any page did. p50's growth is
    given too, being steadier than p95's."""
    h95s, h95l = small["hello world"][1], large["hello world"][1]
    s, b = small_scale, large_scale
    yield (f"| page | p50 at {s} | p95 at {s} | p95 x hello at {s} | p50 at {b} | p95 at {b} "
           f"| p95 x hello at {b} | growth p50 | growth p95 | KB sent at {b} |")  # fmt: skip
    yield "|---|---|---|---|---|---|---|---|---|---|"
    for label in large:
        if label not in small:
            continue
        s50, s95, _ = small[label]
        l50, l95, size = large[label]
        ratio_s, ratio_l = s95 / h95s, l95 / h95l
        growth50, growth95 = l50 / s50, l95 / s95
        flags = []
        if label != "hello world" and ratio_l > P95_BUDGET:
            flags.append(f"over {P95_BUDGET:.0f}x")
        if label != "hello world" and growth95 > GROWTH_BUDGET:
            flags.append("grows")
        note = f" **{', '.join(flags)}**" if flags else ""
        yield (f"| {label} | {s50 * 1000:.1f} ms | {s95 * 1000:.1f} ms | {ratio_s:.1f} "
               f"| {l50 * 1000:.1f} ms | {l95 * 1000:.1f} ms | {ratio_l:.1f} | {growth50:.2f} "
               f"| {growth95:.2f}{note} | {size / 1000:.1f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="the large size (1.0: full)")
    parser.add_argument("--small", type=float, default=0.1, help="the small size compared")
    parser.add_argument("--runs", type=int, default=60, help="requests measured per page")
    parser.add_argument("--quick", action="store_true", help="15 requests a page")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the databases again")
    parser.add_argument("--pg-settings", action="store_true",
                        help="also random_page_cost 4 against 1.1, large size")  # fmt: skip
    args = parser.parse_args()
    runs = 15 if args.quick else args.runs
    tmp = Path(tempfile.mkdtemp(prefix="council-"))
    urls = {s: ensure_database(s, args.reseed) for s in dict.fromkeys((args.small, args.scale))}
    print(f"measuring at scales {', '.join(map(str, urls))}, side by side", file=sys.stderr)
    results = run_interleaved(urls, runs, tmp)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{runs} requests a page at each size, in turn with hello world, "
          f"gunicorn -w 2 each, {os.cpu_count()} CPUs, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {load}\n")  # fmt: skip
    print("\n".join(table(results[args.small], results[args.scale], args.small, args.scale)))
    if args.pg_settings:
        default = results[args.scale]
        print(f"measuring random_page_cost=1.1 at scale {args.scale}", file=sys.stderr)
        tuned = run_scale(urls[args.scale], runs, tmp, "-c random_page_cost=1.1")
        print(f"\n| page at {args.scale} | p95, random_page_cost 4 | p95, 1.1 | 1.1 / 4 |")
        print("|---|---|---|---|")
        for label in default:
            if label not in tuned:
                continue
            a, b = default[label][1], tuned[label][1]
            print(f"| {label} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {b / a:.2f} |")


if __name__ == "__main__":
    main()
