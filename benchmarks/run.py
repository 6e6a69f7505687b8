"""Benchmark: the child's page weight as the app's own server sends it (budget 60 KB).

Run with: .venv/bin/python benchmarks/run.py  (results are a Markdown table for the README)
Drawing ingest time is measured by benchmarks/ingest.py; Lighthouse by benchmarks/lighthouse.py.
"""

import argparse
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

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
# What a current browser on a phone asks for.
ACCEPT_ENCODING = "gzip, deflate, br"


def setup(tmp: Path):
    app = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "benchmark",
            "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "UPLOAD_FOLDER": str(tmp / "uploads"),
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
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
    """A fresh sign-in code, so the measurement starts on its own child device."""
    with app.app_context():
        activity = db.session.scalar(
            select(Activity).where(Activity.public_id == activity_public_id)
        )
        _code, plain = issue_code(activity, activity.started_by)
        db.session.commit()
        return plain


def _wire(response) -> tuple[int, int, str]:
    """Body bytes as sent, header bytes, and the encoding the server chose."""
    body = response.get_data()
    headers = sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items())
    return len(body), headers, response.headers.get("Content-Encoding", "none")


def bench_page_weight(app, activity_id: str, code: str) -> dict:
    """A first visit: the page and every script, style and icon it links to."""
    client = app.test_client()
    client.post("/start", data={"code": code})
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    page = client.get(f"/activities/{activity_id}/areas/worries", headers=headers)
    assert page.status_code == 200, page.status_code
    html = client.get(f"/activities/{activity_id}/areas/worries").get_data()
    rows = [("HTML page", len(html), *_wire(page))]
    for path in dict.fromkeys(re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)):
        url = path.decode().replace("&amp;", "&")
        with client.get(url) as plain:
            raw = len(plain.get_data())
        with client.get(url, headers=headers) as response:
            assert response.status_code == 200, (url, response.status_code)
            rows.append((url.split("?")[0], raw, *_wire(response)))
    return {"assets": rows, "total": sum(body + head for _n, _r, body, head, _e in rows)}


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, activity_id = setup(Path(tmp))
        weight = bench_page_weight(app, activity_id, new_code(app, activity_id))

    print(f"| Child's Three Houses page, first visit (Accept-Encoding: {ACCEPT_ENCODING}) "
          "| raw bytes | sent (body + headers) | encoding |")  # fmt: skip
    print("|---|---|---|---|")
    for name, raw, body, head, encoding in weight["assets"]:
        print(f"| {name} | {raw:,} | {body:,} + {head:,} | {encoding} |")
    ok = "within" if weight["total"] <= PAGE_BUDGET else "OVER"
    print(f"| **total** | | **{weight['total']:,}** (budget {PAGE_BUDGET:,}, {ok}) | |")
    print()
    print("Later visits: the service worker serves every fingerprinted file from its cache, so")
    print("only the HTML page crosses the network.")


if __name__ == "__main__":
    main()
