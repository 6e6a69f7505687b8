"""Every query for children goes through here, scoped to the member of staff asking."""

from flask import abort
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from participation.auth.models import Role, Worker
from participation.auth.services import on_caseload
from participation.children.models import Child
from participation.extensions import db
from participation.paging import Page, offset_page


def visible_children_stmt(worker: Worker) -> Select[tuple[Child]]:
    """Allocated workers see their own children; managers their team's; a chair (independent
    reviewing officer, conference chair) the children whose meetings they chair; nobody else."""
    if worker.role in (Role.INDEPENDENT_REVIEWING_OFFICER, Role.CONFERENCE_CHAIR):
        from participation.meetings.models import Meeting

        # Safeguarding: a chair sees only the children whose meetings they chair.
        chaired = select(Meeting.child_id).where(Meeting.chair_id == worker.id)
        return select(Child).where(Child.id.in_(chaired.scalar_subquery()))
    return on_caseload(select(Child), Child.allocated_worker_id, worker)


def children_visible_to(worker: Worker) -> Page[Child]:
    """The children list a page at a time (a manager's team can be hundreds of children),
    each page's allocated workers fetched at once, and how many there are in all."""
    total = db.session.scalar(
        visible_children_stmt(worker).with_only_columns(func.count(Child.id)).order_by(None)
    )
    stmt = visible_children_stmt(worker).options(selectinload(Child.allocated_worker))
    return offset_page(stmt.order_by(Child.name, Child.id), total)


def get_child_or_404(public_id: str, worker: Worker | None) -> Child:
    """404 (not 403) for a child the worker may not see: we don't confirm they exist."""
    if worker is None:
        abort(404)
    return db.first_or_404(visible_children_stmt(worker).where(Child.public_id == public_id))


def can_see_child(worker: Worker, child_id: int) -> bool:
    stmt = visible_children_stmt(worker).where(Child.id == child_id).with_only_columns(Child.id)
    return db.session.scalar(stmt) is not None


def allocatable_workers(worker: Worker) -> list[Worker]:
    """Who a new child may be allocated to by this person: themselves, or a manager's team."""
    if worker.role == Role.TEAM_MANAGER and worker.team_id is not None:
        stmt = (
            select(Worker)
            .where(
                Worker.team_id == worker.team_id,
                Worker.active.is_(True),
                Worker.role.in_([Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.TEAM_MANAGER]),
            )
            .order_by(Worker.name)
        )
        return list(db.session.scalars(stmt))
    if worker.role in (Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER):
        return [worker]
    return []


def create_child(
    *,
    name: str,
    date_of_birth,
    case_reference: str,
    preferred_language: str,
    communication_needs: str,
    allocated_worker: Worker,
) -> Child:
    child = Child(
        name=name,
        date_of_birth=date_of_birth,
        case_reference=case_reference,
        preferred_language=preferred_language,
        communication_needs=communication_needs,
        allocated_worker=allocated_worker,
    )
    db.session.add(child)
    return child


def words_not_in_english(activities: list, answers: list) -> dict[str, str]:
    """The language of each sent activity and scaling answer (by public id) on the child's
    page whose words are not all in English yet: a fixed number of queries for the page."""
    from participation.activities.models import Activity, ActivityArea
    from participation.review.arrival import untranslated

    sent = [a for a in activities if not a.is_draft]
    areas: dict[int, list] = {a.id: [] for a in sent}
    if sent:
        stmt = select(ActivityArea).where(ActivityArea.activity_id.in_(areas))
        for area in db.session.scalars(stmt):
            areas[area.activity_id].append(area)
    languages = {a.id: a.language for a in activities}
    activity_ids = [a.activity_id for a in answers if a.activity_id not in languages]
    if activity_ids:
        stmt_lang = select(Activity.id, Activity.language).where(Activity.id.in_(activity_ids))
        languages.update({i: language for i, language in db.session.execute(stmt_lang)})
    things = [("activity", _WithAreas(a, areas[a.id]), a.language) for a in sent]
    given = _languages_given(answers)
    things += [
        ("scale_answer", a, a.language or given.get(a.public_id)
         or languages.get(a.activity_id or 0) or a.child.preferred_language)
        for a in answers
    ]  # fmt: skip
    return {object_id: language for (_kind, object_id), language in untranslated(things).items()}


def _languages_given(answers: list) -> dict[str, str]:
    """The language an answer's words were sent for translation from (as the worker gave
    it when recording them), in one query for the page."""
    from participation.translation.models import Translation

    if not answers:
        return {}
    stmt = (
        select(Translation.object_id, Translation.source_language)
        .where(
            Translation.object_kind == "scale_answer",
            Translation.object_id.in_([a.public_id for a in answers]),
        )
        .order_by(Translation.id.desc())
    )
    return {object_id: language for object_id, language in db.session.execute(stmt)}


def scale_translations(answers: list) -> dict[str, dict[str, list]]:
    """Finished English translations of each answer's words by field, for the whole page."""
    from participation.translation.services import translations_for_many

    return translations_for_many("scale_answer", [a.public_id for a in answers])


class _WithAreas:
    """An activity with its areas already fetched, so reading its words is no query."""

    def __init__(self, activity, areas: list) -> None:
        self.public_id = activity.public_id
        self.areas = areas


def update_child_details(child: Child, form) -> None:
    """Languages and the optional identity fields; empty means "not recorded" (None)."""
    from participation.children.forms import IDENTITY_FIELDS

    child.preferred_language = form.preferred_language.data
    child.first_language = form.first_language.data or None
    child.communication_needs = form.communication_needs.data or ""
    for name in IDENTITY_FIELDS:
        # Stored as the worker wrote it; only an empty box becomes "not recorded".
        value = getattr(form, name).data or ""
        setattr(child, name, value if value.strip() else None)
