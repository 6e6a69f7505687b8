"""A set-password link emailed to its owner, sent on the job queue (never on the request path),
so the admin need not copy it into an email by hand."""

from flask import current_app
from flask_babel import gettext as _

from participation.admin.services import new_set_password_link
from participation.auth.models import Worker
from participation.extensions import db
from participation.jobs import RetryStrategy, job

RETRY = RetryStrategy(max_attempts=10, exponential_wait=3)


def message(worker: Worker, link: str) -> tuple[str, str]:
    """(subject, text): the link, who it is for, and that it works once."""
    subject = _("Choose your password")
    text = _(
        "Hello %(name)s. An admin has made your account. Open this link to choose your own "
        "password (it works once, for 7 days; nobody else will know it): %(link)s",
        name=worker.first_name,
        link=link,
    )
    return subject, text


@job(queue="outward", retry=RETRY)
def email_set_password_link(worker_id: int, reference: str) -> None:
    """Once: a retried run asks the provider by our reference before sending again."""
    from participation import notify
    from participation.notifications import PermanentFailure

    if notify.already_sent(reference):
        return
    worker = db.session.get(Worker, worker_id)
    if worker is None or not worker.active:  # switched off since: no way back in by email
        return
    # Privacy: the token exists only here and in the email; the database keeps its hash.
    # Committed before sending, so the link an email carries always works.
    link = new_set_password_link(worker)
    db.session.commit()
    subject, text = message(worker, link)
    try:
        notify.deliver(worker.email, text, reference, subject=subject)
    except PermanentFailure:
        current_app.logger.error("set-password email for worker %s refused", worker.id)
