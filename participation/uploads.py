"""Where cleaned uploads are kept: outside static/, under random names."""

import os
import uuid
from pathlib import Path

from flask import current_app


def _root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def store(data: bytes, extension: str) -> str:
    """Write bytes under a random name outside static/; returns the storage key."""
    key = f"{uuid.uuid4().hex}.{extension}"
    folder = _root() / key[:2]
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{key}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, folder / key)  # atomic: a reader never sees half a file
    return key


def path_for(key: str) -> Path:
    if "/" in key or "\\" in key or key.startswith("."):
        raise ValueError("bad storage key")
    return _root() / key[:2] / key


def remove(key: str) -> None:
    path_for(key).unlink(missing_ok=True)
