"""The adviser's suggestions, which only the young person can accept, change or decline."""

from flask import abort
from sqlalchemy import select

from participation.auth.models import Worker
from participation.db_types import utcnow
from participation.extensions import db
from participation.pathway.models import PathwayPlan, PlanSection, Suggestion, YoungPerson
from participation.pathway.plans import plan_for, section_row
from participation.pathway.words import FIELDS, row_values, save_section
from participation.translation.services import auto_request


def open_suggestions(plan: PathwayPlan) -> list[Suggestion]:
    stmt = (
        select(Suggestion)
        .join(PlanSection, Suggestion.section_id == PlanSection.id)
        .where(PlanSection.plan_id == plan.id, Suggestion.status == "open")
        .order_by(Suggestion.created_at)
    )
    return list(db.session.scalars(stmt))


def suggest(person: YoungPerson, slug: str, field: str, text: str, adviser: Worker) -> Suggestion:
    if field not in FIELDS:
        abort(404)
    row = section_row(plan_for(person), slug)
    suggestion = Suggestion(section_id=row.id, field=field, text=text, suggested_by=adviser)
    db.session.add(suggestion)
    db.session.flush()  # its public id files the translation request
    # The young person weighs the suggestion in their own language, so it is asked for now.
    auto_request("suggestion", suggestion, "en", adviser, target=person.preferred_language)
    return suggestion


def get_suggestion_for(person: YoungPerson, public_id: str) -> Suggestion:
    """Only an open suggestion can be answered: one already answered is not found."""
    return db.first_or_404(
        select(Suggestion)
        .join(PlanSection, Suggestion.section_id == PlanSection.id)
        .where(
            Suggestion.public_id == public_id,
            Suggestion.status == "open",
            PlanSection.plan_id == plan_for(person).id,
        )
    )


PLACES = ("end", "start", "replace", "here")


def place_words(
    current: str,
    words: str,
    where: str = "end",
    at: tuple[int, int] | None = None,
    seen: str | None = None,
) -> str:
    """Where the young person chose: after their words (the default), before them, instead of
    them, or at the place they had selected in their words ("here"). "Here" is used only when the
    words they were looking at are still the saved words; otherwise it goes at the end, so
    nothing they wrote is cut into at the wrong place."""
    if not current.strip() or where == "replace":
        return words
    if where == "start":
        return f"{words}\n{current.lstrip()}"
    # The browser counts a line break as one character; a sent form writes it as two.
    flat = current.replace("\r\n", "\n")
    if where == "here" and at is not None and (seen or "").replace("\r\n", "\n") == flat:
        start, end = sorted(max(0, min(n, len(flat))) for n in at)
        before = " " if start and not flat[start - 1].isspace() else ""
        after = " " if end < len(flat) and not flat[end].isspace() else ""
        return f"{flat[:start]}{before}{words}{after}{flat[end:]}"
    return f"{current.rstrip()}\n{words}"


def respond(
    person: YoungPerson,
    suggestion: Suggestion,
    answer: str,
    changed_text: str,
    where: str = "end",
    at: tuple[int, int] | None = None,
    seen: str | None = None,
) -> None:
    """Accept (the words go in as suggested), change (the young person's edit goes in), or
    decline (nothing changes), placed where they chose. Their own text is never replaced
    silently: only when they choose "instead of my words", and the earlier version is kept."""
    suggestion.responded_at = utcnow()
    if answer == "decline":
        suggestion.status = "declined"
        return
    row = suggestion.section
    final = suggestion.text if answer == "accept" else changed_text
    suggestion.status = "accepted" if answer == "accept" else "changed"
    suggestion.final_text = final
    values = row_values(row)
    current = values[suggestion.field]
    values[suggestion.field] = place_words(current, final, where, at, seen)
    note = "accepted a suggestion" if answer == "accept" else "changed and accepted a suggestion"
    save_section(person, row.section, row.version, values, note=note, suggestion=suggestion)
