"""A child's meetings, the views asked for before them, and the outcome told back to the child.
Every query is scoped to who is asking: a worker's caseload, or a chair's own meetings."""

from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from sqlalchemy import Select, select

from participation.activities.models import Activity, Mode
from participation.activities.services import start_activity
from participation.atomic import lock
from participation.audit.services import record
from participation.auth.models import Role, Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.childspace.models import ChildShare
from participation.db_types import utcnow
from participation.extensions import db
from participation.meetings.models import Meeting, MeetingKind
from participation.problems import Refused

MEETING_KIND = "meeting"  # the record entry (the outcome and the child's answer)
OUTCOME_KIND = "meeting_outcome"  # the worker's outcome, translated for the child
ANSWER_KIND = "meeting_answer"  # the child's answer, translated into English

CHAIR_ROLES = (Role.INDEPENDENT_REVIEWING_OFFICER, Role.CONFERENCE_CHAIR)
# Who may be chosen to chair: the chairs, and a team manager (a family network meeting).
CHOSEN_AS_CHAIR = (*CHAIR_ROLES, Role.TEAM_MANAGER)
# The tools a child's views for a meeting are asked for with (activities/tools.py).
VIEWS_TOOLS = ("my_meeting", "three_houses", "safety_house")

KIND_NAMES = {
    MeetingKind.INITIAL_CP_CONFERENCE: _l("Initial child protection conference"),
    MeetingKind.REVIEW_CP_CONFERENCE: _l("Review child protection conference"),
    MeetingKind.LOOKED_AFTER_REVIEW: _l("Looked-after review"),
    MeetingKind.CHILD_IN_NEED_REVIEW: _l("Child in need review"),
    MeetingKind.FAMILY_NETWORK_MEETING: _l("Family network meeting"),
    MeetingKind.PATHWAY_REVIEW: _l("Pathway review"),
}


def kind_name(kind: str) -> str:
    name = KIND_NAMES.get(MeetingKind(kind)) if kind in set(MeetingKind) else None
    return str(name) if name else kind


def working_days_before(day: date, days: int, holidays: set[date]) -> date:
    """Counting back over Monday to Friday, skipping bank holidays."""
    current = day
    while days > 0:
        current -= timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            days -= 1
    return current


def views_due_for(kind: str, held_on: date) -> date:
    """The date the child's views are due: the setting's working days before the meeting."""
    days = int(current_app.config["MEETING_VIEWS_DUE_WORKING_DAYS"].get(kind, 3))
    holidays = {date.fromisoformat(d) for d in current_app.config["BANK_HOLIDAYS"]}
    return working_days_before(held_on, days, holidays)


def is_chair(worker: Worker) -> bool:
    return worker.role in CHAIR_ROLES


def may_arrange(worker: Worker) -> bool:
    """Only the child's own workers add meetings; a chair only chairs them."""
    return worker.role in (Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.TEAM_MANAGER)


def chair_choices() -> list[Worker]:
    stmt = select(Worker).where(Worker.active.is_(True), Worker.role.in_(CHOSEN_AS_CHAIR))
    return list(db.session.scalars(stmt.order_by(Worker.name, Worker.id)))


def visible_meetings_stmt(worker: Worker) -> Select[tuple[Meeting]]:
    """A chair sees the meetings they chair, nobody else's; others, their caseload's."""
    if is_chair(worker):
        return select(Meeting).where(Meeting.chair_id == worker.id)
    children = visible_children_stmt(worker).with_only_columns(Child.id).order_by(None)
    return select(Meeting).where(Meeting.child_id.in_(children.scalar_subquery()))


def get_meeting_or_404(public_id: str, worker: Worker) -> Meeting:
    """404 for a meeting the worker may not see: we don't confirm it exists."""
    return db.first_or_404(visible_meetings_stmt(worker).where(Meeting.public_id == public_id))


def meetings_of(child: Child, worker: Worker) -> list[Meeting]:
    stmt = visible_meetings_stmt(worker).where(Meeting.child_id == child.id)
    return list(db.session.scalars(stmt.order_by(Meeting.held_on.desc(), Meeting.id.desc())))


def chaired_by(worker: Worker) -> list[Meeting]:
    """The chair's own meetings, soonest first."""
    stmt = select(Meeting).where(Meeting.chair_id == worker.id)
    return list(db.session.scalars(stmt.order_by(Meeting.held_on, Meeting.id)))


def add_meeting(child: Child, worker: Worker, kind: str, held_on: date, chair: Worker) -> Meeting:
    """The caller has checked the child is on the worker's caseload. The caller commits."""
    meeting = Meeting(
        child=child,
        kind=MeetingKind(kind).value,
        held_on=held_on,
        chair=chair,
        views_due=views_due_for(kind, held_on),
        created_by=worker,
    )
    db.session.add(meeting)
    db.session.flush()
    record("add_meeting", child, MEETING_KIND, meeting.public_id, detail=meeting.kind)
    return meeting


def ask_for_views(
    meeting: Meeting, worker: Worker, tool: str, mode: Mode, views_due: date | None = None
) -> Activity:
    """An activity for the child's views, in the child's language, tagged with the meeting and
    due by the meeting kind's date or the worker's (never after the meeting); seen alone is
    planned here and confirmed at the end, as for any activity."""
    if tool not in VIEWS_TOOLS:
        raise Refused(_("Choose one of the activities offered."), 422)
    due = views_due or meeting.views_due
    if due > meeting.held_on:
        raise Refused(_("The views must be due on or before the day of the meeting."), 422)
    child = meeting.child
    activity = start_activity(
        child, worker, tool=tool, mode=mode, seen_alone=True, present="", interpreter="",
        language=child.preferred_language,
    )  # fmt: skip
    activity.meeting_id, activity.views_due = meeting.id, due
    db.session.flush()
    detail = f"meeting {meeting.kind}, views due {due.isoformat()}"
    record("start_activity", child, "activity", activity.public_id, detail=detail)
    return activity


def sent_late(activity: Activity) -> bool:
    """Views sent after the (UK) day they were due: the chair may not have had them in time."""
    if activity.submitted_at is None or activity.views_due is None:
        return False
    return to_user_timezone(activity.submitted_at).date() > activity.views_due


def views_for(meeting: Meeting) -> list[Activity]:
    stmt = select(Activity).where(Activity.meeting_id == meeting.id)
    return list(db.session.scalars(stmt.order_by(Activity.created_at, Activity.id)))


def views_by_meeting(meetings: list[Meeting]) -> dict[int, list[Activity]]:
    """Each meeting's views in one query, for the chair's list."""
    found: dict[int, list[Activity]] = {m.id: [] for m in meetings}
    if found:
        stmt = select(Activity).where(Activity.meeting_id.in_(found)).order_by(Activity.id)
        for activity in db.session.scalars(stmt):
            found[activity.meeting_id or 0].append(activity)
    return found


def write_outcome(meeting: Meeting, worker: Worker, text: str, language: str = "en") -> None:
    """Saved once (the record never changes what the child was told), audited, put on the
    case record, sent for translation into the child's language, and put in the child's own
    space straight away: it reaches them whether or not another activity is opened."""
    from participation.caserecord.services import register, team_of_worker_id
    from participation.childspace.services import share
    from participation.translation.services import auto_request

    lock(meeting)
    if meeting.outcome_at is not None:
        raise Refused(_("The outcome has already been written."), 409)
    child = meeting.child
    meeting.outcome, meeting.outcome_language = text.strip(), language or "en"
    meeting.outcome_at, meeting.outcome_by = utcnow(), worker
    record("meeting_outcome", child, MEETING_KIND, meeting.public_id)
    auto_request(OUTCOME_KIND, meeting, meeting.outcome_language, worker, child.preferred_language)
    share(child, OUTCOME_KIND, meeting.public_id, worker)
    label = f"{child.name}: {kind_name(meeting.kind)} on {meeting.held_on.isoformat()}"
    register(MEETING_KIND, meeting.public_id, team_of_worker_id(child.allocated_worker_id), label)
    db.session.commit()


def outcome_share(meeting: Meeting) -> ChildShare | None:
    """The outcome's place in the child's space: its read receipt."""
    return db.session.scalar(
        select(ChildShare)
        .where(
            ChildShare.child_id == meeting.child_id,
            ChildShare.kind == OUTCOME_KIND,
            ChildShare.object_id == meeting.public_id,
        )
        .order_by(ChildShare.id.desc())
        .limit(1)
    )


def child_meeting(public_id: str, child: Child) -> Meeting | None:
    """This child's own meeting with an outcome written; None for anything else."""
    return db.session.scalar(
        select(Meeting).where(
            Meeting.public_id == public_id,
            Meeting.child_id == child.id,
            Meeting.outcome_at.is_not(None),
        )
    )


def answer(meeting: Meeting, text: str, mode: str) -> None:
    """The child's answer, once, exactly as written in their language: audited and sent
    into English for their worker."""
    from participation.caserecord.services import tell_again
    from participation.translation.services import auto_request

    lock(meeting)
    if meeting.answered_at is not None:
        # Translators: a child reads this above the answer they sent before.
        raise Refused(_("You have already sent your answer. Thank you. Here it is."), 409)
    if not text.strip():
        # Translators: a child reads this when they pressed send with nothing written.
        raise Refused(_("Write your answer first."), 422)
    if len(text) > 20_000:
        raise Refused(_("That is too long to send in one go."), 422)
    child = meeting.child
    meeting.answer, meeting.answer_language = text, child.preferred_language or "en"
    meeting.answered_at, meeting.answer_mode = utcnow(), mode
    record("meeting_answer", child, MEETING_KIND, meeting.public_id, detail=mode)
    auto_request(ANSWER_KIND, meeting, meeting.answer_language, child.allocated_worker)
    # The meeting went on the record with its outcome; the answer changes that entry, so the
    # case system is told again (its webhook, in this same transaction).
    tell_again((MEETING_KIND,), meeting.public_id)
    db.session.commit()
