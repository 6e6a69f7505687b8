"""The child's space (/me, or /children/<id>/together-space on the worker's device) and the
worker's panel that chooses what is in it (/children/<id>/space)."""

from flask import redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from participation.activities.addressed import address
from participation.audit.services import record_now
from participation.children.services import get_child_or_404
from participation.childspace import bp, worker_bp
from participation.childspace.services import (
    SAFETY_OBJECT_MAX,
    SpaceVisit,
    choose_safety_object,
    chosen_object,
    close_finished_visit,
    code_visit,
    family_public_id,
    has_space,
    mark_read,
    minutes_after_finish,
    share,
    space_cards,
    stop_sharing,
    worker_panel,
)
from participation.extensions import db
from participation.htmx import render, render_fragment
from participation.people import current_worker


def space_page(visit: SpaceVisit, status: int = 200, **forms: dict):
    """The space as the child sees it: one card per shared thing, each read noted. A card's
    own form given again (its words and a plain reason) is shown on that card."""
    child = visit.child
    address(child)
    cards = space_cards(child)
    language = child.preferred_language
    # The plan's card carries the child's own safety object form (see choose_object); a
    # meeting's card, the child's answer to it (meetings.child_routes).
    extra = {"mode": visit.mode, "chosen": chosen_object(child), "object_form": {}, **forms}
    rendered = [_card(c.shareable.template, c.item, child, language, extra) for c in cards]
    mark_read(cards, child, visit.mode)
    db.session.commit()
    return render_template(
        "childspace/space.html",
        visit=visit,
        child=child,
        activity=visit.activity,
        cards=rendered,
        worker_name=child.allocated_worker.first_name,
        space_minutes=minutes_after_finish(),
    ), status


def _card(template: str, item, child, language: str, extra: dict | None = None) -> Markup:
    """One card: a fragment's macro (`_name.html`), or a whole template given item, child,
    language and the space's extras (how it is open, the child's own safety object)."""
    context = {"item": item, "child": child, "language": language, **(extra or {})}
    if template.rpartition("/")[2].startswith("_"):
        return render_fragment(template, **context)
    # Jinja autoescapes the card's template, so what it returns is already safe HTML.
    return Markup(render_template(template, **context))  # noqa: S704


def _object_words() -> tuple[str, dict]:
    """The child's words for their safety object, and the form to show again if they are
    missing or too long (kept as typed, with a plain reason)."""
    words = (request.form.get("safety_object") or "").strip()
    if not words:
        return "", {"words": words, "error": _("Write or say what your safety object is.")}
    if len(words) > SAFETY_OBJECT_MAX:
        return "", {"words": words, "error": _("That is a bit long. Please use fewer words.")}
    return words, {}


@bp.post("/safety-object")
def choose_object():
    """The child chooses the safety object on their own device (signed in with a code)."""
    visit = code_visit()
    if visit is None:
        return render_template("childspace/no_space.html", activity=None), 404
    words, form = _object_words()
    if not words:
        return space_page(visit, 422, object_form=form)
    choose_safety_object(visit.child, words, visit.mode)
    db.session.commit()
    return redirect(url_for(".space") + "#safety-object")


@bp.get("")
def space():
    visit = code_visit()
    if visit is None:
        # Signed out (or never signed in): nothing about anyone, only how to get in.
        return render_template("childspace/no_space.html", activity=None)
    return space_page(visit)


@bp.post("/close")
def close():
    """ "I've finished looking": the space closes on this device now, not in a few minutes."""
    close_finished_visit()
    response = redirect(url_for("activities.thanks"))
    # Privacy: the tablet may be handed to someone else next; the browser's copies of the
    # space's pages (the plan, the worker's replies, the pictures) go with the session key.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@worker_bp.get("/together")
@login_required
def together_space(child_id: str):
    """Together mode: the child looks at their space on the worker's device, in the child's
    language, exactly as they would see it on their own (only what is shared)."""
    child = get_child_or_404(child_id, current_worker())
    visit = SpaceVisit(child, "together", None)
    language = child.preferred_language or "en"
    with force_locale(language):
        return space_page(visit)


@worker_bp.post("/together/safety-object")
@login_required
def together_choose_object(child_id: str):
    """Together mode: the child chooses their safety object on the worker's device; only a
    child on this worker's caseload, into their own family's plan."""
    child = get_child_or_404(child_id, current_worker())
    visit = SpaceVisit(child, "together", None)
    with force_locale(child.preferred_language or "en"):
        words, form = _object_words()
        if not words:
            return space_page(visit, 422, object_form=form)
    choose_safety_object(child, words, visit.mode)
    db.session.commit()
    return redirect(url_for(".together_space", child_id=child_id) + "#safety-object")


def _panel_context(child_id: str) -> dict:
    child = get_child_or_404(child_id, current_worker())
    return {
        "child": child,
        "space_panel": worker_panel(child),
        "family_id": family_public_id(child),
    }


@worker_bp.get("")
@login_required
def worker_space(child_id: str):
    """The panel on a page of its own (no JavaScript, or a link from the child's page)."""
    context = _panel_context(child_id)
    record_now("view_child_space", context["child"], "child", context["child"].public_id)
    return render_template("childspace/worker_space.html", **context)


@worker_bp.post("/share")
@login_required
def share_item(child_id: str):
    worker = current_worker()
    child = get_child_or_404(child_id, worker)
    share(child, request.form.get("kind", ""), request.form.get("object_id", ""), worker)
    db.session.commit()
    return _after_change(child_id)


@worker_bp.post("/stop")
@login_required
def stop_item(child_id: str):
    worker = current_worker()
    child = get_child_or_404(child_id, worker)
    stop_sharing(child, request.form.get("share", ""), worker)
    db.session.commit()
    return _after_change(child_id)


def _after_change(child_id: str):
    """htmx swaps the panel in place; without JavaScript, back to the panel's own page."""
    from participation.htmx import is_htmx

    if is_htmx():
        context = _panel_context(child_id)
        return render(
            "childspace/worker_space.html", "childspace/_worker_panel.html", 200, **context
        )
    return redirect(url_for("childspace_worker.worker_space", child_id=child_id))


@bp.app_template_global("child_space_open")
def child_space_open() -> bool:
    """For the child's thank-you page: whether this device can open a space with something in
    it (the code's child, or the one who just finished on it)."""
    visit = code_visit()
    return visit is not None and has_space(visit.child)


@bp.app_template_global("child_space_minutes")
def child_space_minutes() -> int:
    """For the thank-you page: how many minutes the space stays open after finishing."""
    return minutes_after_finish()
