""" "I've moved": a change of home, from the young person or their adviser, that sets the
next review; and "bring my review forward" in a crisis."""

import uuid
from datetime import date, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from wtforms import DateField, HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from participation.atomic import lock
from participation.audit.services import record
from participation.db_types import utcnow
from participation.extensions import db
from participation.forms import Form
from participation.pathway.models import AccommodationMove, ReviewForwardRequest, YoungPerson
from participation.pathway.plans import plan_for, today

# The kinds of place a care leaver may move to; "other" with their own words for the rest.
PLACES = {
    "staying_put": _l("Staying put with my former foster carers"),
    "supported_lodgings": _l("Supported lodgings"),
    "supported_accommodation": _l("Supported accommodation or a hostel"),
    "own_tenancy": _l("My own tenancy"),
    "family": _l("With family or friends"),
    "university": _l("University accommodation"),
    "sofa_surfing": _l("Sofa-surfing or no fixed place"),
    "custody": _l("Custody"),
    "other": _l("Somewhere else"),
}
# A move to these is itself a crisis: the adviser's list shows it first (urgent_moves_of).
URGENT_PLACES = frozenset({"sofa_surfing", "custody"})


def _not_far_off(form, field) -> None:
    """A move is recorded when it happens: a year ahead or ten years back is a typing slip."""
    if field.data and not (
        today() - timedelta(days=366) <= field.data <= today() + timedelta(days=31)
    ):
        raise ValidationError(_l("Please check the date you moved."))


def _new_key() -> str:
    return str(uuid.uuid4())


def client_key_field() -> HiddenField:
    """A key made with the form, as the journal's: the same form sent twice (a double tap,
    a resend on a bad connection) makes one row, the first."""
    return HiddenField(default=_new_key)


class MoveForm(Form):
    client_key = client_key_field()
    moved_on = DateField(_l("When did you move?"), validators=[DataRequired(), _not_far_off])
    place = SelectField(
        _l("Where are you living now?"),
        choices=[SelectChoice(k, v) for k, v in PLACES.items()],
        validators=[DataRequired()],
    )
    words = TextAreaField(_l("Anything you want to say about it (optional)"),
                          validators=[Length(max=4000)])  # fmt: skip


class ForwardForm(Form):
    client_key = client_key_field()
    reason = TextAreaField(
        _l("Why should the review be sooner?"), validators=[DataRequired(), Length(max=4000)]
    )


class BringForwardForm(Form):
    """The adviser's answer to a request, or their own decision: an earlier review date."""

    client_key = client_key_field()
    review_on = DateField(_l("New review date"), validators=[DataRequired()])
    reason = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=4000)])
    # The review date as it stands; the route sets it. Forward means earlier, never later.
    current_due: date | None = None

    def validate_review_on(self, field) -> None:
        if field.data is None:
            return
        if field.data < today():
            raise ValidationError(_l("The new review date can't be in the past."))
        if self.current_due is not None and field.data >= self.current_due:
            raise ValidationError(
                _l("Choose a date before the review already set (%(date)s).",
                   date=format_date(self.current_due, "d MMMM yyyy"))
            )  # fmt: skip


def record_move(
    person: YoungPerson, moved_on: date, place: str, words: str, kind: str, name: str,
    language: str, client_key: str | None = None,
) -> AccommodationMove:  # fmt: skip
    """The move, the review it sets, a record entry and the audit, in one transaction. The
    review is move date + PATHWAY_REVIEW_AFTER_MOVE_DAYS, unless one is already due sooner.
    The same form sent again returns the first move (the plan's row is held meanwhile)."""
    plan = plan_for(person)
    lock(plan)
    already = _sent_before(AccommodationMove, person, client_key)
    if already is not None:
        return already
    review_on = moved_on + timedelta(days=current_app.config["PATHWAY_REVIEW_AFTER_MOVE_DAYS"])
    if plan.review_due is None or review_on < plan.review_due:
        plan.review_due = review_on
    move = AccommodationMove(
        young_person_id=person.id, moved_on=moved_on, place=place, words=words,
        language=language, recorded_by_kind=kind, recorded_by_name=name,
        review_on=plan.review_due, client_key=client_key or None,
    )  # fmt: skip
    db.session.add(move)
    db.session.flush()
    from participation.caserecord.services import register, team_of_worker_id

    register(
        "accommodation_move", move.public_id, team_of_worker_id(person.personal_adviser_id),
        f"{person.name}: moved ({place}) on {moved_on.isoformat()}",
        urgent=place in URGENT_PLACES,
    )  # fmt: skip
    record("record_move", None, "accommodation_move", move.public_id)
    if words and language != "en":
        from participation.translation.services import auto_request

        auto_request("accommodation_move", move, language, person.personal_adviser)
    return move


def _sent_before(model, person: YoungPerson, client_key: str | None):
    """The row this same form made already, if any (the caller holds the plan's row)."""
    if not client_key:
        return None
    return db.session.scalar(
        select(model).where(model.young_person_id == person.id, model.client_key == client_key)
    )


def moves_of(person: YoungPerson) -> list[AccommodationMove]:
    return list(
        db.session.scalars(
            select(AccommodationMove)
            .where(AccommodationMove.young_person_id == person.id)
            .order_by(AccommodationMove.moved_on.desc(), AccommodationMove.id.desc())
        )
    )


def ask_to_bring_forward(
    person: YoungPerson, reason: str, kind: str, name: str, language: str,
    client_key: str | None = None,
) -> ReviewForwardRequest:  # fmt: skip
    """Kept until the adviser sets an earlier date; the words are stored as written. The same
    form sent again is the first request, not a second."""
    lock(plan_for(person))
    already = _sent_before(ReviewForwardRequest, person, client_key)
    if already is not None:
        return already
    asked = ReviewForwardRequest(
        young_person_id=person.id, reason=reason, language=language,
        asked_by_kind=kind, asked_by_name=name, client_key=client_key or None,
    )  # fmt: skip
    db.session.add(asked)
    db.session.flush()
    record("ask_review_forward", None, "review_forward_request", asked.public_id)
    if language != "en":
        from participation.translation.services import auto_request

        auto_request("review_forward_request", asked, language, person.personal_adviser)
    return asked


def bring_forward(
    person: YoungPerson, review_on: date, reason: str, adviser_name: str,
    client_key: str | None = None,
) -> None:  # fmt: skip
    """The adviser sets the earlier date: every open request is answered by it."""
    plan = plan_for(person)
    lock(plan)
    if _sent_before(ReviewForwardRequest, person, client_key) is not None:
        return  # the same form again: done already
    plan.review_due = review_on
    ask_to_bring_forward(person, reason, "personal_adviser", adviser_name, "en", client_key)
    db.session.execute(
        update(ReviewForwardRequest)
        .where(
            ReviewForwardRequest.young_person_id == person.id,
            ReviewForwardRequest.resolved_at.is_(None),
        )
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def open_requests(person: YoungPerson) -> list[ReviewForwardRequest]:
    return list(
        db.session.scalars(
            select(ReviewForwardRequest)
            .where(
                ReviewForwardRequest.young_person_id == person.id,
                ReviewForwardRequest.resolved_at.is_(None),
            )
            .order_by(ReviewForwardRequest.created_at)
        )
    )


def open_requests_of(worker) -> list[tuple[ReviewForwardRequest, YoungPerson]]:
    """Requests to bring a review forward, for the adviser's young people, in one query."""
    from participation.pathway.plans import visible_young_people_stmt

    people = visible_young_people_stmt(worker).with_only_columns(YoungPerson.id).scalar_subquery()
    stmt = (
        select(ReviewForwardRequest, YoungPerson)
        .join(YoungPerson, YoungPerson.id == ReviewForwardRequest.young_person_id)
        .where(
            ReviewForwardRequest.young_person_id.in_(people),
            ReviewForwardRequest.resolved_at.is_(None),
        )
        .order_by(ReviewForwardRequest.created_at)
    )
    return [(asked, person) for asked, person in db.session.execute(stmt)]


def urgent_moves_of(worker) -> dict[int, AccommodationMove]:
    """The adviser's young people whose latest move is a crisis (sofa-surfing, custody), by
    their id: one query, whatever the caseload, so the list can show them first."""
    from participation.pathway.plans import visible_young_people_stmt

    people = visible_young_people_stmt(worker).with_only_columns(YoungPerson.id).scalar_subquery()
    ranked = (
        select(
            AccommodationMove.id,
            func.row_number()
            .over(
                partition_by=AccommodationMove.young_person_id,
                order_by=(AccommodationMove.moved_on.desc(), AccommodationMove.id.desc()),
            )
            .label("n"),
        )
        .where(AccommodationMove.young_person_id.in_(people))
        .subquery()
    )
    latest = (
        select(AccommodationMove)
        .join(ranked, ranked.c.id == AccommodationMove.id)
        .where(ranked.c.n == 1, AccommodationMove.place.in_(URGENT_PLACES))
    )
    return {move.young_person_id: move for move in db.session.scalars(latest)}
