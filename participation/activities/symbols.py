"""Picture and symbol mode: the symbols a child can choose instead of (or as well as) words.

The shipped set (static/img/symbols, CC0) is used unless the council points SYMBOLS_FOLDER at
its own folder of .svg/.png files with a symbols.json naming each one. A chosen symbol is
stored verbatim (its picture and its name as shown), so the record shows exactly what the
child chose even after the council changes its set."""

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

SHIPPED = Path(__file__).resolve().parents[1] / "static" / "img" / "symbols"
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
# A symbol is a small picture: anything bigger is not one (and is not loaded).
MAX_SYMBOL_BYTES = 512 * 1024

# The shipped set's names, translated, so read-aloud says them in the child's language.
SHIPPED_LABELS = {
    "happy": _l("Happy"),
    "sad": _l("Sad"),
    "angry": _l("Cross"),
    "scared": _l("Scared"),
    "hurt": _l("Hurt"),
    "home": _l("Home"),
    "family": _l("Family"),
    "friend": _l("Friend"),
    "pet": _l("Pet"),
    "school": _l("School"),
    "food": _l("Food"),
    "sleep": _l("Sleep"),
    "play": _l("Play"),
    "help": _l("Help"),
    "yes": _l("Yes"),
    "no": _l("No"),
}


@dataclass(frozen=True)
class Symbol:
    id: str
    label: str
    media_type: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode()}"


def _folder() -> tuple[str, Path]:
    configured = current_app.config.get("SYMBOLS_FOLDER")
    return ("council", Path(configured)) if configured else ("shipped", SHIPPED)


def _load(folder: Path) -> dict[str, tuple[str, str, bytes]]:
    """(label, media type, bytes) by id, in the order symbols.json lists them."""
    names = json.loads((folder / "symbols.json").read_text(encoding="utf-8"))
    found: dict[str, tuple[str, str, bytes]] = {}
    for symbol_id, label in names.items():
        for extension, media_type in MEDIA_TYPES.items():
            path = folder / f"{symbol_id}{extension}"
            # Only files inside the folder, named as listed: never a path from the list.
            if path.parent == folder and path.is_file():
                data = path.read_bytes()
                if len(data) <= MAX_SYMBOL_BYTES:
                    found[symbol_id] = (str(label), media_type, data)
                break
    return found


def symbol_set_name() -> str:
    return _folder()[0]


def symbols() -> dict[str, Symbol]:
    """The council's set, else the shipped one; files are read once per process."""
    name, folder = _folder()
    cache = current_app.extensions.setdefault("symbol_sets", {})
    if folder not in cache:
        cache[folder] = _load(folder)
    loaded = cache[folder]
    return {
        symbol_id: Symbol(
            symbol_id,
            str(SHIPPED_LABELS.get(symbol_id, label)) if name == "shipped" else label,
            media_type,
            data,
        )
        for symbol_id, (label, media_type, data) in loaded.items()
    }


def snapshot(symbol: Symbol) -> dict:
    """What is stored when the child chooses a symbol: the picture and its English name (the
    record's language), exactly as shown, so it never changes with the council's set."""
    from flask_babel import force_locale

    with force_locale("en"):
        label = (
            str(SHIPPED_LABELS[symbol.id])
            if symbol_set_name() == "shipped" and symbol.id in SHIPPED_LABELS
            else symbol.label
        )
    return {
        "id": symbol.id,
        "label": label,
        "set": symbol_set_name(),
        "media_type": symbol.media_type,
        "sha256": symbol.sha256,
        "image": symbol.data_uri,
    }
