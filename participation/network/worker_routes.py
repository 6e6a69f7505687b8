"""The worker's pages about a family: its children, its safety plan and its network members."""

from typing import NamedTuple

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from participation.activities.services import get_access_or_404
from participation.atomic import commit_keeping_loaded
from participation.audit.services import record, record_now
from participation.children.forms import CHILD_LANGUAGES
from participation.children.services import get_child_or_404
from participation.extensions import db
from participation.i18n import language_name
from participation.links import external_url
from participation.network import families_bp as bp
from participation.network.forms import (
    ItemForm,
    MemberForm,
    PairForm,
    ProposalAnswerForm,
    RuleForm,
    SafetyObjectForm,
)
from participation.network.models import PLAN_ITEM_KINDS
from participation.network.services import (
    PLAN_KIND,
    ProposalRefused,
    RuleInUse,
    accept_proposal,
    add_child_to_family,
    add_item,
    add_pair,
    add_rule,
    children_of,
    create_member,
    decline_proposal,
    get_family_or_404,
    get_member_for_worker_or_404,
    get_open_proposal_or_404,
    issue_invite,
    items_by_kind,
    labels,
    loose_children,
    make_boss,
    members_of,
    open_family_for,
    open_proposals,
    plan_for,
    plan_reading,
    plan_translation_progress,
    remove_member,
    remove_plan_item,
    request_plan_translations,
    set_safety_object,
    set_sharing,
    target_text,
    update_item,
    update_rule,
    worker_author,
)
from participation.people import current_worker
from participation.tokens import display_code, show_once, take_shown
from participation.translation.gender import chosen

SHOWN_INVITES = "shown_invites"


@bp.post("/for-child/<child_id>")
@login_required
def open_family(child_id: str):
    worker = current_worker()
    family = open_family_for(get_child_or_404(child_id, worker), worker)
    db.session.commit()
    return redirect(url_for(".family", family_id=family.public_id))


def _family_page(family, member_form=None, status=200):
    member_form = member_form or _member_form()
    progress = plan_translation_progress(family)
    children = children_of(family)
    members = members_of(family)
    return render_template(
        "network/family.html",
        family=family,
        children=children,
        children_by_id={c.id: c for c in children},
        people={m.id: m for m in members},
        items=items_by_kind(family.plan),
        loose_children=loose_children(current_worker()),
        plan=family.plan,
        labels=labels(family.plan),
        members=members,
        member_form=member_form,
        plan_progress=progress,
        plan_panels=_plan_panels(family, progress),
    ), status


def _plan_panels(family, progress) -> dict[str, dict]:
    """A send-for-translation form per member language; its count is that language's."""
    from participation.translation.services import panels

    found = panels(current_worker(), {lang: (PLAN_KIND, family.public_id) for lang, *_ in progress})
    for language, _done, waiting, _all in progress:
        found[language]["pending"] = waiting
    return found


def _member_form() -> MemberForm:
    form = MemberForm()
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    return form


@bp.get("/<family_id>")
@login_required
def family(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    # The page shows the plan about the children and the members' own details.
    record_now("view_family", None, "family", family.public_id, about=members_of(family))
    return _family_page(family)


@bp.post("/<family_id>/children")
@login_required
def add_child(family_id: str):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    add_child_to_family(family, get_child_or_404(request.form.get("child", ""), worker))
    db.session.commit()
    return redirect(url_for(".family", family_id=family_id))


@bp.route("/<family_id>/plan", methods=["GET", "POST"])
@login_required
def plan(family_id: str):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    plan = plan_for(family)
    object_form = _object_form(plan)
    status = 200
    if request.method == "POST":
        if object_form.validate_on_submit():
            chosen = object_form.chosen_by.data or ""
            set_safety_object(
                plan,
                object_form.terminology.data,
                object_form.safety_object.data or "",
                object_form.usual_place.data or "",
                object_form.moved_means.data or "",
                object_form.who_acts.data or "",
                chosen_by_child_id=int(chosen) if chosen.isdigit() else None,
                next_review_on=object_form.next_review_on.data,
                author=worker_author(worker),
            )
            request_plan_translations(family, worker)
            db.session.commit()
            return redirect(url_for(".plan", family_id=family_id))
        status = 422
    else:
        # The page shows members' proposals (their words) as well as the plan.
        record("view_safety_plan", None, "family", family.public_id)
    commit_keeping_loaded()  # the audit row (and a plan made on first view) stay loaded
    return _plan_page(family, plan, object_form=object_form, status=status)


def _object_form(plan, formdata=True) -> SafetyObjectForm:
    """The safety object form, filled from the plan unless the worker is submitting it."""
    values = {
        "terminology": plan.terminology,
        "safety_object": plan.safety_object,
        "usual_place": plan.object_usual_place,
        "moved_means": plan.object_moved_means,
        "who_acts": plan.object_who_acts,
        "chosen_by": str(plan.object_chosen_by_child_id or ""),
        "next_review_on": plan.next_review_on,
    }
    form = SafetyObjectForm(**values) if formdata else SafetyObjectForm(formdata=None, **values)
    form.chosen_by.choices = [SelectChoice("", _("Not said yet"))] + [
        SelectChoice(str(c.id), c.name) for c in children_of(plan.family)
    ]
    return form


class RuleEdit(NamedTuple):
    """A rule's change form shown again open, with what was typed and why it was not saved."""

    rule_id: int
    form: RuleForm
    refused: str = ""


class ItemEdit(NamedTuple):
    """A sentence's change form (or a part's add form) shown again, with what was typed."""

    kind: str
    item_id: int | None
    form: ItemForm


class AnswerShown(NamedTuple):
    """A proposal's answer form shown again, with what was typed and why it was not saved."""

    proposal_id: str
    form: ProposalAnswerForm
    refused: str = ""


def _plan_page(
    family, plan, object_form=None, pair_form=None, rule_form=None, editing=None, status=200,
    item_edit=None, answer=None,
):  # fmt: skip
    statement_label, goal_label = labels(plan)
    pair_form = pair_form or PairForm(formdata=None)
    pair_form.statement.label.text, pair_form.goal.label.text = statement_label, goal_label
    proposals = open_proposals(plan)
    # Beside a proposal not in English, its translation for the worker (labelled as usual).
    reading = plan_reading(family, "en") if proposals else {}
    return render_template(
        "network/plan.html",
        family=family,
        plan=plan,
        labels=(statement_label, goal_label),
        object_form=object_form or _object_form(plan, formdata=False),
        pair_form=pair_form,
        rule_form=rule_form or RuleForm(formdata=None),
        editing=editing,
        items=items_by_kind(plan),
        item_kinds=PLAN_ITEM_KINDS,
        item_form=ItemForm(formdata=None),
        item_edit=item_edit,
        proposals=[(p, target_text(plan, p)) for p in proposals],
        reading=reading,
        answer=answer,
        answer_form=ProposalAnswerForm(formdata=None),
        people={m.id: m for m in members_of(family)},
        children={c.id: c for c in children_of(family)},
    ), status


@bp.post("/<family_id>/plan/pairs")
@login_required
def add_plan_pair(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    plan = plan_for(family)
    form = PairForm()
    if not form.validate_on_submit():
        return _plan_page(family, plan, pair_form=form, status=422)
    add_pair(plan, form.statement.data, form.goal.data, worker_author(current_worker()))
    request_plan_translations(family, current_worker())
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id))


@bp.post("/<family_id>/plan/rules")
@login_required
def add_plan_rule(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    plan = plan_for(family)
    form = RuleForm()
    if not form.validate_on_submit():
        return _plan_page(family, plan, rule_form=form, status=422)
    add_rule(plan, form.text.data, form.who.data or "", worker_author(current_worker()))
    request_plan_translations(family, current_worker())
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id))


@bp.post("/<family_id>/plan/rules/<int:item_id>")
@login_required
def edit_plan_rule(family_id: str, item_id: int):
    """Change a rule's words; only the changed words are asked for in members' languages."""
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    plan = plan_for(family)
    form = RuleForm()
    # Errors and refusals show on this rule's own form, so saving again never adds a rule.
    if not form.validate_on_submit():
        return _plan_page(family, plan, editing=RuleEdit(item_id, form), status=422)
    try:
        update_rule(plan, item_id, form.text.data, form.who.data or "", worker_author(worker))
    except RuleInUse:
        # Journal entries are about these exact words, so they never change under them.
        refused = _(
            "This rule is in journal entries already, so its words stay. Add a new rule"
            " instead, and remove this one when nobody uses it."
        )
        return _plan_page(family, plan, editing=RuleEdit(item_id, form, refused), status=409)
    request_plan_translations(family, worker)
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id))


@bp.post("/<family_id>/plan/<kind>/<int:item_id>/delete")
@login_required
def delete_plan_item(family_id: str, kind: str, item_id: int):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    remove_plan_item(plan_for(family), kind, item_id, worker_author(worker))
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id))


@bp.post("/<family_id>/plan/parts/<kind>")
@login_required
def add_plan_part(family_id: str, kind: str):
    """A bottom line (worker or manager), a contingency, a timeline step, a trigger or a red
    flag; written in English, so it is sent for translation into the members' languages."""
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    plan = plan_for(family)
    if kind not in PLAN_ITEM_KINDS:
        abort(404)
    form = ItemForm()
    if not form.validate_on_submit():
        return _plan_page(family, plan, item_edit=ItemEdit(kind, None, form), status=422)
    add_item(
        plan, kind, form.text.data, form.who.data or "", form.by_when.data, worker_author(worker)
    )
    request_plan_translations(family, worker)
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id) + f"#part-{kind}")


@bp.post("/<family_id>/plan/parts/<kind>/<int:item_id>")
@login_required
def edit_plan_part(family_id: str, kind: str, item_id: int):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    plan = plan_for(family)
    form = ItemForm()
    if not form.validate_on_submit():
        return _plan_page(family, plan, item_edit=ItemEdit(kind, item_id, form), status=422)
    update_item(
        plan, item_id, form.text.data, form.who.data or "", form.by_when.data,
        worker_author(worker),
    )  # fmt: skip
    request_plan_translations(family, worker)
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id) + f"#part-{kind}")


@bp.post("/<family_id>/plan/proposals/<proposal_id>")
@login_required
def answer_proposal(family_id: str, proposal_id: str):
    """Accept a member's words as written, edit them then accept, or decline (with a reason
    the member sees); only proposals for this family's plan, and only once."""
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    plan = plan_for(family)
    proposal = get_open_proposal_or_404(plan, proposal_id)
    form = ProposalAnswerForm()
    action = form.action.data
    if not form.validate_on_submit() or action not in ("accept", "edit", "decline"):
        return _plan_page(family, plan, answer=AnswerShown(proposal_id, form), status=422)
    if action == "edit" and not (form.text.data or "").strip():
        form.text.errors = [_("Please write the words as they go into the plan.")]
        return _plan_page(family, plan, answer=AnswerShown(proposal_id, form), status=422)
    if action == "edit" and proposal.part == "pair" and not (form.goal.data or "").strip():
        form.goal.errors = [_("Please write the goal as it goes into the plan.")]
        return _plan_page(family, plan, answer=AnswerShown(proposal_id, form), status=422)
    # Edited words are in the proposer's language unless the worker says they wrote English.
    language = "en" if form.language.data == "en" else proposal.language
    if action == "decline":
        decline_proposal(proposal, worker, form.reason.data or "")
    else:
        editing = action == "edit"
        try:
            accept_proposal(
                plan, proposal, worker, form.text.data if editing else None,
                form.goal.data if editing else None, language if editing else None,
            )  # fmt: skip
        except ProposalRefused:
            db.session.rollback()
            refused = _(
                "This rule is in journal entries already, so its words stay. Add the words"
                " as a new rule instead."
            )
            return _plan_page(
                family, plan, answer=AnswerShown(proposal_id, form, refused), status=409
            )
        request_plan_translations(family, worker)
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id) + "#proposals")


@bp.post("/<family_id>/members")
@login_required
def add_member(family_id: str):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    form = _member_form()
    if not form.validate_on_submit():
        return _family_page(family, member_form=form, status=422)
    member = create_member(
        family,
        worker,
        name=form.name.data,
        relationship=form.relationship.data,
        contact=form.contact.data or "",
        contact_shared=form.contact_shared.data,
        language=form.language.data,
        is_boss=form.is_boss.data,
        role=form.role.data,
    )
    # Safeguarding: whom they can speak through, when an interpreter is needed.
    member.interpreter_gender = chosen(form.interpreter_gender.data)
    # Someone new who reads another language is asked for the plan in it straight away.
    request_plan_translations(family, worker)
    db.session.commit()
    return redirect(url_for(".family", family_id=family_id) + "#network")


@bp.post("/members/<member_id>/invite")
@login_required
def invite(member_id: str):
    member = get_member_for_worker_or_404(member_id, current_worker())
    invite, link, code = issue_invite(member)
    db.session.commit()
    # Shown once, to the worker who made it, from their own server-side session.
    show_once(SHOWN_INVITES, member.public_id, [link, code])
    return redirect(url_for(".show_invite", member_id=member_id))


@bp.get("/members/<member_id>/invite")
@login_required
def show_invite(member_id: str):
    member = get_member_for_worker_or_404(member_id, current_worker())
    # Shown once: the link and code leave the server-side session as this page is made.
    shown = take_shown(SHOWN_INVITES, member.public_id)
    link = external_url("join.link", token=shown[0]) if shown else None
    return render_template(
        "network/invite.html",
        member=member,
        link=link,
        code=display_code(shown[1]) if shown else None,
        join_url=external_url("join.with_code"),
        days=current_app.config["INVITE_TTL"].days,
    )


@bp.post("/members/<member_id>/boss")
@login_required
def boss(member_id: str):
    member = get_member_for_worker_or_404(member_id, current_worker())
    make_boss(member)
    db.session.commit()
    return redirect(url_for(".family", family_id=member.family.public_id) + "#network")


@bp.post("/members/<member_id>/remove")
@login_required
def remove(member_id: str):
    member = get_member_for_worker_or_404(member_id, current_worker())
    remove_member(member)
    db.session.commit()
    return redirect(url_for(".family", family_id=member.family.public_id) + "#network")


@bp.post("/share/<activity_id>")
@login_required
def share(activity_id: str):
    worker = current_worker()
    access = get_access_or_404(activity_id)
    member = get_member_for_worker_or_404(request.form.get("member", ""), worker)
    set_sharing(access.activity, member, worker, share=request.form.get("action") != "stop")
    db.session.commit()
    return redirect(url_for("review.submission", activity_id=activity_id) + "#sharing")
