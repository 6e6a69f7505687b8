from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from participation.activities.addressed import addressed_as
from participation.activities.services import activities_for_child
from participation.alerts.services import open_alerts_for_child
from participation.audit.services import record, record_now
from participation.auth.models import Role
from participation.children import bp
from participation.children.forms import CHILD_LANGUAGES, ChildForm
from participation.children.services import (
    allocatable_workers,
    children_visible_to,
    create_child,
    get_child_or_404,
    scale_translations,
    words_not_in_english,
)
from participation.children.transfer import all_caseholders
from participation.codes.services import codes_for_child
from participation.db_types import utcnow
from participation.extensions import db
from participation.i18n import language_name
from participation.people import current_worker, start_page, worker_or_none
from participation.scales.services import answers_for_child, chart
from participation.translation.gender import chosen


def home():
    worker = worker_or_none()
    if worker:
        return redirect(start_page(worker))
    return redirect(url_for("start.enter_code"))


@bp.record_once
def _home_at_root(state) -> None:
    """`/` sends each person to their own start page, so it stays at the root, outside /children."""
    state.app.add_url_rule("/", "children.home", home, methods=["GET"])


@bp.get("")
@login_required
def list_children():
    return render_template("children/list.html", children=children_visible_to(current_worker()))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_child():
    worker = current_worker()
    form = ChildForm()
    form.preferred_language.choices = [SelectChoice(c, language_name(c)) for c in CHILD_LANGUAGES]
    # An admin adds children for any worker (a council's business support), and then does
    # not see them: admins manage accounts, not casework.
    workers = all_caseholders() if worker.role == Role.ADMIN else allocatable_workers(worker)
    if not workers:
        # Said plainly, before anyone types a child's details, instead of an empty list.
        status = 422 if form.is_submitted() else 200
        return render_template("admin/no_workers.html", is_admin=worker.role == Role.ADMIN), status
    form.allocated_worker.choices = [SelectChoice(w.id, w.name) for w in workers]
    if not form.is_submitted():
        form.allocated_worker.data = worker.id
    if form.validate_on_submit():
        allocated = next(w for w in workers if w.id == form.allocated_worker.data)
        child = create_child(
            name=form.name.data,
            date_of_birth=form.date_of_birth.data,
            case_reference=form.case_reference.data,
            preferred_language=form.preferred_language.data,
            communication_needs=form.communication_needs.data or "",
            allocated_worker=allocated,
        )
        # Safeguarding: whom the child can tell through an interpreter (Barnet's standards).
        child.interpreter_gender = chosen(form.interpreter_gender.data)
        # Grammar only, on the child's own screens: None unless the worker records it.
        child.address_as = addressed_as(form.address_as.data)
        db.session.flush()
        record("create_child", child, object_kind="child", object_id=child.public_id)
        db.session.commit()
        if worker.role == Role.ADMIN:
            flash(_("%(child)s is added, allocated to %(worker)s.", child=child.name,
                    worker=allocated.name))  # fmt: skip
            return redirect(url_for("admin.accounts"))
        return redirect(url_for("children.view_child", child_id=child.public_id))
    status = 422 if form.is_submitted() else 200
    return render_template("children/new.html", form=form), status


@bp.get("/<child_id>")
@login_required
def view_child(child_id: str):
    child = get_child_or_404(child_id, current_worker())
    record_now("view_child", child, object_kind="child", object_id=child.public_id)
    answers = answers_for_child(child)
    activities = activities_for_child(child)
    return render_template(
        "children/view.html",
        child=child,
        activities=activities,
        not_in_english=words_not_in_english(activities, answers),
        scale_translations=scale_translations(answers),
        codes=codes_for_child(child),
        alerts=open_alerts_for_child(child),
        scale_answers=answers,
        series=chart(answers),
        now=utcnow(),
    )
