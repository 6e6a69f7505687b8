"""Who is told about an urgent alert, in what order, and what the person who raised it hears."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from participation.activities.models import AlertKind, WorryAlert
from participation.alerts.models import AlertNotice, NoticeStatus, Step
from participation.atomic import lock
from participation.auth.models import Role, Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.models import Family
from participation.network.services import visible_families_stmt


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: a member of staff, or a duty contact from the settings."""

    name: str
    worker_id: int | None
    mobile: str | None
    email: str | None


# Access -----------------------------------------------------------------------------------


def visible_alerts_stmt(worker: Worker) -> Select[tuple[WorryAlert]]:
    """Alerts about children or families this worker may see (their manager included)."""
    child_ids = visible_children_stmt(worker).with_only_columns(Child.id).scalar_subquery()
    families = visible_families_stmt(worker).with_only_columns(Family.id).scalar_subquery()
    return select(WorryAlert).where(
        WorryAlert.child_id.in_(child_ids) | WorryAlert.family_id.in_(families)
    )


def get_alert_or_404(public_id: str, worker: Worker | None) -> WorryAlert:
    """404, not 403, for someone else's alert: we don't confirm it exists."""
    if worker is None:
        abort(404)
    alert = db.session.scalar(visible_alerts_stmt(worker).where(WorryAlert.public_id == public_id))
    if alert is None:
        abort(404)
    return alert


def notices_for(alert: WorryAlert) -> list[AlertNotice]:
    stmt = (
        select(AlertNotice)
        .where(AlertNotice.alert_id == alert.id)
        .order_by(AlertNotice.created_at, AlertNotice.id)
    )
    return list(db.session.scalars(stmt))


# Who is told --------------------------------------------------------------------------------


def allocated_worker(alert: WorryAlert) -> Worker | None:
    """The child's worker; for a family, its child's worker or the young person's adviser."""
    from participation.pathway.models import YoungPerson

    if alert.child is not None:
        return alert.child.allocated_worker
    if alert.family_id is None:
        return None
    child = db.session.scalar(
        select(Child).where(Child.family_id == alert.family_id).order_by(Child.id).limit(1)
    )
    if child is not None:
        return child.allocated_worker
    person = db.session.scalar(
        select(YoungPerson).where(YoungPerson.family_id == alert.family_id).limit(1)
    )
    return person.personal_adviser if person else None


def case_reference(alert: WorryAlert) -> tuple[str, str]:
    """(case reference, team name) for a duty desk to find the case in its own system.
    Privacy: a reference and a team, never a name. A family's is its child's case
    reference, else the family's own reference here."""
    child = alert.child
    if child is None and alert.family_id is not None:
        child = db.session.scalar(
            select(Child)
            .where(Child.family_id == alert.family_id, Child.case_reference != "")
            .order_by(Child.id)
            .limit(1)
        )
    if child is not None and child.case_reference:
        reference = child.case_reference
    elif alert.family is not None:
        reference = alert.family.public_id
    else:
        reference = alert.public_id
    worker = allocated_worker(alert)
    team = worker.team.name if worker is not None and worker.team is not None else _("unknown")
    return reference, team


def _as_recipient(worker: Worker) -> Recipient:
    return Recipient(worker.name, worker.id, worker.mobile or None, worker.email or None)


def _team_managers(worker: Worker | None) -> list[Worker]:
    if worker is None or worker.team_id is None:
        return []
    stmt = (
        select(Worker)
        .where(
            Worker.team_id == worker.team_id,
            Worker.role == Role.TEAM_MANAGER,
            Worker.active.is_(True),
            Worker.id != worker.id,
        )
        .order_by(Worker.name)
    )
    return list(db.session.scalars(stmt))


def _contact(setting: str) -> Recipient | None:
    contact = current_app.config.get(setting)
    if not contact or not (contact.get("mobile") or contact.get("email")):
        return None
    name = contact.get("name") or _("Duty team")
    return Recipient(name, None, contact.get("mobile") or None, contact.get("email") or None)


def duty_contact(now: datetime) -> Recipient | None:
    """The duty desk in working hours, the emergency duty team outside them. A council that
    set only one of the two gets that one at all hours: someone is better than nobody."""
    first, second = (
        ("DUTY_CONTACT", "OUT_OF_HOURS_CONTACT")
        if in_working_hours(now)
        else ("OUT_OF_HOURS_CONTACT", "DUTY_CONTACT")
    )
    return _contact(first) or _contact(second)


def in_working_hours(now: datetime) -> bool:
    """Monday to Friday within WORKING_HOURS, local time, and not a bank holiday."""
    cfg = current_app.config
    local = now.astimezone(ZoneInfo(cfg.get("ALERT_TIMEZONE") or "Europe/London"))
    holidays = {date.fromisoformat(d) for d in cfg["BANK_HOLIDAYS"]}
    if local.weekday() >= 5 or local.date() in holidays:
        return False
    start, end = (time.fromisoformat(t) for t in cfg["WORKING_HOURS"])
    return start <= local.time() < end


def recipients(alert: WorryAlert, step: int, now: datetime) -> list[Recipient]:
    worker = allocated_worker(alert)
    if step == Step.WORKER:
        # A switched-off account (someone who has left) reads nothing: skip to their manager.
        return [_as_recipient(worker)] if worker is not None and worker.active else []
    if step == Step.MANAGER:
        return [_as_recipient(m) for m in _team_managers(worker)]
    contact = duty_contact(now)
    return [contact] if contact else []


# The chain ----------------------------------------------------------------------------------


def _notify_step(alert: WorryAlert, step: int, now: datetime) -> bool:
    """Add a notice per channel per person at this step, each its own send job; True if
    anyone at this step has been (or is being) told."""
    from participation.alerts.jobs import send_notice
    from participation.jobs import enqueue

    existing = {(n.step, n.address) for n in notices_for(alert)}
    added = []
    for person in recipients(alert, step, now):
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
    if not in_working_hours(now):
        # Nobody is at their desk at night or at the weekend: the emergency duty team hears
        # at once, alongside the worker, rather than after a quarter of an hour of silence.
        _notify_step(alert, Step.DUTY, now)


def escalate_after() -> timedelta:
    """ALERT_ESCALATE_AFTER, given as a timedelta or (from the environment) as seconds."""
    value = current_app.config["ALERT_ESCALATE_AFTER"]
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def _schedule_escalation(alert: WorryAlert, step: int, at_once: bool = False) -> None:
    from participation.alerts.jobs import escalate
    from participation.jobs import enqueue

    wait = None if at_once else escalate_after()
    enqueue(escalate, alert_id=alert.id, step=step, schedule_in=wait)


def advance(alert: WorryAlert, step: int) -> None:
    """Tell the people at `step`; if there is nobody (no manager, no duty contact, no
    address), go straight on to the next step rather than wait for nobody."""
    now = utcnow()
    for current in range(step, Step.DUTY + 1):
        alert.escalation_step = max(alert.escalation_step or 0, current)
        audit(alert, "alert_escalated", f"step {Step(current).name.lower()}")
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


def escalate(alert_id: int, step: int) -> None:
    """The scheduled check: stop if someone picked it up, or if this step was already told
    (a job run twice, or a step reached early after a failed message)."""
    alert = db.session.get(WorryAlert, alert_id)
    if alert is None:  # deleted with the child's record
        return
    lock(alert)
    if alert.acknowledged_at is None and (alert.escalation_step or 0) < step:
        advance(alert, step)
    db.session.commit()


# Acknowledging ------------------------------------------------------------------------------


def acknowledge(alert: WorryAlert, worker: Worker, action: str) -> bool:
    """ "I'm dealing with this": stops the chain. Pressed twice, or by two people at once,
    the first stands (the row is held while checking); True if this call picked it up."""
    from participation.caserecord.models import RecordEntry
    from participation.caserecord.services import queue_webhook

    lock(alert)
    if alert.acknowledged_at is not None:
        return False
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by = worker
    alert.acknowledged_action = action
    audit(alert, "acknowledge_alert", action)
    entry = db.session.scalar(
        select(RecordEntry).where(
            RecordEntry.kind == "worry_alert", RecordEntry.object_id == alert.public_id
        )
    )
    if entry is not None:
        # The case system already has the alert: it is told who picked it up, and when.
        queue_webhook(entry)
    return True


def audit(alert: WorryAlert, action: str, detail: str = "") -> None:
    """Every message, delivery, escalation and acknowledgement goes in the audit log, about
    the child (or the family's children), for the proof of who was told and when."""
    from participation.audit.services import record
    from participation.audit.subjects import subjects_of_family

    about = subjects_of_family(alert.family) if alert.family is not None else None
    record(action, alert.child, "alert", alert.public_id, detail=detail[:1000], about=about)


# What the person who pressed is told --------------------------------------------------------


@dataclass(frozen=True)
class Told:
    """One true sentence about where the alert has got to; `done` stops the page asking."""

    text: str
    done: bool


def told_status(alert: WorryAlert) -> Told:
    """Said from what really happened (never "we have told them" while a job waits), in
    words a six-year-old can read. Only the allocated worker's first name: no other staff
    names (a child need not learn the names of people they have never met)."""
    worker = allocated_worker(alert)
    name = worker.first_name if worker is not None else ""
    if alert.acknowledged_at is not None:
        if name and alert.acknowledged_by_id == worker.id:
            # Translators: read by a child or a parent. %(name)s is a social worker's first name.
            return Told(_("%(name)s has seen it.", name=name), True)
        if alert.acknowledged_by_id is not None:
            return Told(_("Someone from the social work team has seen it."), True)
        return Told(_("Your worry has been seen."), True)
    notices = notices_for(alert)
    reached = {n.step for n in notices if n.reached}
    trying = {n.step for n in notices if n.status in (NoticeStatus.PENDING, NoticeStatus.SENDING)}
    # "X hasn't seen it yet" only if X really was sent a message: a worker who has left, has
    # no mobile or email, or whose every message failed was never asked.
    worker_told = bool(name) and Step.WORKER in reached
    escalated = alert.escalation_step or 0
    if escalated >= Step.DUTY and Step.DUTY in reached:
        if worker_told:
            return Told(
                _(
                    "%(name)s hasn't seen it yet, so we have told the council's duty team too.",
                    name=name,
                ),
                False,
            )
        return Told(_("We have told the council's duty team."), False)
    if escalated >= Step.MANAGER and Step.MANAGER in reached:
        if worker_told:
            return Told(
                _(
                    "%(name)s hasn't seen it yet, so we have told %(name)s's manager too.",
                    name=name,
                ),
                False,
            )
        return Told(_("We have told the social work manager."), False)
    if worker_told:
        if Step.DUTY in reached:
            return Told(
                _("%(name)s and the council's duty team have been sent a message.", name=name),
                False,
            )
        return Told(_("%(name)s has been sent a message.", name=name), False)
    if name and Step.WORKER in trying:
        return Told(_("We are sending %(name)s a message now.", name=name), False)
    if Step.DUTY in reached:
        return Told(_("We have told the council's duty team."), False)
    if trying:
        return Told(_("We are sending a message to the social work team now."), False)
    # Nothing could be sent (no addresses, alerts switched off): the worry is in the worker's
    # list in the app, and that is all we say.
    return Told(_("Your worry is at the top of the social worker's list."), False)


def latest_alert(*, activity=None, member=None) -> WorryAlert | None:
    """The newest worry from this activity or this member, for their status line."""
    if member is not None:
        source = (WorryAlert.member_id == member.id) & (WorryAlert.kind == AlertKind.MEMBER_WORRY)
    else:
        source = WorryAlert.activity_id == activity.id
    stmt = select(WorryAlert).where(source).order_by(WorryAlert.raised_at.desc()).limit(1)
    return db.session.scalar(stmt)


# A journal "No" -------------------------------------------------------------------------------


def raise_plan_did_not_work(entry) -> WorryAlert | None:
    """A journal entry saying the plan did not work is urgent (Sunderland practice: a
    failed plan needs an urgent network meeting, and the goal posts are not moved)."""
    from participation.audit.services import record

    if entry.plan_worked != "no":
        return None
    alert = WorryAlert(
        kind=AlertKind.PLAN_DID_NOT_WORK,
        family_id=entry.family_id,
        member_id=entry.member_id,
        journal_entry=entry,
    )
    db.session.add(alert)
    db.session.flush()
    record("plan_did_not_work_alert", None, "journal_entry", entry.public_id, actor_kind="network")
    start_chain(alert)
    return alert


# Re-arming after a restart (the embedded in-memory queue keeps nothing) ----------------------


def rearm() -> None:
    """Every unfinished send, delivery check and escalation is queued again."""
    from participation.alerts.jobs import check_delivery, escalate, send_notice
    from participation.jobs import enqueue

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
