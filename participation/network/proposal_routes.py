"""A network member or parent proposes words for their family's plan, on their phone."""

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from participation.audit.services import record_now
from participation.extensions import db
from participation.network import network_bp as bp
from participation.network.forms import ProposalForm
from participation.network.services import (
    MEMBER_ITEM_KINDS,
    NO_TARGET_PARTS,
    PROPOSAL_PARTS,
    answers_reading,
    create_proposal,
    existing_proposal,
    items_by_kind,
    labels,
    members_of,
    plan_reading,
    proposals_of,
    require_member,
    sentence_words,
)


def _page(member, form, status=200):
    """The choices (every part, every sentence) and, once one is chosen, its form."""
    family = member.family
    part, target = form.part.data or "", form.target.data or ""
    if (part and part not in PROPOSAL_PARTS) or (part in NO_TARGET_PARTS and target):
        abort(404)
    return render_template(
        "network/propose.html",
        member=member,
        family=family,
        plan=family.plan,
        labels=labels(family.plan),
        reading=plan_reading(family, member.language),
        items=items_by_kind(family.plan),
        # Bottom lines and the council's contingency are the worker's and manager's only.
        item_kinds=MEMBER_ITEM_KINDS,
        people={m.id: m for m in members_of(family)},
        form=form,
        part=part,
        target=target,
        current=_current_words(family.plan, part, target),
        # The words now are shown in the member's language once translated, as on the plan.
        current_field=_field(part, target),
        current_language=_language(family.plan, part, target),
    ), status


def _field(part: str, target: str) -> str:
    """The name the sentence's translations are filed under (see services.plan_texts)."""
    if part == "object":
        return "safety_object"
    if part in ("statement", "goal"):
        return f"pair:{target}:{part}"
    if part == "rule":
        return f"rule:{target}:text"
    return f"item:{target}:text"


def _language(plan, part: str, target: str) -> str:
    """The language the sentence was written in, so its words are labelled truly."""
    if plan is not None and part == "object":
        return plan.object_language or "en"
    if plan is None or not target:
        return "en"
    sentences = [*plan.rules, *plan.items]
    if part in ("statement", "goal"):
        found = next((p for p in plan.pairs if str(p.id) == target), None)
    else:
        found = next((s for s in sentences if s.public_id == target), None)
    return (found.language if found is not None else "") or "en"


def _current_words(plan, part: str, target: str) -> str:
    """The words a change would replace, from this family's plan only."""
    if part == "object":
        return plan.safety_object if plan is not None else ""  # one object per plan
    if not target:
        return ""
    words = sentence_words(plan, part, target)
    if words is None:
        abort(404)
    return words


@bp.get("/propose")
def propose():
    member = require_member()
    form = ProposalForm(
        formdata=None, part=request.args.get("part", ""), target=request.args.get("target", "")
    )
    # The page shows the plan (about the children) in the member's language.
    record_now("network_view_plan", None, "family", member.family.public_id)
    return _page(member, form)


@bp.post("/proposals")
def send_proposal():
    """Sent twice (a double tap, a retry on a bad signal), the form still makes one proposal."""
    member = require_member()
    form = ProposalForm()
    if not form.validate_on_submit():
        return _page(member, form, status=422)
    try:
        create_proposal(
            member, form.part.data, form.target.data or "", form.text.data, form.client_key.data,
            goal_text=form.goal.data or "",
        )  # fmt: skip
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # two copies raced: the first one stands
        if existing_proposal(member, form.client_key.data) is None:
            raise
    return redirect(url_for(".my_proposals", sent=1))


@bp.get("/proposals")
def my_proposals():
    """The member's own proposals and what became of them (a reason, if one was given)."""
    member = require_member()
    proposals = proposals_of(member)
    record_now("network_view_own_proposals", None, "family", member.family.public_id)
    return render_template(
        "network/proposals.html",
        member=member,
        proposals=proposals,
        # The worker's reasons and edited words, in the member's language where translated.
        reading=answers_reading(member, proposals),
        sent=request.args.get("sent") == "1",
    )
