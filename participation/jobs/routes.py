from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from participation.admin.services import require_admin
from participation.audit.services import record
from participation.extensions import db
from participation.jobs import bp, cli  # noqa: F401  (cli registers `flask jobs ...`)
from participation.jobs.services import failed_jobs, retry_failed
from participation.people import current_worker


# Job names and ids only: a job's arguments are row ids, never anyone's words.
@bp.get("")
@login_required
def failed():
    require_admin(current_worker())
    return render_template("admin/jobs.html", jobs=failed_jobs())


@bp.post("/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    require_admin(current_worker())
    retry_failed(job_id)
    record("retry_job", None, "job", str(job_id))
    db.session.commit()
    flash(_("That job will run again now."))
    return redirect(url_for(".failed"))
