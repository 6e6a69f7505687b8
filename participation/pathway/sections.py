"""The sections of a pathway plan, in the young person's voice."""

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    prompt: str
    icon: str


SECTIONS = (
    Section("health", _l("My health"), _l("How is your health? What helps you stay well?"), "🩺"),
    Section(
        "education",
        _l("Education, training and work"),
        _l("What are you doing now, and what would you like to do?"),
        "🎓",
    ),
    Section(
        "accommodation",
        _l("Where I live"),
        _l("Where do you live, and where do you want to live?"),
        "🏠",
    ),
    Section("money", _l("Money"), _l("How do you manage money? What would help?"), "💷"),
    Section(
        "relationships",
        _l("Family, friends and relationships"),
        _l("Who is important to you? Who do you want to stay in touch with?"),
        "🤝",
    ),
    Section(
        "identity",
        _l("Who I am"),
        _l("Your identity, culture, religion and language: what matters to you?"),
        "🌍",
    ),
    Section(
        "skills",
        _l("Practical and life skills"),
        _l("Cooking, bills, forms, travel: what can you do, and what do you want to learn?"),
        "🧰",
    ),
    Section(
        "wellbeing",
        _l("How I am feeling"),
        _l("How are you feeling? What helps when things are hard?"),
        "💬",
    ),
    Section(
        "contingency",
        _l("If things go wrong"),
        _l("If things go wrong, what should happen, and who will you call?"),
        "🛟",
    ),
)

BY_SLUG = {s.slug: s for s in SECTIONS}


def section_or_404(slug: str) -> Section:
    section = BY_SLUG.get(slug)
    if section is None:
        abort(404)
    return section
