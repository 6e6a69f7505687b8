"""A network member's (or parent's) phone: scaling each danger statement, logging a practice."""

import uuid

from flask import redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from participation.children.forms import CHILD_LANGUAGES
from participation.extensions import db
from participation.htmx import is_htmx, render, render_fragment
from participation.i18n import language_name
from participation.inputs import whole_number
from participation.languages import is_known
from participation.network.services import plan_reading, require_member
from participation.planscales import member_bp as bp
from participation.planscales import practice_bp
from participation.planscales.forms import PracticeRunForm, ScaleAnswerForm
from participation.planscales.services import (
    existing_practice,
    log_practice,
    member_answers,
    open_round_of,
    pair_of_member_or_404,
    pairs_of,
    practice_runs_of_member,
    save_answer,
    scaling_question,
)
from participation.problems import Refused


def _languages(form, member) -> None:
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    if not form.is_submitted():
        form.language.data = member.language


def _written_in(form, member) -> str:
    """A language code the app knows, else the member's own: never a stranger's string."""
    language = form.language.data or ""
    return language if is_known(language) else member.language


def _card_context(member, pair, answer, form, error=None, saved=False) -> dict:
    return {
        "member": member,
        "pair": pair,
        "answer": answer,
        "form": form,
        "error": error,
        "saved": saved,
        "chosen": answer.value if answer is not None else None,
        "question": scaling_question(),
        # The statement in the member's language where it is translated.
        "reading": plan_reading(member.family, member.language),
    }


def _form_for(member, answer) -> ScaleAnswerForm:
    form = ScaleAnswerForm(obj=answer) if answer is not None else ScaleAnswerForm()
    _languages(form, member)
    return form


def _scaling_page(member, failed: dict | None = None) -> dict:
    """Every card of the member's own family; a card sent back keeps its words and error."""
    scaling_round = open_round_of(member.family_id)
    answers = member_answers(member, scaling_round) if scaling_round else {}
    cards = []
    for pair in pairs_of(member.family):
        if failed is not None and failed["pair"].id == pair.id:
            cards.append(failed)
            continue
        mine = answers.get(pair.id)
        cards.append(_card_context(member, pair, mine, _form_for(member, mine)))
    return {"member": member, "scaling_round": scaling_round, "cards": cards}


@bp.get("")
def scaling():
    """One card per danger statement of the member's own family; nothing of any other."""
    member = require_member()
    page = _scaling_page(member)
    saved = whole_number(request.args.get("saved"))
    for card in page["cards"]:
        card["saved"] = card["pair"].id == saved
    return render_template("planscales/scaling.html", **page)


@bp.post("/<int:pair_id>")
def answer(pair_id: int):
    """Save one statement's answer; a missing number comes back (422) with the words kept."""
    member = require_member()
    pair = pair_of_member_or_404(member, pair_id)
    form = _form_for(member, None)
    error, status = None, 422
    if form.validate_on_submit():
        try:
            saved = save_answer(
                member, pair, request.form.get("value"), form.why.data or "",
                form.one_higher.data or "", _written_in(form, member),
            )  # fmt: skip
            db.session.commit()
            if is_htmx():
                context = _card_context(member, pair, saved, _form_for(member, saved), saved=True)
                return render_fragment("planscales/_card.html", **context)
            return redirect(url_for(".scaling", saved=pair.id) + f"#pair-{pair.id}")
        except Refused as refused:
            db.session.rollback()
            error, status = refused.message, refused.status
    # The words as written stay on the card, with what to do in plain words.
    failed = _card_context(member, pair, None, form, error=error)
    failed["chosen"] = whole_number(request.form.get("value"))
    return render(
        "planscales/scaling.html", "planscales/_card.html", status,
        **_scaling_page(member, failed), **{k: v for k, v in failed.items() if k != "member"},
    )  # fmt: skip


@practice_bp.route("", methods=["GET", "POST"])
def practice():
    """A practice of the plan ("fire drill"), logged by the member; sent twice, kept once."""
    member = require_member()
    form = PracticeRunForm()
    _languages(form, member)
    if not form.is_submitted():
        form.client_key.data = str(uuid.uuid4())
    error, status = None, 200
    if form.validate_on_submit():
        key = (form.client_key.data or "")[:64] or None
        if existing_practice(member, key) is not None:
            return redirect(url_for(".practice", saved=1))
        try:
            log_practice(
                member, form.practised_on.data, form.what_we_practised.data or "",
                form.how_it_went.data or "", _written_in(form, member), key,
            )  # fmt: skip
            db.session.commit()
            return redirect(url_for(".practice", saved=1))
        except Refused as refused:
            db.session.rollback()
            error, status = refused.message, refused.status
        except IntegrityError:
            db.session.rollback()  # two copies raced; the first was kept
            return redirect(url_for(".practice", saved=1))
    elif form.is_submitted():
        status = 422
    return render_template(
        "planscales/practice.html",
        member=member,
        form=form,
        error=error,
        runs=practice_runs_of_member(member),
        saved=request.args.get("saved") == "1" and not form.is_submitted(),
    ), status
