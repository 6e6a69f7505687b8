"""A care leaver's help now, what they are entitled to, and the PA's contact details and
cover; the adviser's page of a young person's case details."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from participation.audit.services import record
from participation.extensions import db
from participation.inputs import whole_number
from participation.pathway import adviser_bp, my_plan_bp
from participation.pathway import entitlements as council
from participation.pathway import help as helping
from participation.pathway.forms import AvailabilityForm, CaseDetailsForm
from participation.pathway.plans import get_young_person_or_404, today
from participation.pathway.sign_in import current_young_person, require_young_person
from participation.people import current_worker


@my_plan_bp.app_template_global("pa_card_for")
def _pa_card_for(person) -> helping.PaCard:
    """The "My PA" card on the plan overview, for the young person signed in."""
    return helping.pa_card(person, today())


@my_plan_bp.get("/help")
def help_now():
    """Works signed out too: the numbers are for anyone holding the phone in a crisis.
    Only a signed-in young person can tell their PA, and sees only their own call."""
    person = current_young_person()
    latest = helping.latest_help(person) if person else None
    context = {
        "person": person,
        "numbers": helping.help_numbers(),
        "duty": helping.duty_number(),
        "before": helping.before_tap(person) if person else [],
        "card": helping.pa_card(person, today()) if person else None,
        "told": helping.told(latest) if latest else None,
    }
    db.session.commit()
    return render_template("pathway/help.html", **context)


@my_plan_bp.post("/help")
def ask_for_help():
    """ "Tell my PA I need help": one alert for a double tap (raising holds their row)."""
    person = require_young_person()
    helping.ask_for_help(person)
    return redirect(url_for(".help_now") + "#told", 303)


@my_plan_bp.get("/entitlements")
def entitlements():
    person = require_young_person()
    page = council.the_page()
    shown = council.for_young_person(page, person)
    db.session.commit()
    return render_template("pathway/entitlements.html", person=person, page=page, shown=shown)


@adviser_bp.route("/availability", methods=["GET", "POST"])
@login_required
def availability():
    """A PA's own contact details, hours and cover; a team manager may set them for someone
    in their team (`?worker=<id>`), say when a PA is off sick without warning."""
    me = current_worker()
    worker = helping.worker_to_edit(me, whole_number(request.args.get("worker")))
    form = AvailabilityForm(obj=worker)
    choices = helping.cover_choices(worker)
    form.cover_worker_id.choices = [SelectChoice(0, _("Nobody"))] + [
        SelectChoice(w.id, w.name) for w in choices
    ]
    if request.method == "GET":
        form.cover_worker_id.data = worker.cover_worker_id or 0
    if form.validate_on_submit():
        helping.save_availability(worker, me, {
            "contact_phone": (form.contact_phone.data or "").strip(),
            "contact_email": (form.contact_email.data or "").strip(),
            "available_hours": (form.available_hours.data or "").strip(),
            "away_until": form.away_until.data,
            "cover_worker_id": form.cover_worker_id.data,
        })  # fmt: skip
        db.session.commit()
        return redirect(url_for(".availability", worker=None if worker is me else worker.id,
                                saved=1), 303)  # fmt: skip
    status = 422 if form.is_submitted() else 200
    return render_template("pathway/help_availability.html", form=form, worker=worker), status


@adviser_bp.route("/<person_id>/case-details", methods=["GET", "POST"])
@login_required
def case_details(person_id: str):
    """The council's case reference and date of birth, sent with the plan to the case system."""
    person = get_young_person_or_404(person_id, current_worker())
    form = CaseDetailsForm(obj=person)
    if form.validate_on_submit():
        person.case_reference = (form.case_reference.data or "").strip()
        person.date_of_birth = form.date_of_birth.data
        # When the milestones were met, as the adviser knows them (see milestones.py).
        person.pa_allocated_on = form.pa_allocated_on.data
        person.assessment_started_on = form.assessment_started_on.data
        record("edit_young_person_case_details", None, "young_person", person.public_id)
        db.session.commit()
        return redirect(url_for(".view_plan", person_id=person.public_id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("pathway/help_case_details.html", form=form, person=person), status
