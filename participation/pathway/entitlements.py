"""'What I'm entitled to': the council's own page for care leavers, kept up to date by an
admin and read by each young person in their language (machine or interpreter, labelled)."""

from dataclasses import dataclass

from sqlalchemy import select

from participation.auth.models import Worker
from participation.db_types import utcnow
from participation.extensions import db
from participation.pathway.models import CouncilText, YoungPerson

SLUG = "entitlements"
# The sections whose pages link here (participation/pathway/sections.py).
LINKED_FROM = ("money", "accommodation")
MAX_LENGTH = 20_000

# Shipped so the page is never empty; the council replaces it with its own offer. Plain
# words, no amounts that differ from council to council. A line starting "## " is a heading.
DEFAULT_TEXT = "\n\n".join(
    (
        "## Your council's care leavers' offer\n"
        "Every council publishes a local offer for care leavers. It says what help you can get "
        "with money, a home, health, education, work and relationships, up to the age of 25. "
        'Ask your PA for a copy, or look for "local offer for care leavers" on the council\'s '
        "website.",
        "## Setting Up Home Allowance\n"
        "When you move into your own home, the council gives you money to buy what you need: "
        "furniture, a bed, pots and pans, a washing machine. Your PA helps you plan what to "
        "buy. Ask how much you can have and how to spend it before you move.",
        "## Savings and your Junior ISA\n"
        "If you were in care for a year or more, the government may have opened a Junior ISA "
        "(a savings account) for you. You can take the money out when you turn 18. Your PA "
        "can help you find it and open a bank account.",
        "## Money while you study or train\n"
        "If you go to college, university or do an apprenticeship, there is extra money for "
        "care leavers, like a bursary. Ask your PA or the college's student support team.",
        "## Council Tax and other help\n"
        "Many councils do not charge Council Tax to care leavers until they are 25. Ask your "
        "PA what your council offers, and about help with bills, travel and your phone.",
        "## How to ask\n"
        "Tell your PA what you need, in your plan or by calling them. If you think you have "
        "missed out on something, you can ask for it again, and you can ask for an advocate "
        "to help you. You have the right to complain if you are not happy.",
    )
)


@dataclass(frozen=True)
class Block:
    heading: bool
    text: str


def blocks(body: str) -> list[Block]:
    """Headings and paragraphs, each translated on its own, so one changed paragraph is all
    an interpreter is asked to translate again."""
    found = []
    for part in body.replace("\r\n", "\n").split("\n\n"):
        for i, line in enumerate(part.strip().split("\n") if part.strip() else []):
            if line.startswith("## "):
                found.append(Block(True, line[3:].strip()))
            elif i and found and not found[-1].heading:
                found[-1] = Block(False, f"{found[-1].text}\n{line.strip()}")
            elif line.strip():
                found.append(Block(False, line.strip()))
    return [b for b in found if b.text]


def the_page() -> CouncilText:
    """The page, made from the shipped text the first time anyone asks."""
    page = db.session.scalar(select(CouncilText).where(CouncilText.slug == SLUG))
    if page is None:
        page = CouncilText(slug=SLUG, body=DEFAULT_TEXT)
        db.session.add(page)
        db.session.flush()
    return page


def save(page: CouncilText, body: str, admin: Worker) -> None:
    """Audited: what the council tells every care leaver is theirs is on the trail."""
    from participation.audit.services import record

    page.body = body.strip()
    page.updated_at = utcnow()
    page.updated_by = admin
    record("edit_council_text", None, "council_text", page.public_id, detail=SLUG)


def for_young_person(page: CouncilText, person: YoungPerson) -> list[tuple[Block, object, bool]]:
    """(block, its translation into their language or None, still being translated). Asked
    for the first time anyone reads it in that language: the council's engine if it has one,
    else the interpreters' queue of their adviser's team, and once only (auto_request)."""
    from participation.translation.services import auto_request, awaiting, translation_of

    language = person.preferred_language or "en"
    parts = blocks(page.body)
    if language == "en":
        return [(b, None, False) for b in parts]
    auto_request("council_text", page, "en", person.personal_adviser, target=language)
    shown = []
    for i, block in enumerate(parts):
        field = f"b{i}"
        found = translation_of("council_text", page.public_id, field, block.text, language)
        waiting = found is None and awaiting(
            "council_text", page.public_id, field, block.text, language
        )
        shown.append((block, found, waiting))
    return shown
