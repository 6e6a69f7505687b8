"""`dir="auto"` worked out before the PDF is drawn: the PDF renderer knows only `ltr` and
`rtl`, so without this an Arabic sentence in an English record (or an English one in an
Arabic plan) takes the page's direction and its full stop lands at the wrong end."""

import unicodedata
from collections.abc import Iterator
from typing import Any

# Their text is never inside these, and a child with its own `dir` speaks for itself
# (the HTML rule for "auto": the first strong character of the element's own text).
_NOT_TEXT = {"script", "style", "textarea", "bdi"}


def resolve_auto_direction(root: Any) -> None:
    """Rewrites every `dir="auto"` in this parsed page as the direction its words start in."""
    for element in root.iter():
        if element.get("dir") == "auto":
            direction = _first_strong_direction(element)
            if direction:
                element.set("dir", direction)


def _first_strong_direction(element: Any) -> str | None:
    for text in _own_text(element):
        for character in text:
            kind = unicodedata.bidirectional(character)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def _own_text(element: Any) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _NOT_TEXT and child.get("dir") is None:
            yield from _own_text(child)
        if child.tail:
            yield child.tail
