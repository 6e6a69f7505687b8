"""Views asked for before a review: the young person chooses whom to ask (members of their
network, or a carer), each gets a link, and their answers are kept with the review under
their name.

Privacy: a contributor sees only the three questions and the young person's first name,
never the plan: the young person shares plan sections with their network, not with
everyone they ask for views. The link is their only key, used up when they send their
answers; nothing stays signed in on a carer's phone."""

from flask import abort, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from participation.atomic import lock
from participation.audit.services import record
from participation.db_types import utcnow
from participation.extensions import db
from participation.forms import Form
from participation.network.models import NetworkMember
from participation.pathway.models import PathwayReview, ReviewContributor, YoungPerson
from participation.pathway.moves import client_key_field
from participation.problems import Refused
from participation.tokens import claim_once, digest, find_open_invite, new_code, new_token

QUESTIONS = ("going_well", "worries", "should_happen")


class ContributorForm(Form):
    """Someone from their network, or anyone else by name (a carer, a teacher)."""

    member = SelectField(_l("Someone in my network"), validators=[Optional()])
    name = StringField(_l("Or their name"), validators=[Length(max=200)])
    relationship = StringField(
        _l("Who they are to you (for example: my foster carer)"), validators=[Length(max=200)]
    )
    language = SelectField(_l("The language to ask them in"))
    client_key = client_key_field()

    def validate_name(self, field) -> None:
        if not (self.member.data or (field.data or "").strip()):
            raise ValidationError(_l("Choose someone from your network or write their name."))


class AnswerForm(Form):
    # Translators: questions a foster carer or family member answers about a young person.
    going_well = TextAreaField(_l("What is going well?"), validators=[Length(max=8000)])
    worries = TextAreaField(_l("What are you worried about?"), validators=[Length(max=8000)])
    should_happen = TextAreaField(_l("What should happen next?"), validators=[Length(max=8000)])

    def validate_should_happen(self, _field) -> None:
        if not any((getattr(self, q).data or "").strip() for q in QUESTIONS):
            raise ValidationError(_l("Please answer at least one question."))


def members_of(person: YoungPerson) -> list[NetworkMember]:
    """Only the young person's own network (never another family's members)."""
    if person.family_id is None:
        return []
    return list(
        db.session.scalars(
            select(NetworkMember)
            .where(NetworkMember.family_id == person.family_id, NetworkMember.removed_at.is_(None))
            .order_by(NetworkMember.name)
        )
    )


def add_contributor(
    person: YoungPerson, review: PathwayReview, member_id: str | None, name: str,
    relationship: str, language: str, client_key: str | None = None,
) -> tuple[ReviewContributor, str | None]:  # fmt: skip
    """A contributor and their link (shown once to the young person, who sends it). The same
    form sent again is the first contributor, with no new link (the first one stands: its
    page still shows it, unless it has been shown already)."""
    lock(review)
    if client_key:
        already = db.session.scalar(
            select(ReviewContributor).where(
                ReviewContributor.review_id == review.id,
                ReviewContributor.client_key == client_key,
            )
        )
        if already is not None:
            return already, None
    member = None
    if member_id:
        member = next((m for m in members_of(person) if m.public_id == member_id), None)
        if member is None:
            abort(404)  # not a member of their network: refused, never looked up elsewhere
    link = new_token()
    contributor = ReviewContributor(
        review_id=review.id,
        member_id=member.id if member else None,
        name=member.name if member else name.strip(),
        relationship_to_young_person=relationship.strip()
        or (member.relationship_to_child if member else ""),
        language=language or (member.language if member else "en"),
        link_hash=digest(link),
        # The Invitation base wants a code too; links are all that is handed out here.
        code_hash=digest(new_code() + new_token()),
        expires_at=utcnow() + current_app.config["PATHWAY_CONTRIBUTOR_TTL"],
        client_key=client_key or None,
    )
    db.session.add(contributor)
    db.session.flush()
    record("ask_review_views", None, "review_contributor", contributor.public_id)
    return contributor, link


def contributors_of(review: PathwayReview) -> list[ReviewContributor]:
    return list(
        db.session.scalars(
            select(ReviewContributor)
            .where(ReviewContributor.review_id == review.id)
            .order_by(ReviewContributor.id)
        )
    )


def get_contributor_for(person: YoungPerson, public_id: str) -> ReviewContributor:
    from participation.pathway.plans import plan_for

    contributor = db.session.scalar(
        select(ReviewContributor)
        .join(PathwayReview, PathwayReview.id == ReviewContributor.review_id)
        .where(
            ReviewContributor.public_id == public_id,
            PathwayReview.plan_id == plan_for(person).id,
        )
    )
    if contributor is None:
        abort(404)
    return contributor


def find_by_link(token: str) -> ReviewContributor | None:
    """An unused, unrevoked, in-date link for a review not yet held; None otherwise."""
    contributor = find_open_invite(ReviewContributor, link=token)
    if contributor is None or contributor.review.held_on is not None:
        return None
    return contributor


def send_answers(contributor: ReviewContributor, answers: dict[str, str]) -> None:
    """Kept exactly as written, under the contributor's name. The link is used up in the
    same conditional statement, so a double tap or two phones send one set of answers."""
    if not claim_once(ReviewContributor, contributor.id, utcnow()):
        raise Refused(_("These answers have already been sent. Thank you."), 409)
    for question in QUESTIONS:
        setattr(contributor, question, answers.get(question) or "")
    record("send_review_views", None, "review_contributor", contributor.public_id,
           actor_kind="contributor", actor_name=contributor.name)  # fmt: skip
    person = contributor.review.plan.young_person
    from participation.translation.services import auto_request

    # For the adviser (English) and for the young person (their language), when either
    # differs from the language the contributor wrote in.
    auto_request("review_contributor", contributor, contributor.language, person.personal_adviser)
    if person.preferred_language not in (contributor.language, "en"):
        auto_request("review_contributor", contributor, contributor.language,
                     person.personal_adviser, target=person.preferred_language)  # fmt: skip
