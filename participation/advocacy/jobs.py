"""Sending each message about a request once, on the job queue (never on the request path)."""

from flask import current_app
from flask_babel import gettext as _

from participation.advocacy.models import AdvocacyNotice, RequestKind
from participation.atomic import lock
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs import RetryStrategy, job
from participation.links import external_url

RETRY = RetryStrategy(max_attempts=10, exponential_wait=3)


def message(notice: AdvocacyNotice) -> tuple[str, str]:
    """(subject, text). Privacy: no name and no words in an email (it sits in inboxes and
    the provider's logs): only what was asked for, the case reference and a link to sign in."""
    item = notice.request
    person = item.child or item.young_person
    reference = getattr(person, "case_reference", "") or "-"
    who = _("A child") if item.child is not None else _("A young person")
    if item.kind == RequestKind.ADVOCATE:
        subject = _("%(who)s would like an advocate", who=who)
    else:
        subject = _("%(who)s is not happy about something", who=who)
    link = external_url("advocacy.requests")
    text = _(
        "%(subject)s (case reference %(ref)s). Please get in touch with them. "
        "Staff can sign in to see more: %(link)s",
        subject=subject,
        ref=reference,
        link=link,
    )
    return subject, text


@job(queue="outward", retry=RETRY)
def send_notice(notice_id: int) -> None:
    """Once: a retried run asks the provider by our reference before sending again."""
    from participation import notify
    from participation.notifications import PermanentFailure

    notice = db.session.get(AdvocacyNotice, notice_id)
    if notice is None:  # deleted with the person's record
        return
    lock(notice)
    if notice.status != "pending":
        db.session.commit()
        return
    if notify.already_sent(notice.reference):
        notice.status, notice.sent_at = "sent", utcnow()
        db.session.commit()
        return
    subject, text = message(notice)
    try:
        notify.deliver(notice.address, text, notice.reference, subject=subject)
    except PermanentFailure as error:
        notice.status, notice.error = "failed", str(error)[:1000]
        db.session.commit()
        current_app.logger.error("advocacy notice %s refused by the provider", notice.id)
        return
    notice.status, notice.sent_at = "sent", utcnow()
    db.session.commit()
