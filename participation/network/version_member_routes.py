"""The agreed safety plan on every member's and parent's phone, in their own language, and a
copy of it to print."""

from flask import render_template

from participation.audit.services import record_now
from participation.network import network_bp as bp
from participation.network.services import labels, require_member
from participation.network.versions import latest_agreed, reading_of


def _agreed_page(template: str, action: str):
    """Only the signed-in member's own family's plan: the family comes from who is signed in,
    never from the URL, so a member of one family can never open another's."""
    member = require_member()
    family = member.family
    version = latest_agreed(family.id)
    page = render_template(
        template,
        member=member,
        family=family,
        version=version,
        plan=version.content if version else None,
        labels=labels(family.plan),
        # The member's language: each sentence's finished translation of the agreed words.
        reading=reading_of(version, member.language) if version else {},
    )
    # The plan is about the family's children: their trail shows which member read it.
    record_now(action, None, "family", family.public_id,
               detail=str(version.number) if version else "")  # fmt: skip
    return page


@bp.get("/plan/agreed")
def agreed_plan():
    return _agreed_page("network/agreed_plan.html", "network_view_agreed_plan")


@bp.get("/plan/agreed/print")
def agreed_plan_print():
    """The same plan on a plain page made for paper (the record's print stylesheet)."""
    return _agreed_page("network/agreed_plan_print.html", "network_print_agreed_plan")
