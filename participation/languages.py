"""Every language people may write in: not only the interface languages, so words in Dari,
Tigre or Tamil are recorded as what they are and reach a human interpreter."""

from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from markupsafe import Markup
from wtforms import SelectChoice, SelectField
from wtforms.fields.choices import Choice
from wtforms.widgets import Select

# Languages families in our councils often write in, offered first (after the interface
# languages, which the form lists by config.LANGUAGES' order).
COMMUNITY = (
    "en", "cy", "pl", "ro", "ar", "ur", "bn", "pa", "so", "uk", "pt", "tr", "ps", "ti",
    "prs", "fa", "ku", "ckb", "tig", "am", "sq", "ta", "gu", "hi", "lt", "lv", "bg", "ru",
    "es", "it", "fr", "zh", "yue", "vi", "ne", "si", "om", "sw", "ha", "yo", "ig", "tw",
    "ln", "hu", "cs", "sk", "el", "he", "ml", "te", "kn", "mr", "tl", "th", "ka", "hy",
)  # fmt: skip

# Babel has no entry for Dari (it calls it Persian as spoken in Afghanistan) and no own name
# for Tigre; Sorani is named as families name it. Named here.
_ENGLISH_EXTRA = {"prs": "Dari", "ckb": "Kurdish (Sorani)"}
_OWN_NAMES = {"prs": "دری", "tig": "ትግረ"}


@cache
def _english_names() -> dict[str, str]:
    """Babel's languages, named in English; codes with a region or script are left out."""
    names = {
        code: name
        for code, name in Locale("en").languages.items()
        if "_" not in code and code not in ("und", "zxx", "mul", "mis")
    }
    return names | _ENGLISH_EXTRA


@cache
def own_name(code: str) -> str:
    """The language's name in itself, where Babel (or our list) has it; "" otherwise."""
    if code in _OWN_NAMES:
        return _OWN_NAMES[code]
    try:
        return Locale.parse(code).get_display_name(code) or ""
    except (UnknownLocaleError, ValueError):
        return ""


@cache
def label(code: str) -> str:
    """ "Somali (Soomaali)": the English name, and the own name when it differs."""
    english = _english_names().get(code, code)
    own = own_name(code)
    return f"{english} ({own})" if own and own.casefold() != english.casefold() else english


@cache
def codes() -> tuple[str, ...]:
    """Every code, community languages first, then the rest by English name."""
    names = _english_names()
    first = [c for c in COMMUNITY if c in names]
    rest = sorted((c for c in names if c not in first), key=lambda c: names[c].casefold())
    return (*first, *rest)


def is_known(code: str | None) -> bool:
    return bool(code) and code in _english_names()


@cache
def _every_choice() -> tuple[tuple[str, str], ...]:
    """Every (code, label), worked out once: a form lists about 300 of them."""
    return tuple((c, label(c)) for c in codes())


def choices(first: list[str] | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs for a "written in" select; `first` (e.g. the interface
    languages) leads, in its order."""
    lead = [c for c in (first or []) if is_known(c)]
    if not lead:
        return list(_every_choice())
    return [(c, label(c)) for c in lead] + [(c, n) for c, n in _every_choice() if c not in lead]


@cache
def _every_select_choice() -> tuple[SelectChoice, ...]:
    return tuple(SelectChoice(c, n) for c, n in _every_choice())


# Privacy: the queue's child filter puts children's names through this cache, so they stay
# in the process's memory after the request. Only ever sent back to someone whose own list
# holds that (id, name) again: the key is the whole option, never looked up by name alone.
@lru_cache(maxsize=8192)
def _option(value: str, text: str, selected: bool) -> Markup:
    return Select.render_option(Choice(value, text, selected, {}))


class LongSelect(Select):
    """A long select (about 300 languages; a caseload of children): each plain option's HTML
    is built once per process, not on every page (it was half the time of the pages with a
    "written in" list). Options whose label is not a plain string are rendered as WTForms
    does."""

    @classmethod
    def render_option(cls, choice: Choice, **kwargs) -> Markup:
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        return _option(choice.value, str(choice.label or choice.value), bool(choice.selected))


class LongSelectField(SelectField):
    """A select of many plain options (no groups, no attributes per option): each option is
    read once, where WTForms reads every one twice more on each page (for groups, then for
    the list)."""

    widget = LongSelect()

    def has_groups(self) -> bool:
        return False

    def iter_choices(self):
        data, coerce = self.data, self.coerce
        out = []
        for choice in self.choices or []:
            if isinstance(choice, SelectChoice):
                value, text = choice.value, choice.label
            else:
                value, text = choice[0], choice[1]
            out.append(Choice(value, text, coerce(value) == data, {}))
        return out


class WrittenInField(LongSelectField):
    """ "What language is this written in?": the choices a page offers (the interface
    languages, named in the reader's language) lead, then every other language, so the
    words are recorded as what they are. A code not on the full list is refused."""

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value) -> None:
        lead = list(value or [])
        offered = {c.value if isinstance(c, SelectChoice) else c[0] for c in lead}
        self._choices = [*lead, *(c for c in _every_select_choice() if c.value not in offered)]
