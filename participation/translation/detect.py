"""A hint, beside someone's words, when the language they were marked as looks wrong
("Marked English, looks like Polish"). Never a gate: the words are saved and sent whatever
the hint says, and the person's choice stays on the record. Offline: lingua's models ship
with the package, so nobody's words leave the server to be guessed at."""

import unicodedata
from collections import Counter
from functools import cache, lru_cache

from flask_babel import gettext as _
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from participation.languages import label

# The languages we serve that lingua tells apart by their words (Latin and Cyrillic
# letters, and the Arabic-script languages it knows). A fixed, small set: fewer wrong guesses,
# a smaller detector, and the same answer on every server.
_LINGUA = {
    "en": Language.ENGLISH, "cy": Language.WELSH, "pl": Language.POLISH,
    "ro": Language.ROMANIAN, "uk": Language.UKRAINIAN, "pt": Language.PORTUGUESE,
    "tr": Language.TURKISH, "so": Language.SOMALI, "sq": Language.ALBANIAN,
    "ru": Language.RUSSIAN, "es": Language.SPANISH, "it": Language.ITALIAN,
    "fr": Language.FRENCH, "lt": Language.LITHUANIAN, "lv": Language.LATVIAN,
    "bg": Language.BULGARIAN, "de": Language.GERMAN, "cs": Language.CZECH,
    "sk": Language.SLOVAK, "hu": Language.HUNGARIAN, "sw": Language.SWAHILI,
    "yo": Language.YORUBA, "ar": Language.ARABIC, "ur": Language.URDU, "fa": Language.PERSIAN,
}  # fmt: skip
_CODE = {language: code for code, language in _LINGUA.items()}

# Scripts that narrow a text to a few of the languages we serve (by Unicode character name).
_SCRIPTS = {
    "ETHIOPIC": ("ti", "am", "tig"),
    "ARABIC": ("ar", "ur", "ps", "fa", "prs", "ckb"),
    "GURMUKHI": ("pa",),
    "BENGALI": ("bn",),
    "TAMIL": ("ta",),
}
_WORDS_NEEDED = 3  # fewer words than this say too little to guess from
_ARABIC_LINGUA = ("ar", "ur", "fa")


@cache
def _detector() -> LanguageDetector:
    """Built once, on the first hint asked for (loading the models takes a moment)."""
    return (
        LanguageDetectorBuilder.from_languages(*_LINGUA.values())
        .with_minimum_relative_distance(0.25)
        .build()
    )


@cache
def _arabic_detector() -> LanguageDetector:
    languages = [_LINGUA[c] for c in _ARABIC_LINGUA]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_minimum_relative_distance(0.1)
        .build()
    )


def _script(text: str) -> str:
    """The script most of the letters are in: "LATIN", "ARABIC", "ETHIOPIC"..."""
    scripts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            scripts[unicodedata.name(char, "UNKNOWN").split()[0]] += 1
    return scripts.most_common(1)[0][0] if scripts else ""


# The same words are shown again and again (the worker's page, the record): the guess is
# kept rather than made afresh each time (about a third of a millisecond each).
@lru_cache(maxsize=4096)
def looks_like(text: str, marked: str) -> tuple[str, ...]:
    """The language(s) the text looks like, when that is not `marked`; () when it fits, is
    too short to tell, or we can't tell."""
    if not text or len(text.split()) < _WORDS_NEEDED:
        return ()
    script = _script(text)
    candidates = _SCRIPTS.get(script)
    if candidates is not None:
        if marked not in candidates:
            return candidates
        if script == "ARABIC" and marked in _ARABIC_LINGUA:
            found = _arabic_detector().detect_language_of(text)
            code = _CODE.get(found) if found else None
            return (code,) if code and code != marked else ()
        return ()  # e.g. Tigrinya or Amharic: the script fits, lingua can't tell them apart
    if script not in ("LATIN", "CYRILLIC"):
        return ()
    found = _detector().detect_language_of(text)
    code = _CODE.get(found) if found else None
    if code is None or code == marked or code in _ARABIC_LINGUA:
        return ()
    if marked not in _LINGUA and not any(marked in c for c in _SCRIPTS.values()):
        # A language lingua doesn't know, written in these letters (Kurmanji, Tigre in Latin
        # letters...): any guess would be a wrong one.
        return ()
    return (code,)


def language_hint(text: str, marked: str) -> str | None:
    """ "Marked English, looks like Polish", for the worker beside the words; None if the
    marked language looks right, or the text is too short to say."""
    guesses = looks_like(text, marked)
    if not guesses:
        return None
    if len(guesses) == 1:
        return _(
            "Marked %(marked)s, looks like %(guess)s", marked=label(marked), guess=label(guesses[0])
        )
    return _(
        "Marked %(marked)s, looks like one of: %(guesses)s",
        marked=label(marked),
        guesses=", ".join(label(g) for g in guesses),
    )
