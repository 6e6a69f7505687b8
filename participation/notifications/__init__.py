"""Texts and emails to staff and young people, through a pluggable provider.

NOTIFICATION_PROVIDER picks it: "log" (development: the log and /dev/messages), "notify"
(GOV.UK Notify, see notify_provider.py) or a dotted path to a `Provider` subclass.
"""

from importlib import import_module

from flask import Blueprint, Flask, current_app

from participation.notifications.base import (
    STATUSES,
    PermanentFailure,
    Provider,
    Sent,
    TemporaryFailure,
)

bp = Blueprint("notifications", __name__, url_prefix="/dev")

BUILT_IN = {
    "log": "participation.notifications.log_provider.LogProvider",
    "notify": "participation.notifications.notify_provider.NotifyProvider",
}

__all__ = [
    "STATUSES",
    "PermanentFailure",
    "Provider",
    "Sent",
    "TemporaryFailure",
    "bp",
    "init_app",
    "provider",
]


def provider() -> Provider:
    """The configured provider, new for each use (the Notify client is not thread-safe)."""
    config = current_app.config
    return provider_class(config["NOTIFICATION_PROVIDER"])(config)


def provider_class(setting: str) -> type[Provider]:
    path = BUILT_IN.get(setting, setting)
    module, _, name = path.rpartition(".")
    try:
        found = getattr(import_module(module), name) if module else None
    except (ImportError, AttributeError):
        found = None
    if not (isinstance(found, type) and issubclass(found, Provider)):
        raise RuntimeError(
            f"NOTIFICATION_PROVIDER must be 'log', 'notify' or the dotted path of a "
            f"participation.notifications.Provider subclass, not {setting!r}"
        )
    return found


def init_app(app: Flask) -> None:
    """A typo in the provider fails at startup, not at the first urgent alert."""
    setting = app.config["NOTIFICATION_PROVIDER"]
    provider_class(setting)
    if app.config["ENVIRONMENT"] != "production":
        return
    # Safeguarding: an urgent alert must reach a phone. The log provider only writes to a
    # log nobody is watching (and would keep copies of codes), so production refuses it.
    if setting == "log":
        raise RuntimeError(
            "PARTICIPATION_NOTIFICATION_PROVIDER must be set in production ('notify' for GOV.UK "
            "Notify, with PARTICIPATION_NOTIFY_API_KEY and the two template ids): the "
            "development 'log' provider texts nobody, so urgent alerts would reach no one."
        )
    # Safeguarding: an alert at night or while the worker is away must reach someone else.
    if not any(
        isinstance(c, dict) and (c.get("mobile") or c.get("email"))
        for c in (app.config.get("OUT_OF_HOURS_CONTACT"), app.config.get("DUTY_CONTACT"))
    ):
        raise RuntimeError(
            "PARTICIPATION_OUT_OF_HOURS_CONTACT (the emergency duty team) or "
            'PARTICIPATION_DUTY_CONTACT must be set in production, as JSON {"name": ..., '
            '"mobile": ..., "email": ...}: otherwise an urgent alert nobody answers, or one '
            "raised at night, is escalated to no one."
        )
    if setting == "notify":
        from participation.notifications.notify_provider import configuration_problem

        problem = configuration_problem(app.config)
        if problem:
            raise RuntimeError(problem.replace("NOTIFY_", "PARTICIPATION_NOTIFY_", 1))
