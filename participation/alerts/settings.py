"""Alert settings checked when the app starts: a typo found at a worry tap would lose the alert."""

from datetime import date, time, timedelta
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask

from participation.alerts.models import AlertKind
from participation.db_types import utcnow


def _fail(setting: str, problem: str) -> NoReturn:
    raise RuntimeError(f"PARTICIPATION_{setting} {problem}")


def check_settings(app: Flask) -> None:
    """Refuse to start with alert settings the chain could not use, naming the setting."""
    cfg = app.config
    # Whatever the operator wrote (Any): a wrong type is caught below as TypeError.
    hours: Any = cfg.get("WORKING_HOURS")
    try:
        start, end = (time.fromisoformat(t) for t in hours)
    except (TypeError, ValueError):
        _fail("WORKING_HOURS", f'must be two times like ["09:00", "17:00"], not {hours!r}')
    if not start < end:
        _fail("WORKING_HOURS", f"must start before it ends, not {hours!r}")
    zone = cfg.get("ALERT_TIMEZONE") or "Europe/London"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        _fail("ALERT_TIMEZONE", f'must be a time zone like "Europe/London", not {zone!r}')
    for setting in ("DUTY_CONTACT", "OUT_OF_HOURS_CONTACT"):
        contact = cfg.get(setting)
        if contact is None:
            continue
        if not isinstance(contact, dict) or not (contact.get("mobile") or contact.get("email")):
            _fail(
                setting,
                'must be like {"name": "Duty desk", "mobile": "07700900000", '
                '"email": "duty@example.gov.uk"} (mobile or email, or both), not ' + repr(contact),
            )
        for key in ("name", "mobile", "email"):
            if not isinstance(contact.get(key) or "", str):
                _fail(setting, f'has a "{key}" that is not text: {contact[key]!r}')
    events = cfg.get("ALERT_EVENTS")
    known = {kind.value for kind in AlertKind}
    if not isinstance(events, list | tuple) or not set(events) <= known:
        _fail("ALERT_EVENTS", f"must list some of {sorted(known)}, not {events!r}")
    wait: Any = cfg.get("ALERT_ESCALATE_AFTER")
    if not isinstance(wait, timedelta):
        try:
            float(wait)
        except (TypeError, ValueError):
            _fail("ALERT_ESCALATE_AFTER", f"must be a number of seconds, not {wait!r}")
    try:
        holidays = {date.fromisoformat(d) for d in cfg.get("BANK_HOLIDAYS") or []}
    except (TypeError, ValueError):
        _fail("BANK_HOLIDAYS", 'must be a list of dates like "2026-12-25"')
    this_year = utcnow().year
    for year in (this_year, this_year + 1):
        if not any(day.year == year for day in holidays):
            # Not fatal (alerts still go), but a bank holiday would count as a working day.
            app.logger.warning(
                "PARTICIPATION_BANK_HOLIDAYS has no date in %d: add that year's bank holidays",
                year,
            )
