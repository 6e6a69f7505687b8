from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from wtforms import SelectChoice

from participation.activities.services import (
    area_drawings,
    area_words,
    get_access_or_404,
    raise_worry,
)
from participation.activities.tools import tool_for
from participation.audit.services import record, record_now
from participation.children.forms import CHILD_LANGUAGES
from participation.children.models import Child
from participation.children.services import get_child_or_404, visible_children_stmt
from participation.extensions import db, limiter
from participation.htmx import render
from participation.i18n import language_name, speak_the_language_of
from participation.identity.services import sign_out as sign_out_everywhere
from participation.links import external_url
from participation.network import bp
from participation.network.forms import JoinForm, MemberForm, PairForm, RuleForm, SafetyObjectForm
from participation.network.models import Family, NetworkMember, PlanPair, PlanRule
from participation.network.services import (
    add_pair,
    add_rule,
    children_of,
    create_family_for,
    current_member,
    find_invite,
    get_family_or_404,
    get_member_for_worker_or_404,
    issue_invite,
    labels,
    make_boss,
    member_may_see_activity,
    members_of,
    plan_for,
    redeem_invite,
    remove_member,
    require_member,
    share_activity,
    shared_activities_for,
    unshare_activity,
)
from participation.people import current_worker
from participation.responses import private_stored_file
from participation.throttle import CodeGuesses, wait_page
from participation.tokens import CODE_LENGTH, display_code, normalise_code

SHOWN_INVITES = "shown_invites"


# Worker: families and plans ----------------------------------------------------------


@bp.post("/children/<child_id>/family")
@login_required
def open_family(child_id: str):
    worker = current_worker()
    child = get_child_or_404(child_id, worker)
    if child.family_id is None:
        family = create_family_for(child, worker)
        record("create_family", child, "family", family.public_id)
        db.session.commit()
    else:
        family = db.session.get(Family, child.family_id)
    return redirect(url_for(".family", family_id=family.public_id))


def _family_page(family, member_form=None, status=200):
    worker = current_worker()
    member_form = member_form or _member_form()
    loose_children = list(
        db.session.scalars(visible_children_stmt(worker).where(Child.family_id.is_(None)))
    )
    return render_template(
        "network/family.html",
        family=family,
        children=children_of(family),
        loose_children=loose_children,
        plan=family.plan,
        labels=labels(family.plan),
        members=members_of(family),
        member_form=member_form,
    ), status


def _member_form() -> MemberForm:
    form = MemberForm()
    form.language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    return form


@bp.get("/families/<family_id>")
@login_required
def family(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    # The page shows the plan about the children and the members' own details.
    record_now("view_family", None, "family", family.public_id, about=members_of(family))
    return _family_page(family)


@bp.post("/families/<family_id>/children")
@login_required
def add_child(family_id: str):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    child = get_child_or_404(request.form.get("child", ""), worker)
    if child.family_id is None:
        child.family_id = family.id
        db.session.commit()
    return redirect(url_for(".family", family_id=family_id))


@bp.route("/families/<family_id>/plan", methods=["GET", "POST"])
@login_required
def plan(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    plan = plan_for(family)
    object_form = _object_form(plan)
    status = 200
    if request.method == "POST":
        if object_form.validate_on_submit():
            plan.terminology = object_form.terminology.data
            plan.safety_object = object_form.safety_object.data or ""
            plan.object_usual_place = object_form.usual_place.data or ""
            plan.object_moved_means = object_form.moved_means.data or ""
            plan.object_who_acts = object_form.who_acts.data or ""
            db.session.commit()
            return redirect(url_for(".plan", family_id=family_id))
        status = 422
    else:
        record("view_safety_plan", None, "family", family.public_id)
    db.session.commit()
    return _plan_page(family, plan, object_form=object_form, status=status)


def _object_form(plan, formdata=True) -> SafetyObjectForm:
    """The safety object form, filled from the plan unless the worker is submitting it."""
    values = {
        "terminology": plan.terminology,
        "safety_object": plan.safety_object,
        "usual_place": plan.object_usual_place,
        "moved_means": plan.object_moved_means,
        "who_acts": plan.object_who_acts,
    }
    return SafetyObjectForm(**values) if formdata else SafetyObjectForm(formdata=None, **values)


def _plan_page(family, plan, object_form=None, pair_form=None, rule_form=None, status=200):
    statement_label, goal_label = labels(plan)
    pair_form = pair_form or PairForm(formdata=None)
    pair_form.statement.label.text, pair_form.goal.label.text = statement_label, goal_label
    return render_template(
        "network/plan.html",
        family=family,
        plan=plan,
        labels=(statement_label, goal_label),
        object_form=object_form or _object_form(plan, formdata=False),
        pair_form=pair_form,
        rule_form=rule_form or RuleForm(formdata=None),
    ), status


@bp.post("/families/<family_id>/plan/pairs")
@login_required
def add_plan_pair(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    plan = plan_for(family)
    form = PairForm()
    if not form.validate_on_submit():
        return _plan_page(family, plan, pair_form=form, status=422)
    add_pair(plan, form.statement.data, form.goal.data)
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id))


@bp.post("/families/<family_id>/plan/rules")
@login_required
def add_plan_rule(family_id: str):
    family = get_family_or_404(family_id, current_worker())
    plan = plan_for(family)
    form = RuleForm()
    if not form.validate_on_submit():
        return _plan_page(family, plan, rule_form=form, status=422)
    add_rule(plan, form.text.data, form.who.data or "")
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id))


@bp.post("/families/<family_id>/plan/<kind>/<int:item_id>/delete")
@login_required
def delete_plan_item(family_id: str, kind: str, item_id: int):
    family = get_family_or_404(family_id, current_worker())
    plan = plan_for(family)
    model = {"pairs": PlanPair, "rules": PlanRule}.get(kind)
    if model is None:
        abort(404)
    item = db.session.scalar(select(model).where(model.id == item_id, model.plan_id == plan.id))
    if item is None:
        abort(404)
    if kind == "rules" and _rule_has_entries(item):
        # Journal entries point at this rule: keep it so the record still makes sense.
        abort(409)
    db.session.delete(item)
    db.session.commit()
    return redirect(url_for(".plan", family_id=family_id))


def _rule_has_entries(rule: PlanRule) -> bool:
    from participation.journal.models import entry_rules

    return (
        db.session.execute(
            select(entry_rules.c.entry_id).where(entry_rules.c.rule_id == rule.id).limit(1)
        ).first()
        is not None
    )


# Worker: network members -------------------------------------------------------------


@bp.post("/families/<family_id>/members")
@login_required
def add_member(family_id: str):
    worker = current_worker()
    family = get_family_or_404(family_id, worker)
    form = _member_form()
    if not form.validate_on_submit():
        return _family_page(family, member_form=form, status=422)
    member = NetworkMember(
        family_id=family.id,
        name=form.name.data,
        relationship_to_child=form.relationship.data,
        contact=form.contact.data or "",
        contact_shared=form.contact_shared.data,
        language=form.language.data,
        invited_by_id=worker.id,
    )
    db.session.add(member)
    db.session.flush()
    if form.is_boss.data:
        make_boss(member)
    db.session.commit()
    return redirect(url_for(".family", family_id=family_id) + "#network")


@bp.post("/members/<member_id>/invite")
@login_required
def invite(member_id: str):
    member = get_member_for_worker_or_404(member_id, current_worker())
    invite, link, code = issue_invite(member)
    db.session.commit()
    # Shown once, to the worker who made it, from their own server-side session.
    session.setdefault(SHOWN_INVITES, {})[member.public_id] = [link, code]
    session.modified = True
    return redirect(url_for(".show_invite", member_id=member_id))


@bp.get("/members/<member_id>/invite")
@login_required
def show_invite(member_id: str):
    member = get_member_for_worker_or_404(member_id, current_worker())
    # Shown once: the link and code leave the server-side session as this page is made.
    shown = session.get(SHOWN_INVITES, {}).pop(member.public_id, None)
    session.modified = True
    link = external_url("network.join_link", token=shown[0]) if shown else None
    return render_template(
        "network/invite.html",
        member=member,
        link=link,
        code=display_code(shown[1]) if shown else None,
        join_url=external_url("network.join"),
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


@bp.post("/activities/<activity_id>/share")
@login_required
def share(activity_id: str):
    worker = current_worker()
    access = get_access_or_404(activity_id)
    member = get_member_for_worker_or_404(request.form.get("member", ""), worker)
    if request.form.get("action") == "stop":
        unshare_activity(access.activity, member)
        action = "unshare_with_network"
    else:
        share_activity(access.activity, member, worker)
        action = "share_with_network"
    record(action, access.activity.child, "activity", activity_id, detail=member.public_id)
    db.session.commit()
    return redirect(url_for("review.submission", activity_id=activity_id) + "#sharing")


# Network member ----------------------------------------------------------------------


def _join_limit() -> str:
    return current_app.config["CODE_LIMIT"]


@bp.get("/join/<token>")
def join_link(token: str):
    """A GET never uses the invitation up: link previews in messaging apps open links too."""
    invited = find_invite(link=token)
    speak_the_language_of(invited.member.language if invited else None)
    return render_template("network/join_confirm.html", token=token)


@bp.post("/join/<token>")
@limiter.limit(_join_limit, deduct_when=lambda r: r.status_code != 302)
def join_with_link(token: str):
    if redeem_invite(link=token):
        return redirect(url_for(".home"))
    return render_template("network/join_confirm.html", token=token, failed=True), 422


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_join_limit, methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def join():
    form = JoinForm()
    if form.validate_on_submit():
        guesses = CodeGuesses("network_invite")
        if wait := guesses.wait_seconds():
            return wait_page("network/join.html", wait, form=form)
        if redeem_invite(code=form.code.data):
            return redirect(url_for(".home"))
        if len(normalise_code(form.code.data or "")) == CODE_LENGTH:
            guesses.wrong()  # only a real guess counts, not a half-typed code
        form.code.errors.append(
            _("That code didn't work. Ask the social worker for a new invitation.")
        )
        return render_template("network/join.html", form=form), 422
    status = 422 if form.is_submitted() else 200
    return render_template("network/join.html", form=form), status


@bp.get("/network")
def home():
    from participation.journal.services import entries_visible_to_member
    from participation.pathway.services import shared_sections_for_family

    member = require_member()
    family = member.family
    # The plan (and any pathway plan parts a young person shares) is about the family's
    # children and young people: their trail shows which member looked.
    record_now("network_view_plan", None, "family", family.public_id)
    return render_template(
        "network/home.html",
        member=member,
        family=family,
        plan=family.plan,
        labels=labels(family.plan),
        members=members_of(family),
        entries=entries_visible_to_member(member),
        shared=shared_activities_for(member),
        pathway_shared=shared_sections_for_family(family.id),
    )


@bp.route("/network/sign-out", methods=["GET", "POST"])
def sign_out():
    """A network member signs this phone out; the GET is a page with the button, for phones
    without JavaScript or a link from a text message."""
    if request.method == "POST":
        # Ends the session row as well: a copy of this phone's cookie is refused afterwards.
        sign_out_everywhere()
        flash(_("You have signed out. To come back, ask the social worker for a new invitation."))
        return redirect(url_for(".join"))
    if current_member() is None:
        return redirect(url_for(".join"))
    return render_template("network/sign_out.html")


@bp.get("/network/shared/<activity_id>")
def shared_activity(activity_id: str):
    from participation.activities.models import Activity

    member = require_member()
    activity = db.session.scalar(select(Activity).where(Activity.public_id == activity_id))
    if activity is None or not member_may_see_activity(member, activity):
        abort(404)
    record_now("network_view_shared_work", activity.child, "activity", activity.public_id)
    return render_template(
        "network/shared_activity.html",
        member=member,
        activity=activity,
        tool=tool_for(activity.tool),
        words=area_words(activity),
        drawings=area_drawings(activity),
    )


@bp.post("/network/worry")
def worry():
    """ "Something worrying is happening now": alert the worker, and say what to do."""
    member = require_member()
    alert = raise_worry(member=member)
    return render("network/worry.html", "network/_worry_help.html", **_worry_status(member, alert))


def _worry_status(member, alert) -> dict:
    from participation.alerts.services import told_status

    return {
        "member": member,
        "told": told_status(alert) if alert is not None else None,
        "status_url": url_for("network.worry_status"),
    }


@bp.get("/network/worry")
def worry_status():
    """Where the worry has got to, asked again (htmx every 10 s, or "Check again")."""
    from participation.alerts.services import latest_alert

    member = require_member()
    alert = latest_alert(member=member)
    return render("network/worry.html", "alerts/_alert_status.html", **_worry_status(member, alert))


@bp.get("/network/shared/<activity_id>/drawings/<drawing_id>")
def shared_drawing(activity_id: str, drawing_id: str):
    from participation.activities.models import Activity, Drawing

    member = require_member()
    activity = db.session.scalar(select(Activity).where(Activity.public_id == activity_id))
    if activity is None or not member_may_see_activity(member, activity):
        abort(404)
    drawing = db.session.scalar(
        select(Drawing).where(Drawing.public_id == drawing_id, Drawing.activity_id == activity.id)
    )
    if drawing is None:
        abort(404)
    record_now("network_view_drawing", activity.child, "drawing", drawing.public_id)
    return private_stored_file(drawing.storage_key, drawing.media_type)
