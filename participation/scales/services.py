"""Saving scaling answers and drawing them over time for the child's record."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from participation.activities.models import Activity, Status
from participation.children.models import Child
from participation.extensions import db
from participation.inputs import whole_number
from participation.problems import Refused
from participation.scales.models import ScaleAnswer
from participation.translation.models import Translation

SCALE_VALUES = range(0, 11)
KEEP = object()  # "leave the number as it is"


def parse_value(raw: str | None, scale=None) -> int | None:
    """'' means not answered yet; anything but a whole number 0-10 (or a face, 1-5) is
    refused plainly."""
    if raw is None or raw == "":
        return None
    value = whole_number(raw)
    if scale is not None and scale.faces:
        if value not in range(scale.lowest, scale.highest + 1):
            raise Refused(_("Choose one of the faces."), 422)
        return value
    if value not in SCALE_VALUES:
        raise Refused(_("Choose a number from 0 to 10."), 422)
    return value


def save_activity_scale(
    activity: Activity, area: str, scale, value, why: str | None, higher: str | None
) -> ScaleAnswer:
    """The safety path: one answer per activity area, updated while the activity is a draft."""
    answer = db.session.scalar(
        select(ScaleAnswer).where(ScaleAnswer.activity_id == activity.id, ScaleAnswer.area == area)
    )
    if answer is None:
        answer = ScaleAnswer(
            child_id=activity.child_id,
            activity_id=activity.id,
            area=area,
            answered_by_kind="child",
            answered_by_name=activity.child.name,
            asked_by_id=activity.started_by_id,
        )
        db.session.add(answer)
    # The labels are stored as they were shown, in English, so the record reads the same later.
    answer.question, answer.low_label, answer.high_label = (
        str(scale.question),
        str(scale.low),
        str(scale.high),
    )
    answer.out_of = scale.highest
    if value is not KEEP:
        answer.value = value
    if why is not None:
        answer.why = why
    if higher is not None:
        answer.one_higher = higher
    return answer


def activity_scales(activity: Activity) -> dict[str, ScaleAnswer]:
    stmt = select(ScaleAnswer).where(ScaleAnswer.activity_id == activity.id)
    return {a.area: a for a in db.session.scalars(stmt) if a.area is not None}


def answers_for_child(child: Child) -> list[ScaleAnswer]:
    """Answered scales only; a safety path counts once its Safety House has been sent."""
    stmt = (
        select(ScaleAnswer)
        .outerjoin(Activity, ScaleAnswer.activity_id == Activity.id)
        .where(
            ScaleAnswer.child_id == child.id,
            ScaleAnswer.value.is_not(None),
            (ScaleAnswer.activity_id.is_(None)) | (Activity.status == Status.SUBMITTED),
        )
        .order_by(ScaleAnswer.created_at)
    )
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[float, float, ScaleAnswer]]
    path: str


def chart(answers: list[ScaleAnswer], width: int = 600, height: int = 220) -> list[Series]:
    """Server-drawn SVG lines, one per person answering: readable with no JavaScript."""
    if not answers:
        return []
    start = answers[0].created_at.timestamp()
    span = max(answers[-1].created_at.timestamp() - start, 1.0)
    left, right, top, bottom = 30, width - 10, 10, height - 25
    grouped: dict[str, list[ScaleAnswer]] = {}
    for answer in answers:
        grouped.setdefault(answer.answered_by_name or answer.answered_by_kind, []).append(answer)
    series = []
    for label, items in grouped.items():
        points = [
            (
                left + (right - left) * (a.created_at.timestamp() - start) / span,
                # A face (1-5) sits where it falls on the same 0-10 line.
                bottom - (bottom - top) * a.value / (a.out_of or 10),
                a,
            )
            for a in items
            if a.value is not None
        ]
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y, _) in enumerate(points)
        )
        series.append(Series(label, points, path))
    return series


def written_in(answer: ScaleAnswer) -> str:
    """The language of the answer's words: as given when it was sent for translation, else
    the activity's (a safety path), else the child's own."""
    if answer.language:
        return answer.language
    asked = db.session.scalar(
        select(Translation.source_language)
        .where(Translation.object_kind == "scale_answer", Translation.object_id == answer.public_id)
        .order_by(Translation.id)
        .limit(1)
    )
    if asked:
        return asked
    if answer.activity_id is not None:
        activity = db.session.get(Activity, answer.activity_id)
        if activity is not None:
            return activity.language
    return answer.child.preferred_language


def ask_for_english(answer: ScaleAnswer, language: str, worker) -> None:
    """Their words in another language go to translation as they are saved (same
    transaction), so the worker never has to remember; the same words are asked for once."""
    from participation.translation.services import auto_request

    answer.language = language  # so "not translated yet" is only ever said of other languages
    if worker is not None and (answer.why.strip() or answer.one_higher.strip()):
        db.session.flush()  # the answer's public id is where its translations are filed
        auto_request("scale_answer", answer, language, worker)


def record_answer(child: Child, worker, form) -> ScaleAnswer:
    answer = ScaleAnswer(
        child=child,
        question=form.question.data,
        low_label=form.low_label.data,
        high_label=form.high_label.data,
        value=form.value.data,
        why=form.why.data or "",
        one_higher=form.one_higher.data or "",
        answered_by_kind=form.answered_by_kind.data,
        answered_by_name=form.answered_by_name.data or "",
        asked_by=worker,
    )
    db.session.add(answer)
    ask_for_english(answer, form.language.data or child.preferred_language, worker)
    return answer
