"""Benchmark: the whole drawing-upload request, as a ratio to a bare decode of the same file.

Run with: .venv/bin/python benchmarks/ingest.py  (results are a Markdown table for the README)
The request goes through the app's test client (sign-in cookie, multipart form, decode,
flatten, re-encode, store, database commit). The floor is a bare Pillow decode of the same
upload, measured in the same loop (one of each per round), so a busy machine slows both alike.
Budget: the request at most 2.5x the bare decode (issue #14).
"""

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from participation import create_app  # noqa: E402
from participation.activities.models import Activity, Drawing, Mode  # noqa: E402
from participation.activities.services import start_activity  # noqa: E402
from participation.auth.models import Role  # noqa: E402
from participation.auth.services import create_worker  # noqa: E402
from participation.children.services import create_child  # noqa: E402
from participation.codes.services import issue_code  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.uploads import read  # noqa: E402

RATIO_BUDGET = 2.5
WARM_UP = 3


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


def soft_drawing() -> bytes:
    """The same strokes with soft (anti-aliased) edges, as a canvas really draws them:
    drawn at twice the size and halved, so edge pixels are part-transparent."""
    big = Image.open(io.BytesIO(child_drawing(4096, 3072)))
    out = io.BytesIO()
    big.resize((2048, 1536), Image.Resampling.BOX).save(out, format="PNG")
    return out.getvalue()


def old_png(upload: bytes) -> bytes:
    """What was stored before (Pillow, flattened, zlib level 3), for the size comparison."""
    image = Image.open(io.BytesIO(upload)).convert("RGBA")
    paper = Image.new("RGB", image.size, (255, 255, 255))
    paper.paste(image, mask=image.getchannel("A"))
    out = io.BytesIO()
    paper.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def check_pixels(upload: bytes, stored: bytes) -> None:
    """Lossless: the stored drawing is Pillow's old flatten exactly wherever the drawing is
    solid or empty, and within one level on soft edges (libvips rounds down, Pillow to
    nearest; tests/test_drawing_ingest.py checks every colour at every alpha exactly)."""
    alpha = Image.open(io.BytesIO(upload)).convert("RGBA").getchannel("A")
    difference = ImageChops.difference(
        Image.open(io.BytesIO(stored)).convert("RGB"), Image.open(io.BytesIO(old_png(upload)))
    )
    assert max(high for _low, high in difference.getextrema()) <= 1, "stored drawing is lossy"
    hard = alpha.point(lambda a: 255 if a in (0, 255) else 0)
    solid = Image.composite(difference, Image.new("RGB", difference.size), hard)
    assert solid.getbbox() is None, "solid pixels changed"


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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bare_decode(payload: bytes) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    Image.open(io.BytesIO(payload)).load()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def bench(app, activity_id: str, code: str, payload: bytes, runs: int) -> dict:
    client = app.test_client()
    client.post("/start", data={"code": code})
    url = f"/activities/{activity_id}/areas/worries/drawing"
    requests, decodes, request_cpu, decode_cpu = [], [], [], []
    for i in range(runs + WARM_UP):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(
            url,
            data={"drawing": (io.BytesIO(payload), "drawing.png")},
            content_type="multipart/form-data",
            headers={"Accept": "application/json"},
        )
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu) * 1000
        assert response.status_code == 200, response.data
        decode, decode_cpu_ms = bare_decode(payload)
        if i >= WARM_UP:  # warm-up rounds are not counted
            requests.append(elapsed)
            decodes.append(decode)
            request_cpu.append(cpu)
            decode_cpu.append(decode_cpu_ms)
    with app.app_context():
        drawing = db.session.scalar(
            select(Drawing).join(Activity).where(Activity.public_id == activity_id)
        )
        stored = read(drawing.storage_key)
        media_type = drawing.media_type
    check_pixels(payload, stored)
    return {
        "upload": len(payload),
        "stored": len(stored),
        "old": len(old_png(payload)),
        "media_type": media_type,
        "p50": statistics.median(requests),
        "p95": percentile(requests, 0.95),
        "decode50": statistics.median(decodes),
        "decode95": percentile(decodes, 0.95),
        "cpu_ratio": statistics.median(request_cpu) / statistics.median(decode_cpu),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    drawings = [("plain strokes", child_drawing()), ("soft edges", soft_drawing())]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        app, activity_id = setup(Path(tmp))
        for name, payload in drawings:
            code = new_code(app, activity_id)
            results.append((name, bench(app, activity_id, code, payload, args.runs)))

    print(f"| Drawing ingest, 2048x1536 PNG ({args.runs} runs) | p50 | p95 | budget |")
    print("|---|---|---|---|")
    for name, r in results:
        ratio50, ratio95 = r["p50"] / r["decode50"], r["p95"] / r["decode95"]
        ok = "within" if ratio50 <= RATIO_BUDGET and ratio95 <= RATIO_BUDGET else "OVER"
        kb = r["upload"] // 1024
        print(f"| {name} ({kb} KB upload): whole request | {r['p50']:.1f} ms | "
              f"{r['p95']:.1f} ms | |")  # fmt: skip
        print(f"| {name}: bare Pillow decode of the same file | {r['decode50']:.1f} ms | "
              f"{r['decode95']:.1f} ms | |")  # fmt: skip
        print(f"| {name}: **request / decode** | **{ratio50:.2f}x** | **{ratio95:.2f}x** | "
              f"{RATIO_BUDGET}x ({ok}) |")  # fmt: skip
        print(f"| {name}: request / decode in CPU time, p50 | {r['cpu_ratio']:.2f}x | | |")
    print()
    print("| Stored drawing (lossless PNG, checked against the flattened upload) | stored | "
          "old Pillow PNG | ratio |")  # fmt: skip
    print("|---|---|---|---|")
    for name, r in results:
        print(f"| {name} ({r['media_type']}) | {r['stored']:,} B | {r['old']:,} B | "
              f"{r['stored'] / r['old']:.2f}x |")  # fmt: skip


if __name__ == "__main__":
    main()
