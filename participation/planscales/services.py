"""Scaling rounds on the plan's danger statements, the network's answers, their chart, and
practice runs of the plan: every query scoped to the member or worker asking."""

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from participation.audit.services import record
from participation.auth.models import Worker
from participation.caserecord.services import register, team_of_family
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.models import Family, NetworkMember, PlanPair
from participation.network.services import members_of, visible_family_ids
from participation.planscales.models import PlanScaleAnswer, PracticeRun, ScalingRound
from participation.problems import Refused
from participation.scales.services import parse_value

ROUND_KIND = "network_scaling_round"
ANSWER_KIND = "plan_scale_answer"
PRACTICE_KIND = "practice_run"


@dataclass(frozen=True)
class Question:
    """A danger statement's scaling question, both ends in words (DOMAIN: scaling question)."""

    question: str
    low: str
    high: str


def scaling_question() -> Question:
    """The same question for every statement, in the reader's interface language; the
    statement itself is shown above it, in their language where it is translated."""
    return Question(
        _(
            "On a scale of 0 to 10, where 10 means everyone is sure the children are safe "
            "enough for the social worker to close the case, and 0 means what we are worried "
            "about is sure to happen again, where are things now?"
        ),
        _("What we are worried about is sure to happen again"),
        _("Everyone is sure the children are safe enough"),
    )


def worker_of_family(family_id: int) -> Worker | None:
    """Who asks for translation: the family's child's allocated worker, else the young
    person's adviser (as the safety journal does)."""
    from participation.children.models import Child
    from participation.pathway.models import YoungPerson

    child = db.session.scalar(
        select(Child).where(Child.family_id == family_id).order_by(Child.id).limit(1)
    )
    if child is not None:
        return child.allocated_worker
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.family_id == family_id).limit(1)
    )
    return person.personal_adviser if person else None


def middle(numbers: list[int]) -> float | int | None:
    """The median, as a whole number when it is one (6, not 6.0); None with no numbers."""
    if not numbers:
        return None
    found = median(numbers)
    return int(found) if found == int(found) else found


def pairs_of(family: Family) -> list[PlanPair]:
    return list(family.plan.pairs) if family.plan is not None else []


# --- rounds -------------------------------------------------------------------------------


def open_round_of(family_id: int) -> ScalingRound | None:
    return db.session.scalar(
        select(ScalingRound)
        .where(ScalingRound.family_id == family_id, ScalingRound.closed_at.is_(None))
        .order_by(ScalingRound.id.desc())
        .limit(1)
    )


def open_round(family: Family, worker: Worker, meeting_on: date | None) -> ScalingRound:
    """At or after a network meeting: one open round per family, so nobody answers twice."""
    if not pairs_of(family):
        raise Refused(_("Add a danger statement to the plan first."), 409)
    if open_round_of(family.id) is not None:
        raise Refused(_("A scaling round is already open. Close it before opening another."), 409)
    meeting_on = meeting_on or utcnow().date()
    if meeting_on > utcnow().date():
        raise Refused(_("Open the round at or after the network meeting, not before."), 422)
    scaling = ScalingRound(family_id=family.id, meeting_on=meeting_on, opened_by_id=worker.id)
    db.session.add(scaling)
    db.session.flush()
    record("open_scaling_round", None, "family", family.public_id)
    return scaling


def get_round_for_worker_or_404(public_id: str, worker: Worker) -> ScalingRound:
    """Only a round of a family this worker may see; 404 otherwise, as for a missing one."""
    return db.first_or_404(
        select(ScalingRound).where(
            ScalingRound.public_id == public_id,
            ScalingRound.family_id.in_(visible_family_ids(worker)),
        )
    )


def close_round(scaling: ScalingRound) -> None:
    """Its answers are on the record from now: a record entry, in the same transaction."""
    if scaling.closed_at is not None:
        return  # closing twice (a double tap) changes nothing and files nothing again
    scaling.closed_at = utcnow()
    family = scaling.family
    record("close_scaling_round", None, ROUND_KIND, scaling.public_id)
    register(
        ROUND_KIND, scaling.public_id, team_of_family(family.id),
        f"{family.name}: network scaling, meeting of {scaling.meeting_on.isoformat()}",
    )  # fmt: skip


def rounds_of(family: Family) -> list[ScalingRound]:
    stmt = (
        select(ScalingRound)
        .where(ScalingRound.family_id == family.id)
        .order_by(ScalingRound.meeting_on, ScalingRound.id)
    )
    return list(db.session.scalars(stmt))


# --- a member's answers ----------------------------------------------------------------


def pair_of_member_or_404(member: NetworkMember, pair_id: int) -> PlanPair:
    """Scoped: only a statement of the member's own family's plan; any other is a 404."""
    pair = next((p for p in pairs_of(member.family) if p.id == pair_id), None)
    if pair is None:
        abort(404)
    return pair


def member_answers(member: NetworkMember, scaling: ScalingRound) -> dict[int, PlanScaleAnswer]:
    """The member's own answers in this round, by statement: they see only their own."""
    stmt = select(PlanScaleAnswer).where(
        PlanScaleAnswer.round_id == scaling.id, PlanScaleAnswer.member_id == member.id
    )
    return {a.pair_id: a for a in db.session.scalars(stmt)}


def _find_answer(scaling: ScalingRound, pair: PlanPair, member: NetworkMember):
    return db.session.scalar(
        select(PlanScaleAnswer).where(
            PlanScaleAnswer.round_id == scaling.id,
            PlanScaleAnswer.pair_id == pair.id,
            PlanScaleAnswer.member_id == member.id,
        )
    )


def save_answer(
    member: NetworkMember,
    pair: PlanPair,
    raw_value: str | None,
    why: str,
    one_higher: str,
    language: str,
) -> PlanScaleAnswer:
    """One answer per person, statement and round: answering again (or a double tap)
    updates it. Their words are kept as written and asked for in English on arrival."""
    scaling = open_round_of(member.family_id)
    if scaling is None:
        raise Refused(_("There is no scaling round open just now."), 409)
    value = parse_value(raw_value)
    if value is None:
        raise Refused(_("Choose a number from 0 to 10."), 422)
    if len(why) > 4000 or len(one_higher) > 4000:
        raise Refused(_("That is too long. Please make it shorter."), 422)
    answer = _find_answer(scaling, pair, member)
    if answer is None:
        answer = PlanScaleAnswer(round_id=scaling.id, pair_id=pair.id, member_id=member.id)
        try:
            with db.session.begin_nested():
                answer.value = value
                db.session.add(answer)
        except IntegrityError:
            # Two taps raced: the first made the answer, this one updates it.
            answer = _find_answer(scaling, pair, member)
    answer.value, answer.why, answer.one_higher = value, why, one_higher
    answer.language = language or member.language
    answer.answered_at = utcnow()
    db.session.flush()
    record(ANSWER_KIND, None, ANSWER_KIND, answer.public_id, actor_kind="network")
    worker = worker_of_family(member.family_id)
    if worker is not None:
        from participation.translation.services import auto_request

        auto_request(ANSWER_KIND, answer, answer.language, worker)
    return answer


# --- the worker's chart -----------------------------------------------------------------

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 34, WIDTH - 16, 12, HEIGHT - 40


@dataclass
class Line:
    """One person's numbers over the rounds (None where they did not answer)."""

    label: str
    values: list[float | int | None]
    points: list[tuple[float, float, float | int]] = field(default_factory=list)
    path: str = ""


@dataclass
class PairChart:
    pair: PlanPair
    rounds: list[ScalingRound]
    xs: list[float]
    people: list[Line]
    median: Line
    answers: list[PlanScaleAnswer]


def _y(value: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * value / 10


def _draw(line: Line, xs: list[float]) -> None:
    """Points and a path that breaks where a round has no number (no line through a gap)."""
    path, pen_down = [], False
    for x, value in zip(xs, line.values, strict=True):
        if value is None:
            pen_down = False
            continue
        y = _y(value)
        line.points.append((x, y, value))
        path.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    line.path = " ".join(path)


def family_answers(family: Family) -> list[PlanScaleAnswer]:
    """Every answer in the family's rounds: the caller has already checked the worker may
    see the family, and audits the read."""
    stmt = (
        select(PlanScaleAnswer)
        .join(ScalingRound, ScalingRound.id == PlanScaleAnswer.round_id)
        .where(ScalingRound.family_id == family.id)
        .order_by(ScalingRound.meeting_on, ScalingRound.id, PlanScaleAnswer.id)
    )
    return list(db.session.scalars(stmt))


def charts_for(family: Family) -> list[PairChart]:
    """Per statement, the rounds on the x axis, each person's number and the median."""
    rounds = rounds_of(family)
    answers = family_answers(family)
    if not rounds:
        return [PairChart(p, [], [], [], Line(_("Median"), []), []) for p in pairs_of(family)]
    step = (RIGHT - LEFT) / max(len(rounds) - 1, 1)
    xs = [LEFT + step * i if len(rounds) > 1 else (LEFT + RIGHT) / 2 for i in range(len(rounds))]
    place = {r.id: i for i, r in enumerate(rounds)}
    # Everyone who ever answered, current and former members alike: their numbers stand.
    people = {m.id: m for m in members_of(family)}
    people.update({a.member_id: a.member for a in answers})
    charts = []
    for pair in pairs_of(family):
        mine = [a for a in answers if a.pair_id == pair.id]
        lines = []
        for member_id in sorted({a.member_id for a in mine}, key=lambda i: people[i].name):
            values: list[float | int | None] = [None] * len(rounds)
            for a in mine:
                if a.member_id == member_id:
                    values[place[a.round_id]] = a.value
            lines.append(Line(people[member_id].name, values))
        medians = [middle([a.value for a in mine if a.round_id == r.id]) for r in rounds]
        median_line = Line(_("Median"), medians)
        for line in [*lines, median_line]:
            _draw(line, xs)
        charts.append(PairChart(pair, rounds, xs, lines, median_line, mine))
    return charts


# --- practice runs ("fire drills") ------------------------------------------------------


def existing_practice(member: NetworkMember, client_key: str | None) -> PracticeRun | None:
    if not client_key:
        return None
    return db.session.scalar(
        select(PracticeRun).where(
            PracticeRun.member_id == member.id, PracticeRun.client_key == client_key
        )
    )


def log_practice(
    member: NetworkMember,
    practised_on: date | None,
    what: str,
    how: str,
    language: str,
    client_key: str | None,
) -> PracticeRun:
    """The network's own account of practising the plan, in their words and language."""
    if not what.strip():
        raise Refused(_("Tell us what you practised."), 422)
    practised_on = practised_on or utcnow().date()
    if practised_on > utcnow().date():
        raise Refused(_("That date is in the future. Please check it."), 422)
    run = PracticeRun(
        family_id=member.family_id, member_id=member.id, practised_on=practised_on,
        what_we_practised=what, how_it_went=how, language=language or member.language,
        client_key=client_key or None,
    )  # fmt: skip
    db.session.add(run)
    db.session.flush()
    record(PRACTICE_KIND, None, PRACTICE_KIND, run.public_id, actor_kind="network")
    worker = worker_of_family(member.family_id)
    if worker is not None:
        from participation.translation.services import auto_request

        auto_request(PRACTICE_KIND, run, run.language, worker)
    return run


def practice_runs_of_member(member: NetworkMember) -> list[PracticeRun]:
    """A member sees the practices they logged themselves."""
    stmt = (
        select(PracticeRun)
        .where(PracticeRun.member_id == member.id, PracticeRun.family_id == member.family_id)
        .order_by(PracticeRun.practised_on.desc(), PracticeRun.id.desc())
    )
    return list(db.session.scalars(stmt))


def practice_runs_for(family: Family, limit: int = 20) -> list[PracticeRun]:
    """The family's practice runs, newest first, for the worker's journal view: the caller
    has already checked the worker may see the family."""
    stmt = (
        select(PracticeRun)
        .where(PracticeRun.family_id == family.id)
        .options(selectinload(PracticeRun.member))  # one statement, not one per run
        .order_by(PracticeRun.practised_on.desc(), PracticeRun.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def get_practice_for_worker_or_404(public_id: str, worker: Worker) -> PracticeRun:
    return db.first_or_404(
        select(PracticeRun).where(
            PracticeRun.public_id == public_id,
            PracticeRun.family_id.in_(visible_family_ids(worker)),
        )
    )


def get_answer_for_worker_or_404(public_id: str, worker: Worker) -> PlanScaleAnswer:
    return db.first_or_404(
        select(PlanScaleAnswer)
        .join(ScalingRound, ScalingRound.id == PlanScaleAnswer.round_id)
        .where(
            PlanScaleAnswer.public_id == public_id,
            ScalingRound.family_id.in_(visible_family_ids(worker)),
        )
    )
