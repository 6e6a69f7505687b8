"""Who is told about an urgent alert, in what order, and what the person who raised it hears."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from participation.alerts.models import AlertKind, AlertNotice, NoticeStatus, Step, WorryAlert
from participation.atomic import lock
from participation.auth.models import Role, Worker
from participation.children.models import Child
from participation.children.services import visible_children_stmt
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.services import visible_family_ids


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: a member of staff, or a duty contact from the settings."""

    name: str
    worker_id: int | None
    mobile: str | None
    email: str | None


# Access -----------------------------------------------------------------------------------


def visible_alerts_stmt(worker: Worker) -> Select[tuple[WorryAlert]]:
    """Alerts about children, families or young people this worker may see (their manager
    included)."""
    from participation.pathway.models import YoungPerson
    from participation.pathway.plans import visible_young_people_stmt

    child_ids = visible_children_stmt(worker).with_only_columns(Child.id).scalar_subquery()
    # The family ids themselves (one UNION of the caseload's), not a second pass through
    # the family table: the header badge counts these on every staff page.
    families = visible_family_ids(worker)
    people = visible_young_people_stmt(worker).with_only_columns(YoungPerson.id)
    # Safeguarding and privacy: a worker covering for an adviser who is away may open a
    # young person's call for help they were sent a message about, and only that one (not
    # the rest of the caseload, not the plan). Being named as cover is not enough: it does
    # not let them see calls for help while the adviser is at work, or before or after they
    # covered; and a cover who was told keeps it when the adviser later names someone else.
    told = select(AlertNotice.alert_id).where(AlertNotice.recipient_worker_id == worker.id)
    return select(WorryAlert).where(
        WorryAlert.child_id.in_(child_ids)
        | WorryAlert.family_id.in_(families)
        | WorryAlert.young_person_id.in_(people.scalar_subquery())
        | (
            (WorryAlert.kind == AlertKind.YOUNG_PERSON_HELP)
            & WorryAlert.id.in_(told.scalar_subquery())
        )
    )


def get_alert_or_404(public_id: str, worker: Worker | None) -> WorryAlert:
    """404, not 403, for someone else's alert: we don't confirm it exists."""
    if worker is None:
        abort(404)
    return db.first_or_404(visible_alerts_stmt(worker).where(WorryAlert.public_id == public_id))


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
    if alert.young_person is not None:
        return alert.young_person.personal_adviser
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
    elif alert.young_person is not None:
        reference = alert.young_person.case_reference or alert.young_person.public_id
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
    from participation.admin.council import setting as council_setting

    contact = council_setting(setting)  # the admin's choice, else the deployment's
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


def advisers_to_tell(person, now: datetime) -> list[Worker]:
    """A young person's PA; while the PA is away (or has left), the worker covering for them
    instead, so a young person's call for help never waits in an empty inbox."""
    adviser = person.personal_adviser
    here = adviser.active and not (adviser.away_until and adviser.away_until >= _local_date(now))
    if here:
        return [adviser]
    cover = adviser.cover_worker
    return [cover] if cover is not None and cover.active and cover.id != adviser.id else []


def _local_date(now: datetime) -> date:
    zone = ZoneInfo(current_app.config.get("ALERT_TIMEZONE") or "Europe/London")
    return now.astimezone(zone).date()


def recipients(alert: WorryAlert, step: int, now: datetime) -> list[Recipient]:
    if alert.young_person is not None:
        return young_person_recipients(alert.young_person, step, now)
    worker = allocated_worker(alert)
    if step == Step.WORKER:
        # A switched-off account (someone who has left) reads nothing: skip to their manager.
        return [_as_recipient(worker)] if worker is not None and worker.active else []
    if step == Step.MANAGER:
        return [_as_recipient(m) for m in _team_managers(worker)]
    contact = duty_contact(now)
    return [contact] if contact else []


def young_person_recipients(person, step: int, now: datetime) -> list[Recipient]:
    """Who a care leaver's call for help goes to at `step`, raised now: asked before the tap
    too, so the help page promises only what pressing will really do."""
    if step == Step.WORKER:
        return [_as_recipient(w) for w in advisers_to_tell(person, now)]
    if step == Step.MANAGER:
        return [_as_recipient(m) for m in _team_managers(person.personal_adviser)]
    contact = duty_contact(now)
    return [contact] if contact else []


def emergency_duty_team() -> Recipient | None:
    """The out-of-hours team from the settings, to tell it apart from the daytime desk that
    stands in for it when the council set only DUTY_CONTACT."""
    return _contact("OUT_OF_HOURS_CONTACT")


# Acknowledging ------------------------------------------------------------------------------


def acknowledge(alert: WorryAlert, worker: Worker, action: str) -> bool:
    """ "I'm dealing with this": stops the chain. Pressed twice, or by two people at once,
    the first stands (the row is held while checking); True if this call picked it up."""
    from participation.caserecord.services import tell_again

    lock(alert)
    if alert.acknowledged_at is not None:
        return False
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by = worker
    alert.acknowledged_action = action
    audit(alert, "acknowledge_alert", action)
    # The case system already has the alert: it is told who picked it up, and when.
    tell_again(("worry_alert", "help_request"), alert.public_id)
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
        if worker is not None and name and alert.acknowledged_by_id == worker.id:
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
    # The furthest step the chain has reached, said with the worker's name if they were told.
    for step, worker_too, others_only in (
        (
            Step.DUTY,
            _(
                "%(name)s hasn't seen it yet, so we have told the council's duty team too.",
                name=name,
            ),
            _("We have told the council's duty team."),
        ),
        (
            Step.MANAGER,
            _("%(name)s hasn't seen it yet, so we have told %(name)s's manager too.", name=name),
            _("We have told the social work manager."),
        ),
    ):
        if escalated >= step and step in reached:
            return Told(worker_too if worker_told else others_only, False)
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


# Reading -------------------------------------------------------------------------------------


def open_alerts_for(worker: Worker) -> list[WorryAlert]:
    """Alerts nobody has picked up yet, that this worker may see: for the queue and header."""
    stmt = (
        visible_alerts_stmt(worker)
        .where(WorryAlert.acknowledged_at.is_(None))
        .order_by(WorryAlert.raised_at.desc())
    )
    return list(db.session.scalars(stmt))


def open_alert_count(worker: Worker) -> int:
    """The header badge's number: the same alerts as open_alerts_for, counted, not loaded."""
    stmt = (
        visible_alerts_stmt(worker)
        .where(WorryAlert.acknowledged_at.is_(None))
        .with_only_columns(func.count(WorryAlert.id))
    )
    return db.session.scalar(stmt) or 0


def open_alerts_for_child(child: Child) -> list[WorryAlert]:
    """For the child's page; the caller has already checked the worker may see the child."""
    stmt = (
        select(WorryAlert)
        .where(WorryAlert.child_id == child.id, WorryAlert.acknowledged_at.is_(None))
        .order_by(WorryAlert.raised_at.desc())
    )
    return list(db.session.scalars(stmt))
