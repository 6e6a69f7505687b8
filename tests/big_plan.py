"""A pathway plan filled to the form limits, agreed by both: the largest PDF the service makes
(the one that took 11-21 s to render and, two at once, stalled every page)."""

from datetime import date

from participation.extensions import db
from participation.pathway.actions import add_action
from participation.pathway.agreement import agree
from participation.pathway.forms import ActionForm, SectionForm
from participation.pathway.models import AgreedPlanVersion, YoungPerson
from participation.pathway.sections import SECTIONS
from participation.pathway.words import save_section

SENTENCE = "I want to keep my flat warm and pay the bills on time, and I'm getting there. "


def limit(field) -> int:
    """The longest text a form field accepts, read from its validators."""
    return max(v.max for v in field.kwargs["validators"] if getattr(v, "max", -1) > 0)


def filled(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


def fill_to_the_limits(person: YoungPerson, actions_per_section: int = 5) -> AgreedPlanVersion:
    """Every section's two boxes full, with actions whose words are full too; then agreed."""
    words = filled(limit(SectionForm.in_my_words))
    goal = filled(limit(SectionForm.want_to_achieve))
    what = filled(limit(ActionForm.what))
    who = filled(limit(ActionForm.who_helps))
    for section in SECTIONS:
        values = {"in_my_words": words, "want_to_achieve": goal, "scale": 7,
                  "shared_with_network": False}  # fmt: skip
        save_section(person, section.slug, 0, values)
        for _ in range(actions_per_section):
            add_action(person, section.slug, what, who, date(2027, 6, 1), "young_person",
                       person.name)  # fmt: skip
    db.session.commit()
    agree(person, "young_person")
    version = agree(person, "personal_adviser")
    db.session.commit()
    return version
