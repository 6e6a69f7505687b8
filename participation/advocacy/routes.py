"""The child's and young person's "someone independent" pages, and the worker's list."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import login_required

from participation.activities.addressed import address
from participation.activities.services import get_access_or_404
from participation.advocacy import bp, jobs  # noqa: F401  (registers the job)
from participation.advocacy import services as svc
from participation.advocacy.forms import AskForm, OutcomeForm, outcome_form
from participation.advocacy.models import AdvocacyNotice, RequestKind
from participation.children.models import Child
from participation.extensions import db
from participation.htmx import render
from participation.pathway.sign_in import require_young_person
from participation.people import current_worker

KINDS = {k.value for k in RequestKind}


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


def _ask_context(person, kind: str, form: AskForm) -> dict:
    """What happens next, true to the settings, and their own requests with any outcome."""
    language = str(get_locale())
    mine = svc.requests_of(person)
    sent = request.args.get("sent", "")
    return {
        "kind": kind,
        "form": form,
        "contact": svc.contact_for(kind),
        "days": svc.days_to_contact(kind),
        "in_care": hasattr(person, "allocated_worker_id"),
        # A child in care is told their reviewing officer hears too, by name (true to
        # recipients(): the IRO, else the worker's manager).
        "officer": svc.reviewing_officer(person) if isinstance(person, Child) else None,
        "mine": [(item, svc.outcome_for(item, language)) for item in mine],
        "sent": next((item for item in mine if item.public_id == sent), None),
    }


def _audit_outcomes_read(person) -> None:
    """Reading the outcomes of their own requests is on their trail, like any read."""
    for item in svc.requests_of(person):
        if item.outcome:
            svc.audit_read(item, "view_advocacy_outcome")


@bp.route("/child/<activity_id>/<kind>", methods=["GET", "POST"])
def child_ask(activity_id: str, kind: str):
    """The child's own page (their session, or together with the worker on the tablet)."""
    kind = _kind_or_404(kind)
    access = get_access_or_404(activity_id)
    child = access.activity.child
    address(child)
    form = AskForm()
    context = {"activity": access.activity, "child": child}
    page, fragment = "advocacy/child_ask.html", "advocacy/_ask_form.html"
    action = url_for(".child_ask", activity_id=activity_id, kind=kind)
    if request.method == "POST":
        if not form.validate_on_submit():
            ctx = {**context, **_ask_context(child, kind, form), "action": action}
            return render(page, fragment, 422, **ctx)
        item = svc.ask(
            child,
            kind,
            form.words.data or "",
            str(get_locale()),
            (form.client_key.data or "")[:64] or None,
        )
        return redirect(f"{action}?sent={item.public_id}#sent", 303)
    ctx = {**context, **_ask_context(child, kind, form), "action": action}
    _audit_outcomes_read(child)
    db.session.commit()
    return render_template(page, **ctx)


@bp.route("/me/<kind>", methods=["GET", "POST"])
def young_person_ask(kind: str):
    """The young person's own page, on their phone."""
    kind = _kind_or_404(kind)
    person = require_young_person()
    form = AskForm()
    page, fragment = "advocacy/yp_ask.html", "advocacy/_ask_form.html"
    action = url_for(".young_person_ask", kind=kind)
    if request.method == "POST":
        if not form.validate_on_submit():
            ctx = {"person": person, **_ask_context(person, kind, form), "action": action}
            return render(page, fragment, 422, **ctx)
        key = (form.client_key.data or "")[:64] or None
        item = svc.ask(person, kind, form.words.data or "", str(get_locale()), key)
        return redirect(f"{action}?sent={item.public_id}#sent", 303)
    ctx = {"person": person, **_ask_context(person, kind, form), "action": action}
    _audit_outcomes_read(person)
    db.session.commit()
    return render_template(page, **ctx)


@bp.get("")
@login_required
def requests():
    """Requests from the children and young people this worker sees (names and kinds only)."""
    items = svc.requests_for_worker(current_worker())
    return render_template("advocacy/requests.html", items=items)


def _request_context(item, form: OutcomeForm) -> dict:
    notices = db.session.scalars(
        db.select(AdvocacyNotice)
        .where(AdvocacyNotice.request_id == item.id)
        .order_by(AdvocacyNotice.id)
    ).all()
    return {"item": item, "person": svc.owner(item), "form": form, "notices": notices}


@bp.get("/<request_id>")
@login_required
def view_request(request_id: str):
    """Their words and who was told; the read is audited."""
    item = svc.get_request_or_404(request_id, current_worker())
    svc.audit_read(item, "view_advocacy_request")
    db.session.commit()
    return render_template("advocacy/request.html", **_request_context(item, outcome_form()))


@bp.post("/<request_id>")
@login_required
def write_outcome(request_id: str):
    """ "Write the outcome": saved, then translated and shown to them."""
    worker = current_worker()
    item = svc.get_request_or_404(request_id, worker)
    form = outcome_form()
    if not form.validate_on_submit():
        ctx = _request_context(item, form)
        return render("advocacy/request.html", "advocacy/_outcome_form.html", 422, **ctx)
    svc.write_outcome(item, worker, form.outcome.data or "", form.language.data or "en")
    return redirect(url_for(".view_request", request_id=item.public_id), 303)
