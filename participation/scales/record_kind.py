"""A scaling answer's words (why, one number higher) as a kind whose words are translated."""

from flask import abort, url_for
from sqlalchemy import select

from participation.caserecord.kinds import RecordKind, ToTranslate, register
from participation.children.services import get_child_or_404
from participation.extensions import db
from participation.scales.models import ScaleAnswer
from participation.scales.services import written_in


def _answer_or_404(public_id: str, worker) -> ScaleAnswer:
    """Only for a worker who may see the child: 404 otherwise, as for the child."""
    answer = db.session.scalar(select(ScaleAnswer).where(ScaleAnswer.public_id == public_id))
    if answer is None:
        abort(404)
    get_child_or_404(answer.child.public_id, worker)
    return answer


def _translate_answer(public_id: str, worker) -> ToTranslate:
    answer = _answer_or_404(public_id, worker)
    back = url_for("children.view_child", child_id=answer.child.public_id) + "#scales"
    return ToTranslate(answer, written_in(answer), "en", answer.child, back)


SCALE_ANSWER = register(
    RecordKind(
        name="scale_answer",
        model=ScaleAnswer,
        subjects=lambda answer: [("child", answer.child.public_id)],
        text_fields=("why", "one_higher"),
        translate=_translate_answer,
    )
)
