"""The template naming contract (participation/templates/README.md), checked on the files."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "participation"
TEMPLATES = PACKAGE / "templates"
# Template names the views use; an f-string's `{part}` stands for any one name.
NAMED_IN_PYTHON = [
    re.compile(re.sub(r"\\{[^}]*\\}", r"[^/]+", re.escape(literal)))
    for p in PACKAGE.rglob("*.py")
    for literal in re.findall(r"""["']([\w/{}.-]+\.html)["']""", p.read_text())
]

FRAGMENTS = sorted(TEMPLATES.rglob("_*.html"))
ALL = sorted(TEMPLATES.rglob("*.html"))


def name(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


def test_there_are_fragments_to_check():
    assert FRAGMENTS


@pytest.mark.parametrize("path", FRAGMENTS, ids=name)
def test_a_leading_underscore_means_an_htmx_fragment(path):
    """It defines one macro named after it, and a view returns it (so it is not a macro library)."""
    macros = re.findall(r"{%-?\s*macro\s+(\w+)", path.read_text())
    assert macros == [path.stem.removeprefix("_")]
    assert any(pattern.fullmatch(name(path)) for pattern in NAMED_IN_PYTHON), "no view returns it"


@pytest.mark.parametrize("path", ALL, ids=name)
def test_inputs_are_macro_arguments_not_with_before_include(path):
    text = path.read_text()
    assert not re.search(r"{%-?\s*with\b(?:(?!{%-?\s*endwith).)*?{%-?\s*include", text, re.S)
    for target in re.findall(r"""{%-?\s*include\s+["']([^"']+)["']""", text):
        assert "/partials/" in f"/{target}", f"{target}: only partials are included"
