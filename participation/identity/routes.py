from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from participation.audit.services import record
from participation.extensions import db
from participation.i18n import babel_supported
from participation.identity import bp
from participation.identity.models import Kind
from participation.identity.services import (
    end_sessions_for,
    newer_sessions_than,
    save_language,
    who_is_asking,
)
from participation.people import current_worker
from participation.redirects import safe_next


def _back(target: str | None, fallback: str = "/") -> str:
    """Back to the page the person was on, without its ?lang= (which would undo the choice)."""
    target = safe_next(target, fallback)
    parts = urlsplit(target)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "lang"])
    return parts.path + (f"?{query}" if query else "")


@bp.post("/language")
def choose_language():
    """The language picker. Choosing is a POST, so no link or prefetch can change what is
    saved on anyone's record; the choice holds for this browser session either way."""
    chosen = request.form.get("lang", "")
    if chosen in babel_supported():
        session["lang"] = chosen
        if save_language(chosen, remember=request.form.get("remember") == "1"):
            db.session.commit()
    return redirect(_back(request.form.get("next")))


@bp.post("/others/end")
def end_my_other_sessions():
    """ "Sign out my other phones": a network member or young person who lost a phone ends
    every session of theirs begun before this one and stays signed in here."""
    identity = who_is_asking()
    if identity is None or identity.kind not in (Kind.MEMBER, Kind.YOUNG_PERSON):
        abort(404)
    ended = end_sessions_for(identity.kind, identity.person.id, except_current=True)
    db.session.commit()
    if ended:
        flash(
            ngettext(
                "Done. %(num)s other phone or computer is signed out.",
                "Done. %(num)s other phones or computers are signed out.",
                ended,
            )
        )
    if newer_sessions_than(identity.signed_in):
        # Only phones signed in before this one can be signed out from here, so a lost
        # phone can't sign out the owner's new one; the worker can end them all.
        flash(
            _(
                "A phone that signed in after this one is still signed in. If it is not yours, "
                "ask your worker to sign you out on every phone."
            )
        )
    elif not ended:
        flash(_("You were not signed in anywhere else."))
    home = "network.home" if identity.kind == Kind.MEMBER else "my_plan.overview"
    return redirect(url_for(home))


@bp.post("/members/<member_id>/end")
@login_required
def end_member_sessions(member_id: str):
    """The worker signs a network member out on every phone (only a member they may see)."""
    from participation.network.services import get_member_for_worker_or_404

    member = get_member_for_worker_or_404(member_id, current_worker())
    back = url_for("families.family", family_id=member.family.public_id) + "#network"
    return _signed_out_everywhere(Kind.MEMBER, member, "end_member_sessions", back)


@bp.post("/young-people/<person_id>/end")
@login_required
def end_young_person_sessions(person_id: str):
    """The adviser signs a young person out on every phone (only someone they support)."""
    from participation.pathway.plans import get_young_person_or_404

    person = get_young_person_or_404(person_id, current_worker())
    back = url_for("adviser.view_plan", person_id=person.public_id)
    return _signed_out_everywhere(Kind.YOUNG_PERSON, person, "end_young_person_sessions", back)


def _signed_out_everywhere(kind: Kind, person, action: str, back: str):
    """A worker ends every session of one person: in the audit log, and said on the page."""
    object_kind = "network_member" if kind == Kind.MEMBER else "young_person"
    end_sessions_for(kind, person.id)
    record(action, None, object_kind, person.public_id)
    db.session.commit()
    flash(_("%(name)s is signed out on every phone.", name=person.name))
    return redirect(back)
