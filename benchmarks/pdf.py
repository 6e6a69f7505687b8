"""Benchmark: a child's record with three drawings as a PDF, as a ratio to its HTML view.

Run with: .venv/bin/python benchmarks/pdf.py  (results are a Markdown table for the README)
The record is a submitted Three Houses activity with words and a 2048x1536 drawing in each
house. The HTML view is the worker's GET of /record/activity/<id> through the test client
(sign-in cookie, access check, audit row). The PDF is the "pdf" queue's whole job
(render_record_pdf: build the document, embed the drawings, WeasyPrint, store, commit), run
by hand on a fresh row each round, one of each per round. Budget: the PDF within 10x its
HTML view (issue #14).
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.ingest import child_drawing, percentile, soft_drawing  # noqa: E402
from participation import create_app  # noqa: E402
from participation.activities.models import Activity, Mode  # noqa: E402
from participation.activities.services import start_activity  # noqa: E402
from participation.auth.models import Role  # noqa: E402
from participation.auth.services import create_worker  # noqa: E402
from participation.children.services import create_child  # noqa: E402
from participation.db_types import utcnow  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.jobs.testing import run_jobs  # noqa: E402
from participation.record import pdfs, services  # noqa: E402
from participation.record.models import DONE, WAITING, RecordPdf  # noqa: E402
from participation.uploads import read, remove  # noqa: E402

RATIO_BUDGET = 10
STORED_COPY = services.stored_copy
PASSWORD = "x" * 20
AREAS = ("worries", "good_things", "dreams")


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
        worker = create_worker("bench@example.org", "Bench Worker", Role.SOCIAL_WORKER, PASSWORD)
        child = create_child(
            name="Amy Clarke", date_of_birth=date(2018, 6, 14), case_reference="B-1",
            preferred_language="en", communication_needs="", allocated_worker=worker,
        )  # fmt: skip
        activity = start_activity(
            child, worker, tool="three_houses", mode=Mode.TOGETHER, seen_alone=True,
            present="", interpreter="", language="en",
        )  # fmt: skip
        db.session.commit()
        activity_id = activity.public_id
    client = app.test_client()
    signed = client.post(
        "/staff/sign-in", data={"email": "bench@example.org", "password": PASSWORD}
    )
    assert signed.status_code == 302, signed.status_code
    drawings = [child_drawing(), soft_drawing(), child_drawing(strokes=60)]
    for area, drawing in zip(AREAS, drawings, strict=True):
        words = client.post(
            f"/activities/{activity_id}/areas/{area}/words",
            data={"child_words": "I drew my house and my dog and my big sister. " * 4},
        )
        assert words.status_code < 400, words.status_code
        saved = client.post(
            f"/activities/{activity_id}/areas/{area}/drawing",
            data={"drawing": (io.BytesIO(drawing), "drawing.png")},
            content_type="multipart/form-data",
            headers={"Accept": "application/json"},
        )
        assert saved.status_code == 200, saved.data
    finished = client.post(f"/activities/{activity_id}/finish")
    assert finished.status_code == 302, finished.status_code
    with app.app_context():
        # The "pdf" worker makes the drawings' print copies as the record arrives.
        assert run_jobs() == 1
    return app, client, activity_id


def render_once(app, activity_id: str, cold: str) -> tuple[tuple[float, float], bytes]:
    """The pdf queue's job on a fresh row: (wall, CPU) milliseconds, and the PDF it kept.
    "first": the record's first PDF in this process (print copies read from the store, as
    made on arrival); "none": as if the arrival job had not run yet (copies made in the
    render); "later": a later version's, with the copies already in memory."""
    if cold != "later":
        services.PRINT_COPIES.clear()
    services.stored_copy = (lambda _sha: None) if cold == "none" else STORED_COPY
    with app.app_context():
        for row in db.session.scalars(select(RecordPdf)):
            if row.storage_key:
                remove(row.storage_key)
        db.session.execute(delete(RecordPdf))
        activity = db.session.scalar(select(Activity).where(Activity.public_id == activity_id))
        entry = pdfs.document_of("activity").entry(activity)
        row = RecordPdf(
            kind="activity", object_id=activity_id, version=pdfs.version_of(entry),
            status=WAITING, requested_at=utcnow(),
        )  # fmt: skip
        db.session.add(row)
        db.session.commit()
        pdf_id = row.id
    started, cpu = time.perf_counter(), time.process_time()
    pdfs.render_record_pdf(pdf_id=pdf_id)
    elapsed = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    with app.app_context():
        row = db.session.get(RecordPdf, pdf_id)
        assert row is not None and row.status == DONE and row.storage_key, row
        return elapsed, read(row.storage_key)


def images_in(pdf: bytes) -> int:
    return pdf.count(b"/Subtype /Image")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    views, view_cpu = [], []
    renders: dict[str, list[float]] = {"first": [], "none": [], "later": []}
    render_cpu: dict[str, list[float]] = {"first": [], "none": [], "later": []}
    with tempfile.TemporaryDirectory() as tmp:
        app, client, activity_id = setup(Path(tmp))
        url = f"/record/activity/{activity_id}"
        for i in range(args.runs + 2):
            started, cpu = time.perf_counter(), time.process_time()
            page = client.get(url)
            view = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
            assert page.status_code == 200 and page.data.count(b'class="drawing"') == 3
            if i >= 2:  # warm-up rounds are not counted
                views.append(view[0])
                view_cpu.append(view[1])
            for cold in ("first", "none", "later"):
                render, pdf = render_once(app, activity_id, cold)
                if i >= 2:
                    renders[cold].append(render[0])
                    render_cpu[cold].append(render[1])
        with app.app_context():
            db.session.remove()
    assert pdf.startswith(b"%PDF") and images_in(pdf) >= 3, images_in(pdf)

    view50, view95 = statistics.median(views), percentile(views, 0.95)
    cpu_view = statistics.median(view_cpu)
    print(
        f"| Record with 3 drawings (2048x1536), {args.runs} runs | p50 | p95 | CPU p50 | budget |"
    )
    print("|---|---|---|---|---|")
    print(f"| HTML view (worker's GET) | {view50:.1f} ms | {view95:.1f} ms | {cpu_view:.1f} ms | |")
    for cold, name in (
        ("first", "first PDF of the record"),
        ("none", "first PDF before the arrival job ran"),
        ("later", "a later version's PDF"),
    ):
        pdf50, pdf95 = statistics.median(renders[cold]), percentile(renders[cold], 0.95)
        cpu_pdf = statistics.median(render_cpu[cold])
        ratio50, ratio95 = pdf50 / view50, pdf95 / view95
        ok = "within" if ratio50 <= RATIO_BUDGET and ratio95 <= RATIO_BUDGET else "OVER"
        print(f"| PDF job, {name} | {pdf50:.1f} ms | {pdf95:.1f} ms | {cpu_pdf:.1f} ms | |")
        print(f"| **PDF / HTML view**, {name} | **{ratio50:.1f}x** | **{ratio95:.1f}x** | "
              f"{cpu_pdf / cpu_view:.1f}x | {RATIO_BUDGET}x ({ok}) |")  # fmt: skip
    print(f"| PDF size, images in it | {len(pdf) // 1024} KB, {images_in(pdf)} | | | |")


if __name__ == "__main__":
    main()
