"""Benchmarks: drawing ingest time on the server, and the child's page weight over the wire.

Run with: .venv/bin/python benchmarks/run.py  (results are a Markdown table for the README)
"""

import argparse
import gzip
import io
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from participation import create_app  # noqa: E402
from participation.activities.models import Activity, Mode  # noqa: E402
from participation.activities.services import start_activity  # noqa: E402
from participation.auth.models import Role  # noqa: E402
from participation.auth.services import create_worker  # noqa: E402
from participation.children.services import create_child  # noqa: E402
from participation.codes.services import issue_code  # noqa: E402
from participation.extensions import db  # noqa: E402

PAGE_BUDGET = 60 * 1024
INGEST_BUDGET_MS = 150


def child_drawing(width: int = 2048, height: int = 1536, strokes: int = 120) -> bytes:
    """A plausible finger drawing: coloured strokes on a transparent canvas, as browsers send."""
    rng = random.Random(7)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colours = [(31, 31, 31), (214, 40, 40), (247, 127, 0), (42, 157, 143), (29, 78, 216)]
    for _ in range(strokes):
        x, y = rng.randrange(width), rng.randrange(height)
        points = [(x, y)]
        for _ in range(30):
            x = min(max(x + rng.randint(-40, 40), 0), width - 1)
            y = min(max(y + rng.randint(-40, 40), 0), height - 1)
            points.append((x, y))
        draw.line(points, fill=(*rng.choice(colours), 255), width=rng.choice([8, 20, 48]))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def setup(tmp: Path):
    app = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "benchmark",
            "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "UPLOAD_FOLDER": str(tmp / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        worker = create_worker("bench@example.org", "Bench Worker", Role.SOCIAL_WORKER, "x" * 20)
        child = create_child(
            name="Amy Clarke", date_of_birth=date(2018, 6, 14), case_reference="B-1",
            preferred_language="en", communication_needs="", allocated_worker=worker,
        )  # fmt: skip
        activity = start_activity(
            child, worker, tool="three_houses", mode=Mode.CODE, seen_alone=True,
            present="", interpreter="", language="en",
        )  # fmt: skip
        db.session.commit()
        return app, activity.public_id


def new_code(app, activity_public_id: str) -> str:
    """A fresh sign-in code, so each measurement starts on its own child device."""
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).where(Activity.public_id == activity_public_id)
        )
        _code, plain = issue_code(activity, activity.started_by)
        db.session.commit()
        return plain


def bench_ingest(app, activity_id: str, code: str, runs: int) -> dict:
    client = app.test_client()
    client.post("/start", data={"code": code})
    payload = child_drawing()
    url = f"/activities/{activity_id}/areas/worries/drawing"
    timings = []
    for i in range(runs + 3):
        start = time.perf_counter()
        response = client.post(
            url,
            data={"drawing": (io.BytesIO(payload), "drawing.png")},
            content_type="multipart/form-data",
            headers={"Accept": "application/json"},
        )
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.data
        if i >= 3:  # warm-up runs are not counted
            timings.append(elapsed)
    timings.sort()
    return {
        "runs": runs,
        "upload_bytes": len(payload),
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(round(0.95 * (len(timings) - 1)))],
    }


def bench_page_weight(app, activity_id: str, code: str) -> dict:
    client = app.test_client()
    client.post("/start", data={"code": code})
    page = client.get(f"/activities/{activity_id}/areas/worries")
    html = page.get_data()
    assets = re.findall(rb'(?:src|href)="(/static/[^"?]+)"', html)
    rows = [("HTML page", len(html), len(gzip.compress(html, 6)))]
    for path in dict.fromkeys(assets):
        with client.get(path.decode()) as response:
            body = response.data
        rows.append((path.decode(), len(body), len(gzip.compress(body, 6))))
    return {"assets": rows, "total_gzip": sum(r[2] for r in rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, activity_id = setup(Path(tmp))
        ingest = bench_ingest(app, activity_id, new_code(app, activity_id), args.runs)
        weight = bench_page_weight(app, activity_id, new_code(app, activity_id))

    size_kb, runs = ingest["upload_bytes"] // 1024, ingest["runs"]
    print(f"| Drawing ingest (2048x1536 PNG, {size_kb} KB upload, {runs} runs) | result | budget |")
    print("|---|---|---|")
    print(f"| p50 | {ingest['p50_ms']:.1f} ms | |")
    ok = "within" if ingest["p95_ms"] <= INGEST_BUDGET_MS else "OVER"
    print(f"| p95 | {ingest['p95_ms']:.1f} ms | {INGEST_BUDGET_MS} ms ({ok}) |")
    print()
    print("| Child's Three Houses page, gzip | raw bytes | gzip bytes |")
    print("|---|---|---|")
    for name, raw, gz in weight["assets"]:
        print(f"| {name} | {raw:,} | {gz:,} |")
    ok = "within" if weight["total_gzip"] <= PAGE_BUDGET else "OVER"
    print(f"| **total** | | **{weight['total_gzip']:,}** (budget {PAGE_BUDGET:,}, {ok}) |")


if __name__ == "__main__":
    main()
