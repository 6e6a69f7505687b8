"""Hostile input turned away at the door, so it never reaches the database as a 500.

PostgreSQL cannot hold a NUL character in text and refuses integers past its column's range;
SQLite refuses Python integers past 64 bits; and `str.isdigit()` says yes to '²' and '٣',
which `int()` then refuses or reads as another number. Every id in a URL, form or query
goes through these instead.
"""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, UnicodeConverter

# The largest value an INTEGER column (every primary key here) can hold on PostgreSQL.
ID_MAX = 2**31 - 1
_CONTROL = "\x00-\x1f\x7f"


def whole_number(raw: str | None, *, maximum: int = ID_MAX) -> int | None:
    """A whole number written in ASCII digits within the database's range, else None."""
    if raw is None or not 0 < len(raw) <= len(str(maximum)) or not raw.isascii():
        return None
    if not raw.isdigit():
        return None
    value = int(raw)
    return value if value <= maximum else None


class WholeNumberConverter(IntegerConverter):
    """`<int:...>` in a URL: ASCII digits only, never past an INTEGER column (else 404)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """A path segment with no NUL or other control characters (else 404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", f"[^/{_CONTROL}]")


def _refuse_nul_in_query() -> None:
    """A NUL in a query value cannot be looked up on PostgreSQL: refused plainly (400)
    before any view reads it. (A NUL in a form is refused with 422 in security.py.)"""
    if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
        abort(400)


def init_app(app: Flask) -> None:
    """Before any blueprint is registered, so every route's converters are these."""
    app.url_map.converters.update(
        int=WholeNumberConverter, default=TextConverter, string=TextConverter
    )
    app.before_request(_refuse_nul_in_query)
