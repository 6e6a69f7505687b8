"""Raising an alert: a child's or a network member's worry, or a journal saying the plan did
not work. Each is saved with its record entry and its chain of messages in one transaction."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import ColumnElement, select

from participation.activities.models import Activity
from participation.alerts.jobs import start_chain
from participation.alerts.models import AlertKind, WorryAlert
from participation.atomic import lock
from participation.db_types import utcnow
from participation.extensions import db
from participation.network.models import NetworkMember

# A second press within this long is the same worry (a double tap or a resend after a lost
# response), not a new one.
SAME_WORRY = timedelta(seconds=60)


def raise_child_worry(activity: Activity) -> WorryAlert:
    """A child pressing "I'm worried right now" on an activity."""
    return _raise_worry(activity)


def raise_member_worry(member: NetworkMember) -> WorryAlert:
    """A network member pressing "something worrying is happening now"."""
    return _raise_worry(member)


def _raise_worry(origin: Activity | NetworkMember) -> WorryAlert:
    """Alert the worker (SMS and email through the alert chain, queue, record entry with a
    1-working-day deadline, webhook), once per worry. Returns the alert (new, or the one
    just raised) so the person can be told truly where it has got to. The person is shown
    what to do (Childline, 999) every time they press, whether or not it was new."""
    from participation.audit.services import record
    from participation.caserecord.services import (
        register,
        team_of_family,
        team_of_worker_id,
    )

    # Eight taps at once are one worry: whoever pressed holds their own row while checking
    # for a recent alert, so the others wait and then see it (one alert, one message).
    lock(origin)
    source: ColumnElement[bool]
    if isinstance(origin, NetworkMember):
        source = (WorryAlert.member_id == origin.id) & (WorryAlert.kind == AlertKind.MEMBER_WORRY)
    else:
        source = WorryAlert.activity_id == origin.id
    recent = db.session.scalar(
        select(WorryAlert)
        .where(
            source,
            WorryAlert.acknowledged_at.is_(None),
            WorryAlert.raised_at >= utcnow() - SAME_WORRY,
        )
        .order_by(WorryAlert.raised_at.desc())
        .limit(1)
    )
    if recent is not None:
        db.session.commit()  # releases the row
        return recent
    if isinstance(origin, NetworkMember):
        member = origin
        alert = WorryAlert(
            kind=AlertKind.MEMBER_WORRY, family_id=member.family_id, member_id=member.id
        )
        db.session.add(alert)
        db.session.flush()
        record("network_worry_alert", None, "family", member.family.public_id, actor_kind="network")
        team = team_of_family(member.family_id)
        label = f"{member.family.name}: {member.name} raised a worry"
    else:
        activity, child = origin, origin.child
        alert = WorryAlert(child=child, activity=activity, kind=AlertKind.CHILD_WORRY)
        db.session.add(alert)
        db.session.flush()
        record("worry_alert", child, "activity", activity.public_id)
        team = team_of_worker_id(child.allocated_worker_id)
        label = f"{child.name}: worry alert"
    register("worry_alert", alert.public_id, team, label, urgent=True)
    # In this same transaction: the messages and the escalation exist if the alert does.
    start_chain(alert)
    db.session.commit()
    current_app.logger.warning("worry alert %s raised", alert.public_id)
    return alert


def raise_young_person_help(person) -> WorryAlert:
    """A care leaver pressing "Tell my PA I need help": their adviser (or whoever covers) is
    told through the alert chain, and the record holds it as an urgent "help_request" entry
    with a 1-working-day deadline. Once per call for help: a double tap, or a resend after a
    lost response, returns the alert just raised."""
    from participation.audit.services import record
    from participation.caserecord.services import register, team_of_worker_id

    # The young person's own row is held while checking, so eight taps at once wait and
    # then find the first one's alert.
    lock(person)
    recent = db.session.scalar(
        select(WorryAlert)
        .where(
            WorryAlert.young_person_id == person.id,
            WorryAlert.kind == AlertKind.YOUNG_PERSON_HELP,
            WorryAlert.acknowledged_at.is_(None),
            WorryAlert.raised_at >= utcnow() - SAME_WORRY,
        )
        .order_by(WorryAlert.raised_at.desc())
        .limit(1)
    )
    if recent is not None:
        db.session.commit()  # releases the row
        return recent
    alert = WorryAlert(kind=AlertKind.YOUNG_PERSON_HELP, young_person_id=person.id)
    db.session.add(alert)
    db.session.flush()
    record("young_person_help_alert", None, "help_request", alert.public_id, about=[person])
    team = team_of_worker_id(person.personal_adviser_id)
    register("help_request", alert.public_id, team, f"{person.name}: asked for help now",
             urgent=True)  # fmt: skip
    start_chain(alert)
    db.session.commit()
    current_app.logger.warning("young person's help alert %s raised", alert.public_id)
    return alert


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
