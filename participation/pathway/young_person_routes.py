"""The young person's own plan on their phone: their words, suggestions, actions, signing."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.extensions import db
from participation.inputs import whole_number
from participation.pathway import my_plan_bp as bp
from participation.pathway.actions import add_action, get_action_for, mark_action_done
from participation.pathway.agreement import agree
from participation.pathway.download import download_entry, render_download
from participation.pathway.forms import ActionForm, SectionForm
from participation.pathway.plans import plan_for, section_row, sections_of
from participation.pathway.sections import SECTIONS, section_or_404
from participation.pathway.sign_in import require_young_person
from participation.pathway.suggestions import (
    PLACES,
    get_suggestion_for,
    open_suggestions,
    respond,
)
from participation.pathway.words import (
    Conflict,
    keep_unmerged,
    latest_unmerged,
    merged,
    row_values,
    save_section,
    sections_to_merge,
    versions_of,
)
from participation.problems import Refused
from participation.record.pdfs import pdf_for, pdf_response
from participation.redirects import safe_referrer
from participation.scales.services import parse_value


@bp.get("")
def overview():
    person = require_young_person()
    plan = plan_for(person)
    db.session.commit()
    return render_template(
        "pathway/my_plan.html",
        person=person,
        plan=plan,
        sections=SECTIONS,
        rows=sections_of(plan, with_actions=False),
        suggestions=open_suggestions(plan),
        to_merge=sections_to_merge(plan),
    )


def _section_values(form) -> dict:
    return {
        "in_my_words": form.in_my_words.data or "",
        "want_to_achieve": form.want_to_achieve.data or "",
        "scale": parse_value(request.form.get("scale")),
        "shared_with_network": bool(form.shared_with_network.data),
    }


def _section_context(person, slug: str, action_form=None) -> dict:
    """The young person's section page: their words, or, if a save was refused earlier (say,
    sent from a phone that was offline), both versions waiting to be put together."""
    section = section_or_404(slug)
    row = section_row(plan_for(person), slug)
    db.session.commit()
    waiting = latest_unmerged(row)
    shown = waiting.values if waiting else row_values(row)
    form = SectionForm(
        version=row.version,
        in_my_words=shown["in_my_words"],
        want_to_achieve=shown["want_to_achieve"],
        shared_with_network=shown["shared_with_network"],
    )
    context = {"person": person, "section": section, "row": row, "form": form,
               "action_form": action_form or ActionForm(formdata=None),
               "versions": versions_of(row),
               # The adviser's open suggestions for this section, shown beside the words.
               "suggestions": [s for s in open_suggestions(row.plan)
                               if s.section_id == row.id]}  # fmt: skip
    if waiting and request.method == "GET":
        context.update(conflict=Conflict(row, waiting.values), merging=waiting.id)
    return context


@bp.route("/<slug>", methods=["GET", "POST"])
def section(slug: str):
    person = require_young_person()
    context = _section_context(person, slug)
    form, row = context["form"], context["row"]
    if request.method == "POST" and form.validate_on_submit():
        values = _section_values(form)
        try:
            save_section(person, slug, form.version.data or 0, values)
            merging = whole_number(request.form.get("merging"))
            if merging is not None:
                merged(row, merging)
            db.session.commit()
            return redirect(url_for(".section", slug=slug, saved=1))
        except Conflict as conflict:
            # Nothing is overwritten, and nothing is lost: the refused words are kept and
            # both versions are shown, to be put together by the young person.
            edit = keep_unmerged(conflict.saved, values)
            db.session.commit()
            form.version.data = conflict.saved.version
            context.update(row=conflict.saved, conflict=conflict, merging=edit.id)
            return render_template("pathway/section.html", **context), 409
        except Refused as refused:
            context["error"] = refused.message
            return render_template("pathway/section.html", **context), refused.status
    status = 422 if request.method == "POST" else 200
    return render_template("pathway/section.html", **context), status


@bp.post("/suggestions/<suggestion_id>")
def answer_suggestion(suggestion_id: str):
    person = require_young_person()
    suggestion = get_suggestion_for(person, suggestion_id)
    answer = request.form.get("answer")
    if answer not in ("accept", "change", "decline"):
        abort(400)
    where = request.form.get("where", "end")
    if where not in PLACES:
        abort(400)
    try:
        at = (int(request.form["at_start"]), int(request.form["at_end"]))
    except (KeyError, ValueError):
        at = None
    try:
        respond(person, suggestion, answer, request.form.get("changed_text", ""), where, at,
                request.form.get("seen_text"))  # fmt: skip
        db.session.commit()
    except Conflict:
        raise Refused(_("Your plan changed on another device. Please look again."), 409) from None
    if request.form.get("back") == "section":
        # Answered on the section it is for: back there, to see the words in place.
        return redirect(url_for(".section", slug=suggestion.section.section) + "#words")
    return redirect(url_for(".overview") + "#suggestions")


@bp.post("/<slug>/actions")
def new_action(slug: str):
    person = require_young_person()
    form = ActionForm()
    if not form.validate_on_submit():
        # Shown again with what was wrong beside each box, and what they typed kept.
        context = _section_context(person, slug, action_form=form)
        return render_template("pathway/section.html", **context, adding_action=True), 422
    add_action(person, slug, form.what.data, form.who_helps.data or "", form.by_when.data,
               "young_person", person.name)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".section", slug=slug) + "#actions")


@bp.post("/actions/<action_id>/done")
def action_done(action_id: str):
    person = require_young_person()
    mark_action_done(get_action_for(person, action_id), request.form.get("done") == "yes")
    db.session.commit()
    return redirect(safe_referrer(url_for(".overview")))


@bp.post("/agree")
def sign():
    person = require_young_person()
    agree(person, "young_person")
    db.session.commit()
    return redirect(url_for(".overview") + "#agree")


@bp.get("/download")
def download():
    return render_download(download_entry(_own_plan()))


@bp.route("/download.pdf", methods=["GET", "POST"])
def download_pdf():
    """Made on the "pdf" queue like the record's PDFs: a plan filled to the form limits takes
    seconds to draw, and on a web worker it would hold up everyone else's pages."""
    plan = _own_plan()
    return pdf_response(
        pdf_for("my_plan", plan, download_entry(plan)),
        "my-pathway-plan.pdf",
        lambda: None,  # their own copy of their own words: not a record leaving the service
        "pathway/download_pdf.html",
        person=plan.young_person,
        kept_safe=_("We couldn't make this PDF. Your plan is safe and has not changed."),
    )


def _own_plan():
    # Privacy: the plan comes from who is signed in, never from the URL, so a young person
    # can only ever be handed their own.
    plan = plan_for(require_young_person())
    db.session.commit()
    return plan
