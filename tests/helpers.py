"""Small helpers the tests share: sample images, uploads and the text a person reads."""

import html as html_lib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath

from PIL import Image
from sqlalchemy import event

from participation.extensions import db
from participation.storage import EXTENSION as STORE

PASSWORD = "correct horse battery staple"


def png_bytes(size=(64, 48), colour=(200, 30, 30, 255), mode="RGBA") -> bytes:
    image = Image.new(mode, size, (255, 255, 255, 0) if mode == "RGBA" else "white")
    for x in range(size[0] // 4, size[0] // 2):
        for y in range(size[1] // 4, size[1] // 2):
            image.putpixel((x, y), colour if mode == "RGBA" else colour[:3])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def upload(client, activity, area: str, data: bytes, filename: str = "drawing.png"):
    return client.post(
        f"/activities/{activity.public_id}/areas/{area}/drawing",
        data={"drawing": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )


def page_text(response) -> str:
    """The visible text of a page, whitespace folded, for asserting what a person reads."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def stored_files(app) -> list[PurePosixPath]:
    """Every stored file ("ab/abcd.png"), in the folder or the bucket, through the storage
    interface: what a deletion or a failed save left behind."""
    return sorted(PurePosixPath(item.name) for item in app.extensions[STORE].list())


def put_file(app, name: str, data: bytes = b"x") -> PurePosixPath:
    """A file written straight into the store, as a crash (or a wrong database) leaves it."""
    app.extensions[STORE].put(name, data)
    return PurePosixPath(name)


def is_stored(app, name) -> bool:
    return app.extensions[STORE].exists(str(name))


def sweep_later(monkeypatch, hours: float = 2) -> None:
    """The sweep runs this long from now: every file stored so far is past its grace period
    (on S3 too, where a test cannot back-date LastModified)."""
    from participation import uploads

    now = uploads._now()
    monkeypatch.setattr(uploads, "_now", lambda: now + hours * 3600)


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement sent while the block runs, to catch a page that queries per row."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def add_submitted(child, worker, n: int) -> None:
    """n submitted, unread Three Houses for the child, a minute apart, newest first: enough
    to push the header badge past its cap without going through the screens n times."""
    from datetime import timedelta

    from participation.activities.models import Activity, Mode, Status
    from participation.db_types import utcnow

    db.session.add_all(
        Activity(
            child_id=child.id,
            tool="three_houses",
            mode=Mode.CODE,
            status=Status.SUBMITTED,
            started_by_id=worker.id,
            submitted_at=utcnow() - timedelta(minutes=k),
        )  # fmt: skip
        for k in range(n)
    )
    db.session.commit()
