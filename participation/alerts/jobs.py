"""The alert chain and its jobs: tell the worker, then their manager, then the duty team, until
someone picks it up; send each message exactly once and check that it arrived."""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from participation.alerts import services
from participation.alerts.models import AlertKind, AlertNotice, NoticeStatus, Step, WorryAlert
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


def _notify_step(alert: WorryAlert, step: int, now: datetime) -> bool:
    """Add a notice per channel per person at this step, each its own send job; True if
    anyone at this step has been (or is being) told."""
    existing = {(n.step, n.address) for n in services.notices_for(alert)}
    added = []
    for person in services.recipients(alert, step, now):
        for channel, address in (("sms", person.mobile), ("email", person.email)):
            if not address or (step, address) in existing:
                continue
            notice = AlertNotice(
                alert_id=alert.id,
                step=step,
                recipient_worker_id=person.worker_id,
                recipient_name=person.name[:200],
                channel=channel,
                address=address[:254],
            )
            db.session.add(notice)
            added.append(notice)
    db.session.flush()
    for notice in added:
        enqueue(send_notice, notice_id=notice.id)
    return bool(added) or any(s == step for s, _address in existing)


def start_chain(alert: WorryAlert) -> None:
    """Called in the transaction that saves the alert, so its jobs exist if and only if it
    does. The worker is told at once; the chain then escalates unless someone picks it up."""
    if alert.kind not in current_app.config["ALERT_EVENTS"]:
        return
    db.session.flush()
    now = utcnow()
    told = _in_savepoint(alert, _notify_step, alert, Step.WORKER, now)
    _in_savepoint(alert, _out_of_hours_at_once, alert, now)
    if told is False and _in_savepoint(alert, advance, alert, Step.MANAGER) is not _FAILED:
        return
    # Someone was told, or telling them went wrong: either way the manager hears in time.
    _schedule_escalation(alert, Step.MANAGER)


_FAILED = object()


def _in_savepoint(alert: WorryAlert, step, *args):
    """Safeguarding: nothing that goes wrong here may roll back the alert and its record
    entry (the worry would be lost and the child would see an error). The step's own rows
    are undone, the error is logged, and the escalation still goes ahead."""
    try:
        with db.session.begin_nested():
            return step(*args)
    except Exception:
        current_app.logger.exception(
            "alert %s: could not %s; the alert is saved and will escalate",
            alert.public_id,
            step.__name__.strip("_").replace("_", " "),
        )
        return _FAILED


def _out_of_hours_at_once(alert: WorryAlert, now: datetime) -> None:
    if not services.in_working_hours(now):
        # Nobody is at their desk at night or at the weekend: the emergency duty team hears
        # at once, alongside the worker, rather than after a quarter of an hour of silence.
        _notify_step(alert, Step.DUTY, now)


def escalate_after() -> timedelta:
    """ALERT_ESCALATE_AFTER, given as a timedelta or (from the environment) as seconds."""
    value = current_app.config["ALERT_ESCALATE_AFTER"]
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def _schedule_escalation(alert: WorryAlert, step: int, at_once: bool = False) -> None:
    wait = None if at_once else escalate_after()
    enqueue(escalate, alert_id=alert.id, step=step, schedule_in=wait)


def advance(alert: WorryAlert, step: int) -> None:
    """Tell the people at `step`; if there is nobody (no manager, no duty contact, no
    address), go straight on to the next step rather than wait for nobody."""
    now = utcnow()
    for current in range(step, Step.DUTY + 1):
        alert.escalation_step = max(alert.escalation_step or 0, current)
        services.audit(alert, "alert_escalated", f"step {Step(current).name.lower()}")
        if _notify_step(alert, current, now):
            if current < Step.DUTY:
                _schedule_escalation(alert, current + 1)
            return
    current_app.logger.error(
        "alert %s: nobody left to tell (set DUTY_CONTACT and OUT_OF_HOURS_CONTACT); "
        "it stays at the top of the team's queue",
        alert.public_id,
    )


def escalate_now(alert: WorryAlert, after_step: int) -> None:
    """A message that can't be delivered reaches nobody: the next step is told at once."""
    if after_step < Step.DUTY:
        _schedule_escalation(alert, after_step + 1, at_once=True)


def escalate_if_unanswered(alert_id: int, step: int) -> None:
    """The scheduled check: stop if someone picked it up, or if this step was already told
    (a job run twice, or a step reached early after a failed message)."""
    alert = db.session.get(WorryAlert, alert_id)
    if alert is None:  # deleted with the child's record
        return
    lock(alert)
    if alert.acknowledged_at is None and (alert.escalation_step or 0) < step:
        advance(alert, step)
    db.session.commit()


def message(notice: AlertNotice) -> tuple[str, str]:
    """(subject, text). Privacy: no child's or family's name or words, ever: a text lands on
    a lock screen and in the provider's logs. Only that it is urgent, and a link."""
    if notice.step == Step.DUTY and notice.recipient_worker_id is None:
        return _duty_message(notice)
    link = external_url("alerts.view_alert", alert_id=notice.alert.public_id)
    if notice.alert.kind == AlertKind.CHILD_WORRY:
        subject = _("Urgent: a child you work with needs you")
    elif notice.alert.kind == AlertKind.YOUNG_PERSON_HELP:
        subject = _("Urgent: a young person you support needs help now")
    else:
        subject = _("Urgent: a family you work with needs you")
    return subject, _("%(subject)s. Sign in to see: %(link)s", subject=subject, link=link)


def _duty_message(notice: AlertNotice) -> tuple[str, str]:
    """Duty desks are not staff accounts and can't sign in: they get what they need to find
    the case in their own system (its reference and team), still no names and no words."""
    reference, team = services.case_reference(notice.alert)
    told_manager = any(n.step == Step.MANAGER for n in services.notices_for(notice.alert))
    if notice.alert.kind == AlertKind.YOUNG_PERSON_HELP:
        return _duty_message_young_person(notice, reference, team, told_manager)
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


def _duty_message_young_person(
    notice: AlertNotice, reference: str, team: str, told_manager: bool
) -> tuple[str, str]:
    """A care leaver asked for help: still a reference and a team only, no name."""
    if not told_manager and not services.in_working_hours(notice.alert.raised_at):
        subject = _("Urgent: a care leaver asked for help, out of hours")
        text = _(
            'Urgent: a care leaver pressed "I need help now" out of hours (case reference '
            "%(ref)s, %(team)s team). Please follow your duty procedure.",
            ref=reference,
            team=team,
        )
        return subject, text
    subject = _("Urgent: an unanswered call for help from a care leaver")
    text = _(
        "Urgent: a personal adviser has not answered a care leaver's call for help "
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
        escalate_now(notice.alert, notice.step)
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
        escalate_now(notice.alert, notice.step)
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
    escalate_if_unanswered(alert_id, step)


def rearm() -> None:
    """Every unfinished send, delivery check and escalation is queued again."""
    open_notices = select(AlertNotice).where(
        AlertNotice.status.in_((NoticeStatus.PENDING, NoticeStatus.SENDING, NoticeStatus.SENT))
    )
    for notice in db.session.scalars(open_notices):
        if notice.status == NoticeStatus.SENT:
            enqueue(check_delivery, notice_id=notice.id, attempt=1)
        else:
            enqueue(send_notice, notice_id=notice.id)
    since = utcnow() - timedelta(days=2)
    waiting = select(WorryAlert).where(
        WorryAlert.acknowledged_at.is_(None),
        WorryAlert.escalation_step < Step.DUTY,
        WorryAlert.raised_at >= since,
    )
    after = escalate_after()
    for alert in db.session.scalars(waiting):
        if alert.kind not in current_app.config["ALERT_EVENTS"]:
            continue
        step = (alert.escalation_step or 0) + 1
        # When it would have been due had nothing restarted (at once if that has passed).
        wait = max(alert.raised_at + after * step - utcnow(), timedelta(0))
        enqueue(escalate, alert_id=alert.id, step=step, schedule_in=wait)
    db.session.commit()


# After a restart of the embedded queue, unfinished alerts carry on (early rather than never).
on_start(rearm)
