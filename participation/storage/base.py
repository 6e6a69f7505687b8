"""The storage interface itself, apart from the package so each back end can import it."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol


class StoreFailed(OSError):
    """A write did not happen; nothing half-written is left under the name."""


@dataclass(frozen=True)
class Stored:
    """One stored object: its name ("ab/abcd….png") and when it was last written (epoch)."""

    name: str
    modified: float


class Store(Protocol):
    """Names are "<two characters>/<key>"; a missing name raises FileNotFoundError."""

    def put(self, name: str, data: bytes) -> None: ...

    def read(self, name: str) -> bytes: ...

    def open(self, name: str) -> tuple[BinaryIO, int]: ...

    def exists(self, name: str) -> bool: ...

    def delete(self, name: str) -> None: ...

    def list(self) -> Iterator[Stored]: ...

    def describe(self) -> str: ...
