"""Saving the young person's own words: versioned saves that never lose words, and the
refused saves kept until the young person puts both versions together."""

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from participation.atomic import rows_changed
from participation.db_types import utcnow
from participation.extensions import db
from participation.pathway.attribution import attribute
from participation.pathway.models import (
    PathwayPlan,
    PlanSection,
    SectionVersion,
    Suggestion,
    UnmergedEdit,
    YoungPerson,
)
from participation.pathway.plans import plan_for, section_row

FIELDS = ("in_my_words", "want_to_achieve")


@dataclass
class Conflict(Exception):
    """Someone saved this section first: show both versions, overwrite nothing."""

    saved: PlanSection
    mine: dict


def save_section(
    person: YoungPerson, slug: str, version: int, values: dict, note: str = "",
    suggestion: Suggestion | None = None,
) -> PlanSection:  # fmt: skip
    """Only the young person writes here. A stale `version` raises Conflict, never overwrites."""
    plan = plan_for(person)
    row = section_row(plan, slug)
    if version == row.version - 1 and suggestion is None and _same(row, values):
        return row  # the same save sent twice (a lost response): already done
    editor = {"by": "young_person", "name": person.name}
    suggester = (
        {"by": "personal_adviser", "name": suggestion.suggested_by.name} if suggestion else None
    )
    attribution = {
        field: attribute(
            values[field],
            (row.attribution or {}).get(field, []),
            editor,
            # Only the adviser's own wording is credited to them; a young person's edits
            # of a suggestion are their words.
            suggestion.text if suggestion and suggestion.field == field else None,
            suggester,
        )
        for field in FIELDS
    }
    # The version check and the write are one statement: two saves cannot both win.
    changed = rows_changed(
        update(PlanSection)
        .where(PlanSection.id == row.id, PlanSection.version == version)
        .values(
            in_my_words=values["in_my_words"],
            want_to_achieve=values["want_to_achieve"],
            scale=values["scale"],
            shared_with_network=values["shared_with_network"],
            attribution=attribution,
            version=version + 1,
            updated_at=utcnow(),
        )
    )
    if changed != 1:
        db.session.rollback()
        saved = section_row(plan_for(person), slug)
        raise Conflict(saved, values)
    db.session.add(
        SectionVersion(
            section_id=row.id,
            version=version + 1,
            in_my_words=values["in_my_words"],
            want_to_achieve=values["want_to_achieve"],
            attribution=attribution,
            scale=values["scale"],
            author_kind="young_person",
            author_name=person.name,
            note=note,
        )
    )
    _changed_since_agreement(plan)
    db.session.expire(row)
    _ask_for_english(person, plan)
    return row


def _ask_for_english(person: YoungPerson, plan: PathwayPlan) -> None:
    """The young person's words in their language go to translation for their adviser as
    they are saved (same transaction); words already asked for are not asked again."""
    from participation.translation.services import auto_request

    auto_request("pathway_plan", plan, person.preferred_language, person.personal_adviser)


def keep_unmerged(row: PlanSection, values: dict) -> UnmergedEdit:
    """A refused save is kept (once, however often it is resent) until merged."""
    latest = latest_unmerged(row)
    if latest is not None and latest.values == values:
        return latest
    edit = UnmergedEdit(section_id=row.id, values=values)
    db.session.add(edit)
    return edit


def latest_unmerged(row: PlanSection) -> UnmergedEdit | None:
    return db.session.scalar(
        select(UnmergedEdit)
        .where(UnmergedEdit.section_id == row.id)
        .order_by(UnmergedEdit.id.desc())
        .limit(1)
    )


def sections_to_merge(plan: PathwayPlan) -> set[str]:
    """Slugs of sections with a refused save waiting to be put together."""
    stmt = (
        select(PlanSection.section)
        .join(UnmergedEdit, UnmergedEdit.section_id == PlanSection.id)
        .where(PlanSection.plan_id == plan.id)
    )
    return set(db.session.scalars(stmt))


def merged(row: PlanSection, up_to_id: int) -> None:
    """Only edits the young person was shown in the merge view are cleared: a save from
    another screen must never silently drop words they have not seen."""
    db.session.execute(
        delete(UnmergedEdit).where(UnmergedEdit.section_id == row.id, UnmergedEdit.id <= up_to_id)
    )


def row_values(row: PlanSection) -> dict:
    """The section as saved, in the shape a save takes."""
    return {
        "in_my_words": row.in_my_words,
        "want_to_achieve": row.want_to_achieve,
        "scale": row.scale,
        "shared_with_network": row.shared_with_network,
    }


def _same(row: PlanSection, values: dict) -> bool:
    return all(getattr(row, field) == values[field] for field in values)


def _changed_since_agreement(plan: PathwayPlan) -> None:
    """A change after signing needs both signatures again; the agreed version stays on record."""
    plan.yp_agreed_at = None
    plan.pa_agreed_at = None


def versions_of(row: PlanSection) -> list[SectionVersion]:
    stmt = (
        select(SectionVersion)
        .where(SectionVersion.section_id == row.id)
        .order_by(SectionVersion.version.desc())
    )
    return list(db.session.scalars(stmt))
