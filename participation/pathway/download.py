"""A young person's own copy of their plan, as a page and as a PDF: one description of what
it shows, so the PDF made on the "pdf" queue is the page they asked for, version for version."""

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup

from participation.pathway.models import PathwayPlan
from participation.pathway.plans import sections_of
from participation.pathway.sections import SECTIONS


def download_entry(plan: PathwayPlan) -> dict:
    """Everything the download shows; any change to it (their words, an action ticked off,
    the language they read in) is a new version of their PDF."""
    person = plan.young_person
    rows = sections_of(plan)
    return {
        # The PDF is made without the young person's request, so it is in the language kept
        # on their own record (what their screens use once they pick one).
        "locale": _supported(person.preferred_language),
        "name": person.name,
        "first_name": person.first_name,
        "adviser": person.personal_adviser.name,
        "review_due": plan.review_due,
        "rows": {
            slug: {
                "in_my_words": row.in_my_words,
                "want_to_achieve": row.want_to_achieve,
                "attribution": row.attribution or {},
                "scale": row.scale,
                "actions": [
                    {
                        "done": a.done,
                        "what": a.what,
                        "who_helps": a.who_helps,
                        "by_when": a.by_when,
                    }  # fmt: skip
                    for a in row.actions
                ],
            }
            for slug, row in rows.items()
        },
    }


def _supported(language: str | None) -> str:
    if language is not None and language in current_app.config["LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def render_download(entry: dict, for_pdf: bool = False) -> str:
    page_of = _page_of_css() if for_pdf else ""
    return render_template(
        "pathway/download.html", entry=entry, sections=SECTIONS, for_pdf=for_pdf, page_of=page_of
    )


def _page_of_css() -> Markup:
    """The page number ("Page 2 of 5") in the young person's language, as CSS `content`: the
    counters only exist inside the PDF's stylesheet, so the words go round them as strings."""
    words = gettext("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    parts = []
    for i, piece in enumerate(words.split("\x00")):
        if i % 2:
            parts.append(f"counter({'pages' if piece == 'pages' else 'page'})")
        elif piece:
            parts.append('"' + _css_string(piece) + '"')
    # Safe to mark: every piece of words went through _css_string; the rest is our own CSS.
    return Markup(" ".join(parts))  # noqa: S704


def _css_string(text: str) -> str:
    # A translation is text, never stylesheet: quotes, backslashes and "<" (which could close
    # the <style> element) are written as CSS escapes.
    return "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in text)


def download_pdf_html(entry: dict) -> str:
    """The PDF's HTML, in the young person's language whoever's process draws it."""
    with force_locale(entry["locale"]):
        return render_download(entry, for_pdf=True)
