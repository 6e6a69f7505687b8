"""A care leaver's "I need help now": the numbers to call, telling their personal adviser
through the alert chain, what they are told truly happened, and their "My PA" card."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.alerts import services as alert_services
from participation.alerts.models import AlertKind, NoticeStatus, Step, WorryAlert
from participation.auth.models import Worker
from participation.caserecord.payloads import alert_outcome
from participation.db_types import utcnow
from participation.extensions import db
from participation.pathway.models import YoungPerson

# The help page shows a call for help this recent, with where it has got to.
SHOWN_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class HelpNumber:
    """One line to call or text; `call` and `text` are numbers as dialled (no spaces)."""

    name: str
    when: str
    call: str = ""
    text: str = ""
    text_word: str = ""

    @property
    def shown_call(self) -> str:
        return _spaced(self.call)

    @property
    def shown_text(self) -> str:
        return _spaced(self.text)


def _spaced(number: str) -> str:
    """As people read and say it: 116 123, 0800 1111, 0191 555 0100."""
    if len(number) == 6:
        return f"{number[:3]} {number[3:]}"
    if len(number) == 8:
        return f"{number[:4]} {number[4:]}"
    if len(number) == 11 and number.startswith("0"):
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    return number


# National lines for anyone in England, free from any phone; a council may list its own
# instead (HELP_NUMBERS). Checked against each service's own site: Samaritans 116 123 (any
# time), Shout text SHOUT to 85258 (any time), NHS 111 option 2 for mental health crisis.
NATIONAL_NUMBERS = (
    # Translators: read by a care leaver (16 to 25) who needs help now.
    (_l("Samaritans: talk to someone about anything"), _l("Any time, free"), "116123", "", ""),
    (_l("Shout: text if you need to talk"), _l("Any time, free"), "", "85258", "SHOUT"),
    (_l("NHS 111: mental health crisis (choose option 2)"), _l("Any time, free"), "111", "", ""),
)


def help_numbers() -> list[HelpNumber]:
    """The council's own list if it set one, else the national lines."""
    from participation.admin.council import setting

    council = setting("HELP_NUMBERS")  # the admin's list, else the deployment's
    if council:
        return [
            HelpNumber(
                name=str(n.get("name", "")),
                when=str(n.get("when", "")),
                call=_digits(n.get("call", "")),
                text=_digits(n.get("text", "")),
                text_word=str(n.get("text_word", "")),
            )
            for n in council
        ]
    return [
        HelpNumber(str(name), str(when), call, text, word)
        for name, when, call, text, word in NATIONAL_NUMBERS
    ]


def duty_number() -> HelpNumber | None:
    """The council's emergency duty team, for out of hours, when the council gave its number."""
    from participation.admin.council import setting

    number = _digits(setting("EMERGENCY_DUTY_PHONE") or "")
    if not number:
        return None
    return HelpNumber(
        _("The council's emergency duty team"),
        _("Evenings, nights, weekends and bank holidays"),
        call=number,
    )


def _digits(number) -> str:
    """A tel: link holds digits (and a leading +) only."""
    text = str(number or "").strip()
    return ("+" if text.startswith("+") else "") + "".join(c for c in text if c.isdigit())


# Telling the PA --------------------------------------------------------------------------


def before_tap(person: YoungPerson, now: datetime | None = None) -> list[str]:
    """What pressing "Tell my PA I need help" will do, said before the tap from who the chain
    would really tell now and by which means (a promise a young person in crisis relies on,
    so never "a text" without a mobile, nor a duty team the council has not set)."""
    now = now or utcnow()
    pa = person.personal_adviser
    first = _reachable(alert_services.young_person_recipients(person, Step.WORKER, now))
    managers = _reachable(alert_services.young_person_recipients(person, Step.MANAGER, now))
    duty = alert_services.duty_contact(now)
    night = not alert_services.in_working_hours(now)
    sentences = []
    if first:
        told = first[0]
        if told.worker_id == pa.id:
            sentences.append(_gets_message(told, pa.first_name))
        else:
            # advisers_to_tell chose the PA's cover: their first name, as on the My PA card.
            cover = pa.cover_worker.first_name if pa.cover_worker else told.name
            sentences.append(_cover_gets_message(told, pa.first_name, cover))
    elif advisers_away(person, now):
        sentences.append(_("%(name)s is away, so they will not get a message.",
                           name=pa.first_name))  # fmt: skip
    else:
        sentences.append(_("We can't send %(name)s a message.", name=pa.first_name))
    if night and duty is not None:
        if duty == alert_services.emergency_duty_team():
            sentences.append(
                _("It is out of hours, so the council's emergency duty team is told straight away.")
            )
        else:
            sentences.append(
                _("It is out of hours, so the council's duty team is told straight away.")
            )
    if first and managers:
        sentences.append(_("If nobody answers soon, the team manager is told too."))
    elif first and duty is not None and not night:
        sentences.append(_("If nobody answers soon, the council's duty team is told."))
    elif not first and managers:
        sentences.append(_("The team manager gets a message straight away."))
    elif not first and duty is not None and not night:
        sentences.append(_("The council's duty team is told straight away."))
    elif not first and duty is None:
        # Safeguarding: nobody at all would hear (no cover, no manager, no duty contact set);
        # the young person is told so, and pointed at the lines that answer now.
        sentences.append(_("Nobody can be sent a message right now, so please call one of the "
                           "numbers on this page."))  # fmt: skip
    return sentences


def _reachable(recipients: list[alert_services.Recipient]) -> list[alert_services.Recipient]:
    """Those the chain can send something to (someone with no mobile and no email hears nothing)."""
    return [r for r in recipients if r.mobile or r.email]


def advisers_away(person: YoungPerson, now: datetime) -> bool:
    """The PA is away or has left, so the chain would go to their cover instead."""
    return person.personal_adviser not in alert_services.advisers_to_tell(person, now)


def _gets_message(told: alert_services.Recipient, name: str) -> str:
    if told.mobile and told.email:
        return _("%(name)s gets a text and an email straight away.", name=name)
    if told.mobile:
        return _("%(name)s gets a text straight away.", name=name)
    return _("%(name)s gets an email straight away.", name=name)


def _cover_gets_message(told: alert_services.Recipient, pa: str, cover: str) -> str:
    if told.mobile and told.email:
        return _("%(name)s is away, so %(cover)s, who covers for %(name)s, gets a text and an "
                 "email straight away.", name=pa, cover=cover)  # fmt: skip
    if told.mobile:
        return _("%(name)s is away, so %(cover)s, who covers for %(name)s, gets a text "
                 "straight away.", name=pa, cover=cover)  # fmt: skip
    return _("%(name)s is away, so %(cover)s, who covers for %(name)s, gets an email "
             "straight away.", name=pa, cover=cover)  # fmt: skip


def ask_for_help(person: YoungPerson) -> WorryAlert:
    from participation.alerts.raising import raise_young_person_help

    return raise_young_person_help(person)


def latest_help(person: YoungPerson) -> WorryAlert | None:
    """Privacy: only this young person's own call for help, never anyone else's."""
    stmt = (
        select(WorryAlert)
        .where(
            WorryAlert.young_person_id == person.id,
            WorryAlert.kind == AlertKind.YOUNG_PERSON_HELP,
            WorryAlert.raised_at >= utcnow() - SHOWN_FOR,
        )
        .order_by(WorryAlert.raised_at.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


@dataclass(frozen=True)
class Told:
    """True sentences about where the call for help has got to; `done` stops the refresh."""

    sentences: list[str]
    done: bool


def told(alert: WorryAlert) -> Told:
    """Said from the messages that really exist (never "has been told" while one waits),
    with only the names the young person already knows from their My PA card."""
    adviser = _person_of(alert).personal_adviser
    pa = adviser.first_name
    notices = alert_services.notices_for(alert)
    if alert.acknowledged_at is not None:
        by = alert.acknowledged_by
        # Privacy: a name only if the young person was already shown it: their PA, or the
        # cover this page said was sent a message. A manager or anyone else stays unnamed.
        shown = {adviser.id} | {w for w, _name, _is_pa in _first_told(adviser.id, notices)}
        if by is not None and by.id in shown:
            name = pa if by.id == adviser.id else by.first_name
            return Told([_("%(name)s has seen it and is dealing with it.", name=name)], True)
        if by is not None:
            return Told([_("Someone from the council has seen it and is dealing with it.")], True)
        return Told([_("Someone from the council has seen it.")], True)
    sentences = []
    for worker_id, name, is_pa in _first_told(adviser.id, notices):
        states = {
            n.status
            for n in notices
            if n.step == Step.WORKER and n.recipient_worker_id == worker_id
        }
        sent = states & {NoticeStatus.SENT, NoticeStatus.DELIVERED}
        sending = states & {NoticeStatus.PENDING, NoticeStatus.SENDING}
        if is_pa and sent:
            sentences.append(_("Your PA %(name)s has been sent a message.", name=name))
        elif is_pa and sending:
            sentences.append(_("We are sending your PA %(name)s a message now.", name=name))
        elif sent:
            sentences.append(
                _(
                    "%(pa)s is away, so %(name)s, who covers for %(pa)s, has been sent a message.",
                    pa=pa,
                    name=name,
                )  # fmt: skip
            )
        elif sending:
            sentences.append(
                _(
                    "%(pa)s is away, so we are sending %(name)s, who covers for %(pa)s, "
                    "a message now.",
                    pa=pa,
                    name=name,
                )  # fmt: skip
            )
    # "Nobody has answered yet" only if somebody really was sent a message first.
    asked_first = any(n.step == Step.WORKER and n.reached for n in notices)
    manager = _progress(notices, Step.MANAGER)
    if manager == "sent" and asked_first:
        sentences.append(_("Nobody has answered yet, so the team manager has been told too."))
    elif manager == "sent":
        sentences.append(_("The team manager has been sent a message."))
    elif manager == "sending":
        sentences.append(_("We are sending the team manager a message now."))
    duty = _progress(notices, Step.DUTY)
    edt = alert_services.emergency_duty_team()
    night = edt is not None and any(
        n.step == Step.DUTY and n.address in (edt.mobile, edt.email) for n in notices
    )
    if duty == "sent" and night:
        sentences.append(
            _("It is out of hours, so the council's emergency duty team has been sent a message.")
        )
    elif duty == "sending" and night:
        sentences.append(
            _(
                "It is out of hours, so we are sending the council's emergency duty team a "
                "message now."
            )  # fmt: skip
        )
    elif duty == "sent":
        sentences.append(_("The council's duty team has been sent a message."))
    elif duty == "sending":
        sentences.append(_("We are sending the council's duty team a message now."))
    if not sentences:
        # Nothing could be sent (no phone or email on file, or every message failed): it
        # waits at the top of the list, and the young person is pointed at the lines.
        sentences.append(_("Your message is at the top of your PA's list."))
        sentences.append(_("We could not send anyone a message, so please call one of the "
                           "numbers on this page."))  # fmt: skip
    return Told(sentences, False)


def _progress(notices, step: int) -> str | None:
    """ "sent" once a message at this step has gone, "sending" while one waits, else None."""
    states = {n.status for n in notices if n.step == step}
    if states & {NoticeStatus.SENT, NoticeStatus.DELIVERED}:
        return "sent"
    if states & {NoticeStatus.PENDING, NoticeStatus.SENDING}:
        return "sending"
    return None


def _person_of(alert: WorryAlert) -> YoungPerson:
    if alert.young_person is None:
        raise LookupError(f"alert {alert.public_id} is not a young person's call for help")
    return alert.young_person


def _first_told(adviser_id: int, notices) -> list[tuple[int, str, bool]]:
    """(worker id, first name, is the PA) of each member of staff told first."""
    seen: dict[int, tuple[int, str, bool]] = {}
    for n in notices:
        if n.step == Step.WORKER and n.recipient_worker_id and n.recipient_worker_id not in seen:
            name = n.recipient_worker.first_name if n.recipient_worker else n.recipient_name
            seen[n.recipient_worker_id] = (
                n.recipient_worker_id,
                name,
                n.recipient_worker_id == adviser_id,
            )
    return list(seen.values())


# My PA -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaCard:
    adviser: Worker
    away_until: date | None
    cover: Worker | None


def pa_card(person: YoungPerson, today: date) -> PaCard:
    adviser = person.personal_adviser
    away = adviser.away_until if adviser.away_until and adviser.away_until >= today else None
    cover = adviser.cover_worker if adviser.cover_worker and adviser.cover_worker.active else None
    return PaCard(adviser, away, cover)


def cover_choices(worker: Worker) -> list[Worker]:
    """Colleagues in the adviser's own team, who can open the young person's alert."""
    if worker.team_id is None:
        return []
    stmt = (
        select(Worker)
        .where(Worker.team_id == worker.team_id, Worker.active.is_(True), Worker.id != worker.id)
        .order_by(Worker.name)
    )
    return list(db.session.scalars(stmt))


def worker_to_edit(me: Worker, worker_id: int | None) -> Worker:
    """Their own details, or, for a team manager, those of someone in their team."""
    from participation.auth.models import Role

    if worker_id is None or worker_id == me.id:
        return me
    other = db.session.get(Worker, worker_id)
    if other is None or me.role != Role.TEAM_MANAGER or other.team_id != me.team_id:
        abort(404)
    return other


def save_availability(worker: Worker, by: Worker, values: dict) -> None:
    from participation.audit.services import record

    cover_id = values["cover_worker_id"] or None
    if cover_id is not None and cover_id not in {w.id for w in cover_choices(worker)}:
        abort(400)
    worker.contact_phone = values["contact_phone"] or None
    worker.contact_email = values["contact_email"] or None
    worker.available_hours = values["available_hours"] or ""
    worker.away_until = values["away_until"]
    worker.cover_worker_id = cover_id
    record("edit_adviser_availability", None, "worker", str(worker.id),
           detail=f"by {by.name}")  # fmt: skip


# The record ---------------------------------------------------------------------------------


def help_record_entry(alert: WorryAlert) -> dict:
    """A young person's call for help on their record: who, with the council's case reference
    and date of birth so a case system can match it to their file, who was told and when."""
    person = _person_of(alert)
    return {
        "schema": "participation.help-request.v1",
        "id": alert.public_id,
        "tool": {"id": "help_request", "name": "I need help now"},
        "raised_at": alert.raised_at.isoformat(),
        "young_person": identity_of(person),
        "personal_adviser": person.personal_adviser.name,
        **alert_outcome(alert),
    }


def identity_of(person: YoungPerson) -> dict:
    return {
        "id": person.public_id,
        "name": person.name,
        "case_reference": person.case_reference or None,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
    }


def get_help_or_404(public_id: str, worker) -> WorryAlert:
    alert = alert_services.get_alert_or_404(public_id, worker)
    if alert.kind != AlertKind.YOUNG_PERSON_HELP:
        abort(404)
    return alert


def load_help(public_id: str) -> WorryAlert | None:
    return db.session.scalar(
        select(WorryAlert).where(
            WorryAlert.public_id == public_id, WorryAlert.kind == AlertKind.YOUNG_PERSON_HELP
        )
    )
