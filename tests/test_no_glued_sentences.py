"""No sentence is a translated word glued to a date, number or name.

"Sent" + date reads in English word order in Urdu, Punjabi and Bengali: the translator must see
the whole sentence, with the value as a placeholder (`_("Sent %(date)s", date=...)`).

What the check catches, in every template:
- `{{ _("word") }}` followed or preceded, with only spaces between, by `{{ value }}`;
- `_("word") ~ value` or `value ~ _("word")` inside an expression;
and in every Python file: `_("word") + value`, `value + _("word")`, and f-strings joining a
translated word to a value.

What it lets through, and why:
- a message that ends in `.`, `!`, `?` or `…`: a whole sentence, whose word order is already the
  translator's; joining two whole sentences (`_("...") ~ " " ~ told.text`) is fine;
- a message ending in `:` ("Contact:", "Who acts:"): a label and its value, read as a pair in
  any language, like a form field's label or a <dt>/<dd>;
- values separated by anything but spaces (`·`, a tag, a `{% %}` block): separate phrases;
- another translated message, or a plain string literal (`" "`), next to it.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "participation"
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
PYTHON = sorted(ROOT.rglob("*.py"))

GETTEXT = re.compile(r"""^\s*(?:_|gettext|ngettext)\(\s*(['"])(.*?)(?<!\\)\1""", re.S)
TOKEN = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)
# Inside one expression: a gettext call (its arguments may hold one level of brackets) and
# what it is joined to with `~`.
CALL = r"""(?:_|gettext|ngettext)\((?:[^()]|\([^()]*\))*\)"""
LITERAL = r"""(?:'[^']*'|"[^"]*")"""
AFTER = re.compile(rf"({CALL})(?:\s*~\s*{LITERAL})*\s*~\s*(?!\s*(?:{CALL}|{LITERAL}))")
BEFORE = re.compile(rf"[\w)\]]()\s*~\s*(?:{LITERAL}\s*~\s*)*({CALL})")
WHOLE = (".", "!", "?", "…", ":", "。", "؟")


def _glued_word(call: str) -> str | None:
    """The message of a gettext call, if it is a fragment rather than a whole sentence."""
    found = GETTEXT.match(call)
    if not found:
        return None
    message = found.group(2).rstrip()
    return None if message.endswith(WHOLE) else message


def _expression(token: str) -> str:
    return token[2:-2].strip()


def glued_in_template(source: str) -> list[str]:
    """Each translated fragment sitting directly beside a value in one template."""
    found = []
    tokens = [t for t in TOKEN.split(source) if t != ""]
    for i, token in enumerate(tokens):
        if token.startswith("{{"):
            expression = _expression(token)
            word = _glued_word(expression) if GETTEXT.match(expression) else None
            # The whole expression must be the call (not `_("x")|upper ~ y`), handled below.
            if word is not None and re.fullmatch(CALL, expression, re.S):
                for step in (1, -1):
                    j = i + step
                    if 0 <= j < len(tokens) and tokens[j].strip() == "":
                        j += step  # only spaces between: still one sentence
                    neighbour = tokens[j] if 0 <= j < len(tokens) else ""
                    if neighbour.startswith("{{") and not GETTEXT.match(_expression(neighbour)):
                        found.append(f"{word!r} beside {neighbour.strip()}")
            for match in AFTER.finditer(expression):
                word = _glued_word(match.group(1))
                if word is not None:
                    found.append(f"{word!r} ~ value")
            calls_end = {m.end() for m in re.finditer(CALL, expression, re.S)}
            for match in BEFORE.finditer(expression):
                word = _glued_word(match.group(2))
                # Joined to another translated message, not to a value.
                if word is not None and match.start(1) not in calls_end:
                    found.append(f"value ~ {word!r}")
    return found


def _python_word(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "gettext", "_l", "lazy_gettext", "ngettext"}
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        message = node.args[0].value.rstrip()
        return None if message.endswith(WHOLE) else message
    return None


def _is_value(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return False
    return not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "gettext", "_l", "lazy_gettext", "ngettext"}
    )


def _added(node: ast.AST):
    """Every operand of `a + b + c`, however Python nests it."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _added(node.left)
        yield from _added(node.right)
    else:
        yield node


def glued_in_python(source: str) -> list[str]:
    """Each translated fragment added to, or formatted beside, a value in one Python file."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            parts = list(_added(node))
            words = [w for w in map(_python_word, parts) if w is not None]
            if words and any(_is_value(p) for p in parts):
                found.append(f"line {node.lineno}: {words[0]!r} + value")
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
            words = [w for w in map(_python_word, parts) if w is not None]
            if words and any(_is_value(p) for p in parts):
                found.append(f"line {node.lineno}: f-string joins {words[0]!r} to a value")
    return sorted(set(found))


def test_the_check_catches_glued_sentences():
    assert glued_in_template('{{ _("Sent") }} {{ datetime(a.sent_at) }}')
    assert glued_in_template('{{ name }} {{ _("wrote") }}')
    assert glued_in_template('{{ _("by") ~ " " ~ when }}')
    assert glued_in_template("{{ say(_('Due') ~ when) }}")
    assert glued_in_python('x = _("Code made") + " " + when')
    assert glued_in_python("x = f\"{_('sent')} {when}\"")


def test_the_check_lets_whole_sentences_and_labels_through():
    assert not glued_in_template('{{ _("Sent %(date)s", date=datetime(a.sent_at)) }}')
    assert not glued_in_template('{{ _("Contact:") }} {{ member.contact }}')
    assert not glued_in_template('{{ _("Sent") }} · {{ a.ref }}')
    assert not glued_in_template('<dt>{{ _("Case reference") }}</dt><dd>{{ ref }}</dd>')
    assert not glued_in_template('{{ say(_("Hello.") ~ " " ~ _("Tap me.") ~ told.text) }}')
    assert not glued_in_python("x = f\"{error} {_('Your words are kept below.')}\"")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_glues_a_word_to_a_value(path):
    assert glued_in_template(path.read_text()) == []


def test_no_python_glues_a_word_to_a_value():
    found = {
        str(path.relative_to(ROOT)): glued
        for path in PYTHON
        if (glued := glued_in_python(path.read_text()))
    }
    assert found == {}
