"""Recorded read-aloud prompts: a council records the fixed words in a language no device can
speak (Somali, Pashto, Tigrinya have no open voice) and drops the files in.

Layout: ``<AUDIO_PROMPTS_DIR>/<lang>/<prompt-id>.<mp3|ogg|m4a|webm|wav>``. A prompt is one
English msgid read aloud by a ``say`` button; its id is a readable slug plus a short hash of
that msgid, so it stays the same whatever the translation says and changes when the English does.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Blueprint, Flask, current_app, request, send_from_directory, url_for
from flask_babel import force_locale, get_locale, get_translations
from flask_babel import gettext as _
from jinja2 import nodes

from participation.i18n import spoken

AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".m4a": "audio/mp4",
    ".webm": "audio/webm",
    ".wav": "audio/wav",
}
# Template calls whose gettext arguments are read aloud: `say(...)` and the 0-10 scale's words.
READ_ALOUD_CALLS = {"say", "scale"}
# _child: a child-facing message with girl/boy forms (activities/addressed.py).
GETTEXT_NAMES = {"_", "gettext", "_child"}

# A package of its own, so its URLs sit under one prefix and one place (tests/test_url_map.py).
bp = Blueprint("prompts", __name__, url_prefix="/audio")


@dataclass(frozen=True)
class Prompt:
    id: str
    english: str


def prompt_id(msgid: str) -> str:
    """Readable and stable: the same English always names the same file."""
    ascii_text = unicodedata.normalize("NFKD", msgid).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].rstrip("-")
    digest = hashlib.sha256(msgid.encode()).hexdigest()[:8]
    return f"{slug or 'prompt'}-{digest}"


def audio_dir() -> Path:
    """Where recordings live: AUDIO_PROMPTS_DIR, else participation/static/audio."""
    configured = current_app.config.get("AUDIO_PROMPTS_DIR")
    return Path(configured) if configured else Path(current_app.root_path) / "static" / "audio"


def _safe_lang(lang: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?", lang))


def recorded(lang: str) -> dict[str, str]:
    """Prompt id -> file name of every recording for one language (read from disk each time,
    so files a council drops in are used without a restart)."""
    folder = audio_dir() / lang
    if not _safe_lang(lang) or not folder.is_dir():
        return {}
    files: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in AUDIO_TYPES:
            files.setdefault(path.stem, path.name)
    return files


def _recorded_now(lang: str) -> dict[str, str]:
    """The same, read once per request."""
    cache = request.environ.setdefault("participation.recorded_prompts", {})
    if lang not in cache:
        cache[lang] = recorded(lang)
    return cache[lang]


def _reverse_catalog() -> tuple[dict[str, list[str]], list[tuple[re.Pattern[str], str]]]:
    """Translated text -> English msgid for the page's language; prompts with placeholders
    ("call %(number)s") are matched as patterns, since the page shows them filled in."""
    catalog = getattr(get_translations(), "_catalog", {})
    cache = current_app.extensions.setdefault("prompts_reverse", {})
    key = (str(get_locale()), id(catalog))
    if key not in cache:
        # Two msgids can share a translation ("Thank you", "Thank you!"): keep them all.
        exact: dict[str, list[str]] = {}
        patterns: list[tuple[re.Pattern[str], str]] = []
        with_placeholders = {p.english for p in _all_prompts_cached() if "%(" in p.english}
        for msgid in with_placeholders:
            text = catalog.get(msgid) or msgid
            pieces = re.split(r"%\(\w+\)[sd]", str(text))
            patterns.append((re.compile("(.+?)".join(map(re.escape, pieces)) + r"\Z"), msgid))
        for msgid, text in catalog.items():
            if isinstance(msgid, str) and msgid and text and "%(" not in msgid:
                # A girl's or boy's form ("girl\x04msgid") is heard as the everyday recording.
                exact.setdefault(str(text), []).append(msgid.rpartition("\x04")[2])
        cache[key] = (exact, patterns)
    return cache[key]


def _english_of(text: str) -> list[str]:
    """The msgids these words may be a translation of (the words themselves on English pages)."""
    exact, patterns = _reverse_catalog()
    found = [*exact.get(text, []), *(msgid for pattern, msgid in patterns if pattern.match(text))]
    return found or [text]


def _plain(part: object) -> str:
    """The words only, never the markup of an isolate around a number."""
    return spoken(part).strip()


def audio_urls(parts: Iterable[object]) -> list[str]:
    """The recordings of each part of a read-aloud text, in the page's language; none unless
    every part is recorded (half in a recording, half silent would confuse a child)."""
    lang = str(get_locale())
    files = _recorded_now(lang)
    if not files:
        return []
    urls = []
    for part in parts:
        text = _plain(part)
        # Bare numbers (the scale's 0 and 10) are shown beside the words, not recorded.
        if not text or text.isdigit():
            continue
        names = [files[i] for i in map(prompt_id, _english_of(text)) if i in files]
        if not names:
            return []
        name = names[0]
        urls.append(url_for("prompts.audio", lang=lang, filename=name))
    return urls


def _gettext_literals(node: nodes.Node) -> Iterator[str]:
    for call in [node, *node.find_all(nodes.Call)]:
        if not isinstance(call, nodes.Call):
            continue
        if (
            isinstance(call.node, nodes.Name)
            and call.node.name in GETTEXT_NAMES
            and call.args
            and isinstance(call.args[0], nodes.Const)
            and isinstance(call.args[0].value, str)
        ):
            yield call.args[0].value


def _template_msgids() -> Iterator[str]:
    env = current_app.jinja_env
    for name in sorted(env.list_templates(extensions=["html"])):
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        for call in env.parse(source).find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name in READ_ALOUD_CALLS:
                for arg in [*call.args, *(k.value for k in call.kwargs)]:
                    yield from _gettext_literals(arg)


def _msgid(text: object) -> str:
    """The English behind a lazy_gettext string (flask_babel's LazyString keeps its args)."""
    args = getattr(text, "_args", None)
    return str(args[0]) if args else str(text)


def _python_msgids() -> Iterator[str]:
    """Read-aloud words defined in Python: the child's areas and scales, the young person's
    sections, the journal form's questions."""
    from participation.activities.tools import TOOLS
    from participation.journal.forms import JournalEntryForm
    from participation.pathway.sections import SECTIONS

    for tool in TOOLS.values():
        for area in tool.areas:
            yield from (_msgid(area.title), _msgid(area.prompt))
            if area.scale:
                yield from (_msgid(area.scale.question), _msgid(area.scale.low))
                yield _msgid(area.scale.high)
    for section in SECTIONS:
        yield _msgid(section.prompt)
    for field in JOURNAL_QUESTIONS:
        yield _msgid(getattr(JournalEntryForm, field).args[0])


# The journal form's questions a member can hear (templates/journal/new.html).
JOURNAL_QUESTIONS = (
    "plan_worked",
    "rules",
    "what_happened",
    "red_flags",
    "safety_object_checked",
    "occurred_at",
)


def all_prompts() -> list[Prompt]:
    """Every fixed text a read-aloud button can say, once each, in a stable order."""
    seen: dict[str, Prompt] = {}
    for msgid in [*_template_msgids(), *_python_msgids()]:
        seen.setdefault(prompt_id(msgid), Prompt(prompt_id(msgid), msgid))
    return sorted(seen.values(), key=lambda p: p.id)


def _all_prompts_cached() -> list[Prompt]:
    """Templates do not change while the app runs; scanning them once is enough."""
    cache = current_app.extensions.setdefault("prompts_all", [])
    if not cache:
        cache.extend(all_prompts())
    return cache


def missing(lang: str) -> list[Prompt]:
    """Prompts with no recording yet in one language."""
    have = recorded(lang)
    return [p for p in all_prompts() if p.id not in have]


@bp.get("/<lang>/<path:filename>")
def audio(lang: str, filename: str):
    """A recorded prompt, from AUDIO_PROMPTS_DIR (send_from_directory refuses paths outside)."""
    if not _safe_lang(lang) or Path(filename).suffix.lower() not in AUDIO_TYPES:
        return "", 404
    return send_from_directory(
        audio_dir() / lang,
        filename,
        mimetype=AUDIO_TYPES[Path(filename).suffix.lower()],
        max_age=3600,
    )


@click.group(help="Recorded read-aloud prompts a council drops into AUDIO_PROMPTS_DIR.")
def prompts() -> None:
    pass


def _languages(lang: str | None) -> list[str]:
    return [lang] if lang else [c for c in current_app.config["LANGUAGES"] if c != "en"]


@prompts.command("list", help="Every read-aloud prompt: its id and the English.")
def list_command() -> None:
    for p in all_prompts():
        click.echo(f"{p.id}\t{p.english}")


@prompts.command("missing", help="Prompts still without a recording, per language.")
@click.option("--lang", default=None, help="One language code, e.g. so.")
def missing_command(lang: str | None) -> None:
    folder = audio_dir()
    for code in _languages(lang):
        gaps = missing(code)
        click.echo(f"# {code}: {len(gaps)} missing (record into {folder / code}/<id>.mp3)")
        with force_locale(code):
            for p in gaps:
                # The translated text is what the recording should say.
                click.echo(f"{p.id}\t{p.english}\t{_(p.english)}")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(prompts)
    app.jinja_env.globals["prompt_audio"] = audio_urls
