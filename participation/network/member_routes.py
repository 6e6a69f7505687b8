"""A network member's pages on their phone: the plan, what was shared, a worry, signing out."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.activities.services import area_drawings, area_words
from participation.activities.tools import tool_for
from participation.alerts.raising import raise_member_worry
from participation.audit.services import record_now
from participation.htmx import render
from participation.identity.services import sign_out as sign_out_everywhere
from participation.network import network_bp as bp
from participation.network.services import (
    children_of,
    current_member,
    get_shared_activity_or_404,
    get_shared_drawing_or_404,
    items_by_kind,
    labels,
    members_of,
    plan_reading,
    proposals_of,
    require_member,
    shared_activities_for,
)
from participation.responses import private_stored_file


@bp.get("")
def home():
    from participation.journal.services import entries_visible_to_member
    from participation.pathway.plans import shared_sections_for_family

    member = require_member()
    family = member.family
    # The plan (and any pathway plan parts a young person shares) is about the family's
    # children and young people: their trail shows which member looked.
    record_now("network_view_plan", None, "family", family.public_id)
    members = members_of(family)
    return render_template(
        "network/home.html",
        member=member,
        family=family,
        plan=family.plan,
        labels=labels(family.plan),
        # Each piece of the plan in the member's own language, where it is translated.
        reading=plan_reading(family, member.language),
        members=members,
        # Every part of the plan, each sentence with who wrote it.
        items=items_by_kind(family.plan),
        people={m.id: m for m in members},
        children={c.id: c for c in children_of(family)},
        # Only this member's own proposals, with what became of them.
        proposals=proposals_of(member)[:5],
        entries=entries_visible_to_member(member),
        shared=shared_activities_for(member),
        pathway_shared=shared_sections_for_family(family.id),
    )


@bp.route("/sign-out", methods=["GET", "POST"])
def sign_out():
    """A network member signs this phone out; the GET is a page with the button, for phones
    without JavaScript or a link from a text message."""
    if request.method == "POST":
        # Ends the session row as well: a copy of this phone's cookie is refused afterwards.
        sign_out_everywhere()
        flash(_("You have signed out. To come back, ask the social worker for a new invitation."))
        return redirect(url_for("join.with_code"))
    if current_member() is None:
        return redirect(url_for("join.with_code"))
    return render_template("network/sign_out.html")


@bp.get("/shared/<activity_id>")
def shared_activity(activity_id: str):
    member = require_member()
    activity = get_shared_activity_or_404(member, activity_id)
    record_now("network_view_shared_work", activity.child, "activity", activity.public_id)
    return render_template(
        "network/shared_activity.html",
        member=member,
        activity=activity,
        tool=tool_for(activity.tool),
        words=area_words(activity),
        drawings=area_drawings(activity),
    )


@bp.post("/worry")
def worry():
    """ "Something worrying is happening now": alert the worker, and say what to do."""
    member = require_member()
    alert = raise_member_worry(member)
    return render("network/worry.html", "network/_worry_help.html", **_worry_status(member, alert))


def _worry_status(member, alert) -> dict:
    from participation.alerts.services import told_status

    return {
        "member": member,
        "told": told_status(alert) if alert is not None else None,
        "status_url": url_for("network.worry_status"),
    }


@bp.get("/worry")
def worry_status():
    """Where the worry has got to, asked again (htmx every 10 s, or "Check again")."""
    from participation.alerts.services import latest_alert

    member = require_member()
    alert = latest_alert(member=member)
    return render("network/worry.html", "alerts/_alert_status.html", **_worry_status(member, alert))


@bp.get("/shared/<activity_id>/drawings/<drawing_id>")
def shared_drawing(activity_id: str, drawing_id: str):
    member = require_member()
    drawing = get_shared_drawing_or_404(member, activity_id, drawing_id)
    record_now("network_view_drawing", drawing.activity.child, "drawing", drawing.public_id)
    return private_stored_file(drawing.storage_key, drawing.media_type)
