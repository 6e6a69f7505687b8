"""The young person's "I've moved", "bring my review forward" and the views they ask for
before a review; and the page a contributor answers on, from their link."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from participation.audit.services import record
from participation.children.forms import CHILD_LANGUAGES
from participation.extensions import db
from participation.i18n import language_name, speak_the_language_of
from participation.links import external_url
from participation.pathway import my_plan_bp, views_bp
from participation.pathway.contributors import (
    QUESTIONS,
    AnswerForm,
    ContributorForm,
    add_contributor,
    contributors_of,
    find_by_link,
    get_contributor_for,
    members_of,
    send_answers,
)
from participation.pathway.moves import (
    ForwardForm,
    MoveForm,
    ask_to_bring_forward,
    moves_of,
    open_requests,
    record_move,
)
from participation.pathway.plans import plan_for
from participation.pathway.reviews import next_review, reviews_of
from participation.pathway.sign_in import require_young_person
from participation.problems import Refused
from participation.tokens import show_once, take_shown

SHOWN_VIEWS_LINKS = "shown_views_links"


@my_plan_bp.route("/moved", methods=["GET", "POST"])
def moved():
    person = require_young_person()
    form = MoveForm()
    if form.validate_on_submit():
        record_move(person, form.moved_on.data, form.place.data, form.words.data or "",
                    "young_person", person.name, person.preferred_language,
                    form.client_key.data)  # fmt: skip
        db.session.commit()
        return redirect(url_for(".review", moved=1))
    status = 422 if form.is_submitted() else 200
    return render_template("pathway/move.html", person=person, form=form,
                           moves=moves_of(person)), status  # fmt: skip


def _review_page(person, contributor_form=None, forward_form=None, status=200, **extra):
    plan = plan_for(person)
    review = next_review(plan)
    contributors = contributors_of(review)
    if any(c.redeemed_at for c in contributors):
        # Others' words about them (their contributors' answers): a read on their trail.
        record("view_review_views", None, "young_person", person.public_id)
    db.session.commit()
    form = contributor_form or ContributorForm(formdata=None)
    _choices(form, person)
    return render_template(
        "pathway/review_mine.html", person=person, plan=plan, review=review,
        contributors=contributors, questions=QUESTIONS,
        held=[r for r in reviews_of(plan) if r.held_on is not None],
        contributor_form=form, forward_form=forward_form or ForwardForm(formdata=None),
        asked=open_requests(person), **extra,
    ), status  # fmt: skip


def _choices(form: ContributorForm, person) -> None:
    form.member.choices = [SelectChoice("", _("Someone else"))] + [
        SelectChoice(m.public_id, m.name) for m in members_of(person)
    ]
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    if not form.language.data:
        form.language.data = person.preferred_language


@my_plan_bp.get("/review")
def review():
    return _review_page(require_young_person())


@my_plan_bp.post("/review/sooner")
def ask_sooner():
    person = require_young_person()
    form = ForwardForm()
    if not form.validate_on_submit():
        return _review_page(person, forward_form=form, status=422)
    ask_to_bring_forward(person, form.reason.data, "young_person", person.name,
                         person.preferred_language, form.client_key.data)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".review") + "#sooner")


@my_plan_bp.post("/review/contributors")
def ask_for_views():
    person = require_young_person()
    form = ContributorForm()
    _choices(form, person)
    if not form.validate_on_submit():
        return _review_page(person, contributor_form=form, status=422)
    contributor, link = add_contributor(
        person, next_review(plan_for(person)), form.member.data or None, form.name.data or "",
        form.relationship.data or "", form.language.data, form.client_key.data,
    )  # fmt: skip
    db.session.commit()
    # Shown once, to the young person, who sends it themselves: we never hold their number.
    # A second send of the same form makes no new link: the first one's page shows it.
    if link is not None:
        show_once(SHOWN_VIEWS_LINKS, contributor.public_id, link)
    return redirect(url_for(".views_link", contributor_id=contributor.public_id))


@my_plan_bp.get("/review/contributors/<contributor_id>")
def views_link(contributor_id: str):
    person = require_young_person()
    contributor = get_contributor_for(person, contributor_id)
    link = take_shown(SHOWN_VIEWS_LINKS, contributor.public_id)
    return render_template(
        "pathway/contributor_link.html", person=person, contributor=contributor,
        link=external_url("views.answer_form", token=link) if link else None,
    )  # fmt: skip


@views_bp.get("/<token>")
def answer_form(token: str):
    """A GET never uses the link up: messaging apps open links to preview them."""
    contributor = find_by_link(token)
    speak_the_language_of(contributor.language if contributor else None)
    return _answer_page(token, contributor, AnswerForm(formdata=None))


def _answer_page(token, contributor, form, status=200):
    if contributor is None:
        return render_template("pathway/contributor_gone.html"), 404
    # Privacy: the first name and the questions only, never the plan (see contributors.py).
    return render_template(
        "pathway/contributor_answer.html", token=token, form=form, contributor=contributor,
        first_name=contributor.review.plan.young_person.first_name,
    ), status  # fmt: skip


@views_bp.post("/<token>")
def send(token: str):
    contributor = find_by_link(token)
    speak_the_language_of(contributor.language if contributor else None)
    form = AnswerForm()
    if contributor is None or not form.validate_on_submit():
        return _answer_page(token, contributor, form, status=422)
    try:
        send_answers(contributor, {q: getattr(form, q).data for q in QUESTIONS})
    except Refused:
        db.session.rollback()
        return render_template("pathway/contributor_gone.html"), 409
    first_name = contributor.review.plan.young_person.first_name
    db.session.commit()
    return render_template("pathway/contributor_thanks.html", first_name=first_name)


@my_plan_bp.app_template_filter("move_place")
def _move_place(place: str) -> str:
    from participation.pathway.moves import PLACES

    return str(PLACES[place]) if place in PLACES else place
