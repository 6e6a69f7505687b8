"""The alert jobs: send one message exactly once, check it arrived, escalate when unanswered."""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from participation.activities.models import AlertKind
from participation.alerts import services
from participation.alerts.models import AlertNotice, NoticeStatus, Step
from participation.atomic import lock
from participation.db_types import utcnow
from participation.extensions import db
from participation.jobs import RetryStrategy, enqueue, job, on_start
from participation.links import external_url

# A provider's bad minute is retried quickly: 2 s, 4 s ... about half an hour in all.
ALERT_RETRY = RetryStrategy(max_attempts=10, exponential_wait=2)
# When to ask the provider whether a sent message arrived: about an hour and a half in all.
DELIVERY_CHECKS = [
    timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=5),
    timedelta(minutes=10), timedelta(minutes=30), timedelta(minutes=60),
]  # fmt: skip
FAILED = ("permanent-failure", "temporary-failure", "technical-failure")


class StillSending(Exception):
    """Another run claimed this notice moments ago and may still be talking to the provider."""


def message(notice: AlertNotice) -> tuple[str, str]:
    """(subject, text). Privacy: no child's or family's name or words, ever: a text lands on
    a lock screen and in the provider's logs. Only that it is urgent, and a link."""
    if notice.step == Step.DUTY and notice.recipient_worker_id is None:
        return _duty_message(notice)
    link = external_url("alerts.view_alert", alert_id=notice.alert.public_id)
    if notice.alert.kind == AlertKind.CHILD_WORRY:
        subject = _("Urgent: a child you work with needs you")
    else:
        subject = _("Urgent: a family you work with needs you")
    return subject, _("%(subject)s. Sign in to see: %(link)s", subject=subject, link=link)


def _duty_message(notice: AlertNotice) -> tuple[str, str]:
    """Duty desks are not staff accounts and can't sign in: they get what they need to find
    the case in their own system (its reference and team), still no names and no words."""
    reference, team = services.case_reference(notice.alert)
    told_manager = any(n.step == Step.MANAGER for n in services.notices_for(notice.alert))
    if not told_manager and not services.in_working_hours(notice.alert.raised_at):
        # Told at once, out of hours: nobody has had the chance not to answer yet.
        subject = _("Urgent: an alert about a child, out of hours")
        text = _(
            "Urgent: an alert about a child was raised out of hours (case reference %(ref)s, "
            "%(team)s team). Please follow your duty procedure.",
            ref=reference,
            team=team,
        )
        return subject, text
    subject = _("Urgent: an unanswered alert about a child")
    text = _(
        "Urgent: a social worker has not answered an alert about a child "
        "(case reference %(ref)s, %(team)s team). Please follow your duty procedure.",
        ref=reference,
        team=team,
    )
    return subject, text


def _claim_is_live(notice: AlertNotice) -> bool:
    """A run marked it "sending" so recently that it may still be waiting for the provider."""
    if notice.sending_since is None:
        return False
    live_for = timedelta(seconds=3 * float(current_app.config["NOTIFY_TIMEOUT"]))
    return utcnow() - notice.sending_since < live_for


@job(queue="alerts", retry=ALERT_RETRY)
def send_notice(notice_id: int) -> None:
    """Exactly once: "sending" is committed before the provider is called, and a run that
    finds "sending" (the worker died mid-call) asks the provider by our reference first,
    unless that claim is so recent the other run may still be sending (then: later)."""
    from participation.notifications import PermanentFailure, TemporaryFailure, provider

    notice = db.session.get(AlertNotice, notice_id)
    if notice is None:
        return
    lock(notice)
    if notice.status not in (NoticeStatus.PENDING, NoticeStatus.SENDING):
        db.session.commit()
        return
    if notice.status == NoticeStatus.SENDING and _claim_is_live(notice):
        db.session.commit()
        raise StillSending(f"alert notice {notice.id} is being sent by another run")
    sender = provider()
    try:
        if notice.status == NoticeStatus.SENDING:
            found = sender.find(notice.reference)
            if found is not None:
                _mark_sent(notice, found.provider_id)
                db.session.commit()
                return
        if notice.alert.acknowledged_at is not None:
            # Someone is already dealing with it: nobody else is woken up for nothing.
            notice.status, notice.sending_since = NoticeStatus.CANCELLED, None
            services.audit(notice.alert, "alert_notice_cancelled", _describe(notice))
            db.session.commit()
            return
        notice.status, notice.provider = NoticeStatus.SENDING, sender.name
        notice.sending_since = utcnow()
        db.session.commit()
        subject, text = message(notice)
        if notice.channel == "sms":
            provider_id = sender.send_sms(notice.address, text, notice.reference)
        else:
            provider_id = sender.send_email(notice.address, subject, text, notice.reference)
    except TemporaryFailure as error:
        # Left "sending" (the provider may have taken it: the retry asks first), but this
        # run is over, so the retry need not wait for it.
        notice.error, notice.sending_since = str(error)[:1000], None
        db.session.commit()
        raise
    except PermanentFailure as error:
        notice.status, notice.error = NoticeStatus.FAILED, str(error)[:1000]
        notice.sending_since = None
        services.audit(notice.alert, "alert_notice_failed", _describe(notice, notice.error))
        services.escalate_now(notice.alert, notice.step)
        db.session.commit()
        current_app.logger.warning("alert notice %s refused by the provider", notice.id)
        return
    _mark_sent(notice, provider_id)
    db.session.commit()


def _describe(notice: AlertNotice, extra: str = "") -> str:
    """For the audit log: who, how and at which step (the address is on the notice)."""
    how = "text message" if notice.channel == "sms" else "email"
    text = f"{how} to {notice.recipient_name} ({Step(notice.step).name.lower()})"
    return f"{text}: {extra}" if extra else text


def _mark_sent(notice: AlertNotice, provider_id: str) -> None:
    notice.status, notice.provider_id, notice.error = NoticeStatus.SENT, provider_id, ""
    notice.sent_at, notice.sending_since = utcnow(), None
    services.audit(notice.alert, "alert_notice_sent", _describe(notice))
    enqueue(check_delivery, notice_id=notice.id, attempt=1, schedule_in=DELIVERY_CHECKS[0])


@job(queue="alerts", retry=ALERT_RETRY)
def check_delivery(notice_id: int, attempt: int) -> None:
    """Keep the provider's word on delivery, for the alert page and the record."""
    from participation.notifications import provider

    notice = db.session.get(AlertNotice, notice_id)
    if notice is None or notice.status != NoticeStatus.SENT or not notice.provider_id:
        return
    status = provider().status(notice.provider_id)
    lock(notice)
    if notice.status != NoticeStatus.SENT:
        db.session.commit()
        return
    if status == "delivered":
        notice.status, notice.delivered_at = NoticeStatus.DELIVERED, utcnow()
        services.audit(notice.alert, "alert_notice_delivered", _describe(notice))
    elif status in FAILED:
        notice.status, notice.error = NoticeStatus.FAILED, status
        services.audit(notice.alert, "alert_notice_failed", _describe(notice, status))
        services.escalate_now(notice.alert, notice.step)
    elif attempt < len(DELIVERY_CHECKS):
        enqueue(
            check_delivery,
            notice_id=notice.id,
            attempt=attempt + 1,
            schedule_in=DELIVERY_CHECKS[attempt],
        )
    db.session.commit()


@job(queue="alerts", retry=ALERT_RETRY)
def escalate(alert_id: int, step: int) -> None:
    """Nobody has said "I'm dealing with this": tell the next people in the chain."""
    services.escalate(alert_id, step)


# After a restart of the embedded queue, unfinished alerts carry on (early rather than never).
on_start(services.rearm)
