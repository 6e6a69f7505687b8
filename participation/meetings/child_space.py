"""The outcome of a meeting in the child's own space: only this child's meeting, only once the
outcome is written (it is shared as it is written; the worker can still take it away)."""

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from participation.childspace.registry import Shareable, register
from participation.extensions import db
from participation.meetings.models import Meeting
from participation.meetings.services import OUTCOME_KIND, child_meeting, kind_name


def _candidates(child) -> list[Meeting]:
    stmt = select(Meeting).where(Meeting.child_id == child.id, Meeting.outcome_at.is_not(None))
    return list(db.session.scalars(stmt.order_by(Meeting.held_on.desc()).limit(50)))


def _label(meeting: Meeting) -> str:
    return _(
        "What was decided at their %(meeting)s (%(date)s)",
        meeting=kind_name(meeting.kind),
        date=format_date(meeting.held_on),
    )


MEETING_OUTCOME = register(
    Shareable(
        kind=OUTCOME_KIND,
        label=_label,
        template="meetings/_for_child.html",
        candidates=_candidates,
        load=child_meeting,
        audit_object=lambda meeting: ("meeting", meeting.public_id),
    )
)
