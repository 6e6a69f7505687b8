"""A folder on this machine (or a shared mount): today's layout, <folder>/ab/abcd….png."""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from participation.storage.base import Stored, StoreFailed


class LocalStore:
    def __init__(self, folder: str) -> None:
        self.root = Path(folder)

    def _path(self, name: str) -> Path:
        return self.root / name

    def put(self, name: str, data: bytes) -> None:
        path = self._path(name)
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)  # atomic: a reader never sees half a file
        except OSError as error:
            # A full disk or a failing volume: leave no half-written file (and if even that
            # fails, the sweep removes the .tmp later: the person must still be told).
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise StoreFailed(str(error)) from error

    def read(self, name: str) -> bytes:
        return self._path(name).read_bytes()

    def open(self, name: str) -> tuple[BinaryIO, int]:
        file = self._path(name).open("rb")
        return file, os.fstat(file.fileno()).st_size

    def exists(self, name: str) -> bool:
        return self._path(name).is_file()

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def list(self) -> Iterator[Stored]:
        for path in sorted(self.root.glob("*/*")):
            if path.is_file():
                name = f"{path.parent.name}/{path.name}"
                yield Stored(name, path.stat().st_mtime)

    def describe(self) -> str:
        return f"upload folder ({self.root})"
