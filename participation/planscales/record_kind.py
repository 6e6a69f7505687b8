"""A closed scaling round as a record entry, and the words of each answer and practice run as
kinds whose words are translated into English for the worker."""

from flask import abort, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from participation.audit.subjects import subject, subjects_of_family
from participation.caserecord.kinds import RecordKind, ToTranslate, register
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.services import children_of, labels
from participation.planscales.models import PlanScaleAnswer, PracticeRun, ScalingRound
from participation.planscales.services import (
    ANSWER_KIND,
    PRACTICE_KIND,
    ROUND_KIND,
    get_answer_for_worker_or_404,
    get_practice_for_worker_or_404,
    get_round_for_worker_or_404,
    middle,
    pairs_of,
    scaling_question,
)
from participation.translation.services import on_record

ROUND_SCHEMA = "participation.network-scaling-round.v1"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def round_record_entry(scaling: ScalingRound) -> dict:
    """A round for the case record: per statement, each person's number and words verbatim,
    in their language, with the English translation beside (never instead)."""
    with force_locale("en"):
        family = scaling.family
        statement_label, goal_label = labels(family.plan)
        question = scaling_question()
        statements = []
        for pair in pairs_of(family):
            answers = [a for a in scaling.answers if a.pair_id == pair.id]
            statements.append(
                {
                    "id": pair.id,
                    "statement": pair.statement,
                    "goal": pair.goal,
                    "question": question.question,
                    "zero_means": question.low,
                    "ten_means": question.high,
                    "median": middle([a.value for a in answers]),
                    "answers": [_answer(a) for a in answers],
                }
            )
        return {
            "schema": ROUND_SCHEMA,
            "id": scaling.public_id,
            "family": {
                "id": family.public_id,
                "name": family.name,
                "children": [
                    {
                        "id": c.public_id,
                        "name": c.name,
                        "case_reference": c.case_reference,
                        "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                    }
                    for c in children_of(family)
                ],
            },
            "tool": {"id": "network_scaling", "name": "Network scaling on the safety plan"},
            "meeting_on": scaling.meeting_on.isoformat(),
            "opened_by": scaling.opened_by.name,
            "opened_at": _iso(scaling.opened_at),
            "closed_at": _iso(scaling.closed_at),
            "statements": statements,
            "terminology": {"statement": statement_label, "goal": goal_label},
            "generated_at": _iso(utcnow()),
        }


def _answer(answer: PlanScaleAnswer) -> dict:
    member = answer.member
    return {
        "id": answer.public_id,
        "answered_by": {
            "id": member.public_id,
            "name": member.name,
            "relationship": member.relationship_to_child,
            "role": member.role,
        },
        "value": answer.value,
        "why": answer.why,
        "one_higher": answer.one_higher,
        "language": answer.language,
        "answered_at": _iso(answer.answered_at),
        # Translations sit beside the original words; the original is never replaced.
        "translations": on_record(ANSWER_KIND, answer.public_id),
    }


def _family_page(family) -> str:
    return url_for("planscales_worker.family_scaling", family_ref=family.public_id)


def _translate_answer(public_id: str, worker) -> ToTranslate:
    answer = get_answer_for_worker_or_404(public_id, worker)
    return ToTranslate(answer, answer.language, "en", None, _family_page(answer.round.family))


def _translate_practice(public_id: str, worker) -> ToTranslate:
    run = get_practice_for_worker_or_404(public_id, worker)
    back = url_for("journal_worker.family_journal", family_id=run.family.public_id)
    return ToTranslate(run, run.language, "en", None, back)


def _closed_round(public_id: str) -> ScalingRound | None:
    return db.session.scalar(
        select(ScalingRound).where(
            ScalingRound.public_id == public_id, ScalingRound.closed_at.is_not(None)
        )
    )


def _closed_round_for_worker_or_404(public_id: str, worker) -> ScalingRound:
    """The record views: a round this worker may see, once it is closed (on the record)."""
    scaling = get_round_for_worker_or_404(public_id, worker)
    if scaling.closed_at is None:
        abort(404)
    return scaling


register(
    RecordKind(
        name=ROUND_KIND,
        model=ScalingRound,
        get_or_404=_closed_round_for_worker_or_404,
        # A round is about the family's children, and holds each answering member's words.
        subjects=lambda r: subjects_of_family(r.family) + [subject(a.member) for a in r.answers],
        api_name=ROUND_KIND,
        document=round_record_entry,
        template="planscales/round_document.html",
        # Only a closed round is on the record; an open one is still being answered.
        load=_closed_round,
        slug="network-scaling",
        pdf_filename=lambda r, _data: f"network-scaling-{r.public_id[:8]}.pdf",
        pdf_title=lambda r, _data: " · ".join((r.family.name, _("Network scaling"))),
    )
)


register(
    RecordKind(
        name=ANSWER_KIND,
        model=PlanScaleAnswer,
        subjects=lambda a: [subject(a.member)],
        text_fields=("why", "one_higher"),
        translate=_translate_answer,
    )
)

register(
    RecordKind(
        name=PRACTICE_KIND,
        model=PracticeRun,
        subjects=lambda run: [subject(run.member)],
        text_fields=("what_we_practised", "how_it_went"),
        translate=_translate_practice,
    )
)
