"""The personal adviser's pages: the young people they support and each one's plan."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from participation.atomic import commit_keeping_loaded
from participation.audit.services import record, record_now
from participation.children.forms import CHILD_LANGUAGES
from participation.extensions import db
from participation.i18n import language_name
from participation.links import external_url
from participation.pathway import adviser_bp as bp
from participation.pathway.actions import action_translations, add_action
from participation.pathway.agreement import adviser_agrees
from participation.pathway.contributors import contributors_of
from participation.pathway.forms import ActionForm, SuggestionForm, YoungPersonForm
from participation.pathway.invites import issue_invite
from participation.pathway.milestones import needs_attention
from participation.pathway.moves import (
    BringForwardForm,
    MoveForm,
    bring_forward,
    moves_of,
    open_requests,
    open_requests_of,
    record_move,
    urgent_moves_of,
)
from participation.pathway.plans import (
    add_young_person,
    agreed_versions_of,
    get_young_person_or_404,
    network_of,
    plan_for,
    plans_due,
    sections_of,
    today,
    young_people_of,
)
from participation.pathway.reviews import (
    HoldReviewForm,
    get_review_or_404,
    hold_review,
    milestones_of_caseload,
    next_review,
    reviews_of,
)
from participation.pathway.sections import SECTIONS, section_or_404
from participation.pathway.suggestions import open_suggestions, suggest
from participation.people import current_worker
from participation.problems import Refused
from participation.tokens import display_code, show_once, take_shown
from participation.translation.gender import chosen
from participation.translation.services import panels, translations_for

SHOWN_YP_INVITES = "shown_yp_invites"


@bp.get("")
@login_required
def list_people():
    worker = current_worker()
    # Safeguarding: a young person whose latest move is a crisis (sofa-surfing, custody)
    # comes first, whatever their name.
    urgent = urgent_moves_of(worker)
    people = sorted(young_people_of(worker), key=lambda p: p.id not in urgent)
    return render_template(
        "pathway/list.html", people=people, due=plans_due(worker), urgent=urgent,
        milestones=milestones_of_caseload(worker, today()), needs_attention=needs_attention,
        asked=open_requests_of(worker),
    )  # fmt: skip


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_person():
    form = YoungPersonForm()
    form.preferred_language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    if form.validate_on_submit():
        person = add_young_person(
            current_worker(),
            form.name.data,
            form.date_of_birth.data,
            form.preferred_language.data,
        )
        # Safeguarding: whom they can speak through, when an interpreter is needed.
        person.interpreter_gender = chosen(form.interpreter_gender.data)
        person.case_reference = (form.case_reference.data or "").strip()
        # The adviser adding them is allocated today unless they say when it was.
        person.pa_allocated_on = form.pa_allocated_on.data or today()
        person.assessment_started_on = form.assessment_started_on.data
        db.session.commit()
        return redirect(url_for(".view_plan", person_id=person.public_id))
    status = 422 if form.is_submitted() else 200
    return render_template("pathway/new.html", form=form), status


def _adviser_page(person, failed=None, status=200):
    """`failed` is the (slug, form) that did not validate, shown again with its errors."""
    plan = plan_for(person)
    # Kept loaded: a plan made on this first visit (and the audit row) are all that commit
    # writes, and a plain commit made the page read the person and the plan again.
    commit_keeping_loaded()
    suggestions = open_suggestions(plan)
    rows = sections_of(plan)
    actions = sorted((a for row in rows.values() for a in row.actions), key=lambda a: a.id)
    # One send form for the plan's words, one for each open suggestion, and one for each
    # action the young person wrote (their words, in their language).
    suggestion_panels = panels(
        current_worker(),
        {
            "words": ("pathway_plan", plan.public_id),
            **{s.public_id: ("suggestion", s.public_id) for s in suggestions},
            **{a.public_id: ("pathway_action", a.public_id) for a in actions
               if a.added_by_kind == "young_person" and person.preferred_language != "en"},
        },
    )  # fmt: skip
    return render_template(
        "pathway/adviser.html",
        person=person,
        plan=plan,
        sections=SECTIONS,
        rows=rows,
        suggestions=suggestions,
        agreed=agreed_versions_of(plan),
        forms=_section_forms(failed),
        translations=translations_for("pathway_plan", plan.public_id),
        words_panel=suggestion_panels.pop("words"),
        suggestion_panels=suggestion_panels,
        action_translations=action_translations(actions),
    ), status


def _section_forms(failed) -> dict:
    """Each section's forms get their own prefix, so element IDs are unique on the page."""
    forms = {
        s.slug: {
            "suggest": SuggestionForm(formdata=None, prefix=f"{s.slug}-suggest"),
            "action": ActionForm(formdata=None, prefix=f"{s.slug}-action"),
        }
        for s in SECTIONS
    }
    if failed:
        slug, kind, form = failed
        forms[slug][kind] = form
    return forms


@bp.get("/<person_id>")
@login_required
def view_plan(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    record("view_pathway_plan", None, "young_person", person.public_id)
    return _adviser_page(person)


@bp.post("/<person_id>/sections/<slug>/words")
@login_required
def edit_words(person_id: str, slug: str):
    """Refused by design: a young person's own words are theirs alone to write."""
    get_young_person_or_404(person_id, current_worker())
    section_or_404(slug)
    raise Refused(
        _("Only the young person can write their own words. Make a suggestion instead."), 403
    )


@bp.post("/<person_id>/sections/<slug>/suggestions")
@login_required
def make_suggestion(person_id: str, slug: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    section_or_404(slug)
    form = SuggestionForm(prefix=f"{slug}-suggest")
    if not form.validate_on_submit():
        return _adviser_page(person, failed=(slug, "suggest", form), status=422)
    suggest(person, slug, form.field.data, form.text.data, worker)
    db.session.commit()
    return redirect(url_for(".view_plan", person_id=person_id) + f"#{slug}")


@bp.post("/<person_id>/sections/<slug>/actions")
@login_required
def new_action(person_id: str, slug: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    section_or_404(slug)
    form = ActionForm(prefix=f"{slug}-action")
    if not form.validate_on_submit():
        return _adviser_page(person, failed=(slug, "action", form), status=422)
    add_action(person, slug, form.what.data, form.who_helps.data or "", form.by_when.data,
               "personal_adviser", worker.name, by=worker)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".view_plan", person_id=person_id) + f"#{slug}")


@bp.post("/<person_id>/agree")
@login_required
def sign_plan(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    version = adviser_agrees(person)
    db.session.commit()
    return redirect(url_for(".view_plan", person_id=person_id) + ("#agreed" if version else ""))


@bp.post("/<person_id>/invite")
@login_required
def make_invite(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    link, code = issue_invite(person)
    db.session.commit()
    show_once(SHOWN_YP_INVITES, person.public_id, [link, code])
    return redirect(url_for(".show_invite", person_id=person_id))


@bp.get("/<person_id>/invite")
@login_required
def show_invite(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    # Shown once: the link and code leave the server-side session as this page is made.
    shown = take_shown(SHOWN_YP_INVITES, person.public_id)
    return render_template(
        "pathway/invite.html",
        person=person,
        link=external_url("yp.join_link", token=shown[0]) if shown else None,
        code=display_code(shown[1]) if shown else None,
        join_url=external_url("yp.join"),
    )


@bp.post("/<person_id>/network")
@login_required
def open_network(person_id: str):
    worker = current_worker()
    family = network_of(get_young_person_or_404(person_id, worker), worker)
    db.session.commit()
    return redirect(url_for("families.family", family_id=family.public_id) + "#network")


def _review_page(person, move_form=None, forward_form=None, hold_form=None, status=200):
    """The young person's timescales: milestones, moves, requests to bring the review
    forward, the views asked for and the review to hold."""
    worker = current_worker()
    # The page shows the young person's and contributors' own words: a read on their trail,
    # shown again after a form that did not validate just as on the first look.
    record_now("view_pathway_review", None, "young_person", person.public_id)
    plan = plan_for(person)
    review = next_review(plan)
    db.session.commit()
    contributors = contributors_of(review)
    moves, asked = moves_of(person), open_requests(person)
    return render_template(
        "pathway/review.html", person=person, plan=plan, review=review,
        contributors=contributors,
        contributor_translations={c.public_id: translations_for("review_contributor", c.public_id)
                                  for c in contributors if c.redeemed_at},
        milestones=milestones_of_caseload(worker, today(), only=person.id).get(person.id, []),
        moves=moves, asked=asked,
        move_translations={m.public_id: translations_for("accommodation_move", m.public_id)
                           for m in moves if m.words},
        asked_translations={a.public_id: translations_for("review_forward_request", a.public_id)
                            for a in asked},
        held=[r for r in reviews_of(plan) if r.held_on is not None],
        move_form=move_form or MoveForm(formdata=None),
        forward_form=forward_form or BringForwardForm(formdata=None),
        hold_form=hold_form or HoldReviewForm(formdata=None, held_on=today()),
    ), status  # fmt: skip


@bp.get("/<person_id>/review")
@login_required
def view_review(person_id: str):
    return _review_page(get_young_person_or_404(person_id, current_worker()))


@bp.post("/<person_id>/moves")
@login_required
def new_move(person_id: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    form = MoveForm()
    if not form.validate_on_submit():
        return _review_page(person, move_form=form, status=422)
    record_move(person, form.moved_on.data, form.place.data, form.words.data or "",
                "personal_adviser", worker.name, "en", form.client_key.data)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".view_review", person_id=person_id) + "#next-review")


@bp.post("/<person_id>/review/sooner")
@login_required
def review_sooner(person_id: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    form = BringForwardForm()
    form.current_due = plan_for(person).review_due
    if not form.validate_on_submit():
        return _review_page(person, forward_form=form, status=422)
    bring_forward(person, form.review_on.data, form.reason.data, worker.name,
                  form.client_key.data)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".view_review", person_id=person_id) + "#next-review")


@bp.post("/<person_id>/reviews/<review_id>/hold")
@login_required
def hold(person_id: str, review_id: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    review = get_review_or_404(person, review_id)
    form = HoldReviewForm()
    if not form.validate_on_submit():
        return _review_page(person, hold_form=form, status=422)
    hold_review(person, review, form.held_on.data, form.outcome.data, worker)
    db.session.commit()
    return redirect(url_for(".view_review", person_id=person_id) + "#held")
