from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from wtforms import SelectChoice

from participation.audit.services import record
from participation.children.forms import CHILD_LANGUAGES
from participation.extensions import db, limiter
from participation.i18n import language_name, speak_the_language_of
from participation.identity.services import sign_out as sign_out_everywhere
from participation.inputs import whole_number
from participation.links import external_url
from participation.network.models import Family
from participation.pathway import bp
from participation.pathway.download import download_entry, render_download
from participation.pathway.forms import (
    AcceptInviteForm,
    ActionForm,
    CodeRequestForm,
    SectionForm,
    SuggestionForm,
    YoungPersonForm,
    YoungPersonSignInForm,
)
from participation.pathway.models import AgreedPlanVersion, YoungPerson
from participation.pathway.sections import SECTIONS, section_or_404
from participation.pathway.services import (
    Conflict,
    accept_invite,
    add_action,
    agree,
    check_password,
    find_invite,
    get_action_for,
    get_suggestion_for,
    get_young_person_or_404,
    issue_invite,
    keep_unmerged,
    latest_unmerged,
    merged,
    open_suggestions,
    plan_for,
    plans_due,
    require_young_person,
    respond,
    save_section,
    section_row,
    sections_of,
    sections_to_merge,
    send_one_time_code,
    start_session,
    suggest,
    use_one_time_code,
    versions_of,
    visible_young_people_stmt,
)
from participation.people import current_worker
from participation.problems import Refused
from participation.record.pdfs import pdf_for, pdf_response
from participation.redirects import safe_referrer
from participation.scales.services import parse_value
from participation.throttle import AccountThrottle, CodeGuesses, wait_page
from participation.tokens import CODE_LENGTH, display_code, normalise_code
from participation.translation.services import panels, translations_for

SHOWN_YP_INVITES = "shown_yp_invites"


def _limit() -> str:
    from flask import current_app

    return current_app.config["SIGN_IN_LIMIT"]


# Personal adviser -----------------------------------------------------------------------


@bp.get("/young-people")
@login_required
def list_people():
    worker = current_worker()
    people = list(db.session.scalars(visible_young_people_stmt(worker).order_by(YoungPerson.name)))
    return render_template("pathway/list.html", people=people, due=plans_due(worker))


@bp.route("/young-people/new", methods=["GET", "POST"])
@login_required
def new_person():
    worker = current_worker()
    form = YoungPersonForm()
    form.preferred_language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    if form.validate_on_submit():
        person = YoungPerson(
            name=form.name.data,
            date_of_birth=form.date_of_birth.data,
            preferred_language=form.preferred_language.data,
            personal_adviser_id=worker.id,
        )
        db.session.add(person)
        db.session.commit()
        return redirect(url_for(".adviser_view", person_id=person.public_id))
    status = 422 if form.is_submitted() else 200
    return render_template("pathway/new.html", form=form), status


def _adviser_page(person, failed=None, status=200):
    """`failed` is the (slug, form) that did not validate, shown again with its errors."""
    plan = plan_for(person)
    db.session.commit()
    agreed = list(
        db.session.scalars(
            select(AgreedPlanVersion)
            .where(AgreedPlanVersion.plan_id == plan.id)
            .order_by(AgreedPlanVersion.number.desc())
        )
    )
    suggestions = open_suggestions(plan)
    # One send form for the plan's words, and one for each open suggestion.
    suggestion_panels = panels(
        current_worker(),
        {
            "words": ("pathway_plan", plan.public_id),
            **{s.public_id: ("suggestion", s.public_id) for s in suggestions},
        },
    )
    return render_template(
        "pathway/adviser.html",
        person=person,
        plan=plan,
        sections=SECTIONS,
        rows=sections_of(plan),
        suggestions=suggestions,
        agreed=agreed,
        forms=_section_forms(failed),
        translations=translations_for("pathway_plan", plan.public_id),
        words_panel=suggestion_panels.pop("words"),
        suggestion_panels=suggestion_panels,
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


@bp.get("/young-people/<person_id>")
@login_required
def adviser_view(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    record("view_pathway_plan", None, "young_person", person.public_id)
    return _adviser_page(person)


@bp.post("/young-people/<person_id>/sections/<slug>/words")
@login_required
def adviser_edit_words(person_id: str, slug: str):
    """Refused by design: a young person's own words are theirs alone to write."""
    get_young_person_or_404(person_id, current_worker())
    section_or_404(slug)
    raise Refused(
        _("Only the young person can write their own words. Make a suggestion instead."), 403
    )


@bp.post("/young-people/<person_id>/sections/<slug>/suggestions")
@login_required
def adviser_suggest(person_id: str, slug: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    section_or_404(slug)
    form = SuggestionForm(prefix=f"{slug}-suggest")
    if not form.validate_on_submit():
        return _adviser_page(person, failed=(slug, "suggest", form), status=422)
    suggest(person, slug, form.field.data, form.text.data, worker)
    db.session.commit()
    return redirect(url_for(".adviser_view", person_id=person_id) + f"#{slug}")


@bp.post("/young-people/<person_id>/sections/<slug>/actions")
@login_required
def adviser_action(person_id: str, slug: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    section_or_404(slug)
    form = ActionForm(prefix=f"{slug}-action")
    if not form.validate_on_submit():
        return _adviser_page(person, failed=(slug, "action", form), status=422)
    add_action(person, slug, form.what.data, form.who_helps.data or "", form.by_when.data,
               "personal_adviser", worker.name)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".adviser_view", person_id=person_id) + f"#{slug}")


@bp.post("/young-people/<person_id>/agree")
@login_required
def adviser_agree(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    version = agree(person, "personal_adviser")
    record("agree_pathway_plan", None, "young_person", person.public_id)
    db.session.commit()
    return redirect(url_for(".adviser_view", person_id=person_id) + ("#agreed" if version else ""))


@bp.post("/young-people/<person_id>/invite")
@login_required
def adviser_invite(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    link, code = issue_invite(person)
    db.session.commit()
    session.setdefault(SHOWN_YP_INVITES, {})[person.public_id] = [link, code]
    session.modified = True
    return redirect(url_for(".adviser_show_invite", person_id=person_id))


@bp.get("/young-people/<person_id>/invite")
@login_required
def adviser_show_invite(person_id: str):
    person = get_young_person_or_404(person_id, current_worker())
    # Shown once: the link and code leave the server-side session as this page is made.
    shown = session.get(SHOWN_YP_INVITES, {}).pop(person.public_id, None)
    session.modified = True
    return render_template(
        "pathway/invite.html",
        person=person,
        link=external_url("pathway.join_link", token=shown[0]) if shown else None,
        code=display_code(shown[1]) if shown else None,
        join_url=external_url("pathway.join"),
    )


@bp.post("/young-people/<person_id>/network")
@login_required
def adviser_network(person_id: str):
    worker = current_worker()
    person = get_young_person_or_404(person_id, worker)
    if person.family_id is None:
        family = Family(name=_("%(name)s's network", name=person.name), created_by_id=worker.id)
        db.session.add(family)
        db.session.flush()
        person.family_id = family.id
        db.session.commit()
    family = db.session.get(Family, person.family_id)
    return redirect(url_for("network.family", family_id=family.public_id) + "#network")


# Young person: joining and signing in -----------------------------------------------------


def _join_page(form, token=None, failed=False, status=200):
    return render_template("pathway/join.html", form=form, token=token, failed=failed), status


@bp.route("/yp/join/<token>", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def join_link(token: str):
    """GET only shows the form: link previews in messaging apps must not use it up."""
    invited = find_invite(link=token)
    speak_the_language_of(invited.young_person.preferred_language if invited else None)
    form = AcceptInviteForm()
    if form.validate_on_submit():
        if invited is None:
            return _join_page(form, token, failed=True, status=422)
        return _accept(invited, form, token)
    return _join_page(form, token, status=422 if form.is_submitted() else 200)


@bp.route("/yp/join", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def join():
    form = AcceptInviteForm()
    if form.validate_on_submit():
        code = request.form.get("code", "")
        guesses = CodeGuesses("young_person_invite")
        if wait := guesses.wait_seconds():
            return wait_page("pathway/join.html", wait, form=form, token=None, failed=False)
        invite = find_invite(code=code)
        if invite is None:
            if len(normalise_code(code)) == CODE_LENGTH:
                guesses.wrong()  # only a real guess counts, not a half-typed code
            return _join_page(form, failed=True, status=422)
        return _accept(invite, form, None)
    return _join_page(form, status=422 if form.is_submitted() else 200)


def _accept(invite, form, token):
    try:
        invite.young_person.contact = form.contact.data or ""
        accept_invite(invite, form.username.data, form.password.data)
    except Refused as refused:
        db.session.rollback()
        form.username.errors.append(refused.message)
        return _join_page(form, token, status=422)
    return redirect(url_for(".my_plan"))


# Per address here; per sign-in name with a growing wait (never a hard lock) in
# AccountThrottle, so someone who knows a young person's name can't shut them out.
@bp.route("/yp/sign-in", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def sign_in():
    form = YoungPersonSignInForm()
    if form.validate_on_submit():
        throttle = AccountThrottle("young_person", form.username.data or "")
        if wait := throttle.wait_seconds():
            return wait_page("pathway/sign_in.html", wait, form=form)
        person = check_password(form.username.data, form.password.data)
        if person:
            start_session(person)
            return throttle.succeeded(redirect(url_for(".my_plan")))
        throttle.failed()
        form.password.errors.append(_("That name and password don't match. Please try again."))
        return render_template("pathway/sign_in.html", form=form), 422
    status = 422 if form.is_submitted() else 200
    return render_template("pathway/sign_in.html", form=form), status


@bp.route("/yp/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def sign_in_code():
    form = CodeRequestForm()
    sent = False
    if form.validate_on_submit():
        if form.code.data:
            # Code guesses count with password guesses against the same name, and with
            # everyone's guesses at one-time codes (asking for a code is not a guess).
            throttle = AccountThrottle("young_person", form.username.data or "")
            guesses = CodeGuesses("one_time_code")
            if wait := max(throttle.wait_seconds(), guesses.wait_seconds()):
                return wait_page("pathway/sign_in_code.html", wait, form=form, sent=True)
            person = use_one_time_code(form.username.data, form.code.data)
            if person:
                start_session(person)
                return throttle.succeeded(redirect(url_for(".my_plan")))
            throttle.failed()
            if len(normalise_code(form.code.data)) == CODE_LENGTH:
                guesses.wrong()
            form.code.errors.append(_("That code didn't work. Ask for a new one."))
            return render_template("pathway/sign_in_code.html", form=form, sent=True), 422
        send_one_time_code(form.username.data)
        sent = True  # the same answer whether or not the name exists
    return render_template("pathway/sign_in_code.html", form=form, sent=sent)


@bp.post("/yp/sign-out")
def sign_out():
    # Ends the session row as well: a copy of this phone's cookie is refused afterwards.
    sign_out_everywhere()
    flash(_("You have signed out."))
    return redirect(url_for(".sign_in"))


# Young person: their plan -------------------------------------------------------------------


@bp.get("/my-plan")
def my_plan():
    person = require_young_person()
    plan = plan_for(person)
    db.session.commit()
    return render_template(
        "pathway/my_plan.html",
        person=person,
        plan=plan,
        sections=SECTIONS,
        rows=sections_of(plan),
        suggestions=open_suggestions(plan),
        to_merge=sections_to_merge(plan),
    )


def _row_values(row) -> dict:
    return {
        "in_my_words": row.in_my_words,
        "want_to_achieve": row.want_to_achieve,
        "scale": row.scale,
        "shared_with_network": row.shared_with_network,
    }


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
    shown = waiting.values if waiting else _row_values(row)
    form = SectionForm(
        version=row.version,
        in_my_words=shown["in_my_words"],
        want_to_achieve=shown["want_to_achieve"],
        shared_with_network=shown["shared_with_network"],
    )
    context = {"person": person, "section": section, "row": row, "form": form,
               "action_form": action_form or ActionForm(formdata=None),
               "versions": versions_of(row)}  # fmt: skip
    if waiting and request.method == "GET":
        context.update(conflict=Conflict(row, waiting.values), merging=waiting.id)
    return context


@bp.route("/my-plan/<slug>", methods=["GET", "POST"])
def my_section(slug: str):
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
            return redirect(url_for(".my_section", slug=slug, saved=1))
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


@bp.post("/my-plan/suggestions/<suggestion_id>")
def my_suggestion(suggestion_id: str):
    person = require_young_person()
    suggestion = get_suggestion_for(person, suggestion_id)
    answer = request.form.get("answer")
    if answer not in ("accept", "change", "decline"):
        abort(400)
    try:
        respond(person, suggestion, answer, request.form.get("changed_text", ""))
        db.session.commit()
    except Conflict:
        raise Refused(_("Your plan changed on another device. Please look again."), 409) from None
    return redirect(url_for(".my_plan") + "#suggestions")


@bp.post("/my-plan/<slug>/actions")
def my_action(slug: str):
    person = require_young_person()
    form = ActionForm()
    if not form.validate_on_submit():
        # Shown again with what was wrong beside each box, and what they typed kept.
        context = _section_context(person, slug, action_form=form)
        return render_template("pathway/section.html", **context, adding_action=True), 422
    add_action(person, slug, form.what.data, form.who_helps.data or "", form.by_when.data,
               "young_person", person.name)  # fmt: skip
    db.session.commit()
    return redirect(url_for(".my_section", slug=slug) + "#actions")


@bp.post("/my-plan/actions/<action_id>/done")
def my_action_done(action_id: str):
    person = require_young_person()
    action = get_action_for(person, action_id)
    action.done = request.form.get("done") == "yes"
    db.session.commit()
    return redirect(safe_referrer(url_for(".my_plan")))


@bp.post("/my-plan/agree")
def my_agree():
    person = require_young_person()
    agree(person, "young_person")
    db.session.commit()
    return redirect(url_for(".my_plan") + "#agree")


@bp.get("/my-plan/download")
def my_download():
    return render_download(download_entry(_own_plan()))


@bp.route("/my-plan/download.pdf", methods=["GET", "POST"])
def my_download_pdf():
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
