"""Small helpers the tests share: sample images, uploads and the text a person reads."""

import html as html_lib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from sqlalchemy import event

from participation.extensions import db

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


def stored_files(app) -> list[Path]:
    """Every file under the upload folder: what a deletion or a failed save left on disk."""
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


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
