"""The one way the app reads a setting a council's admin may change: the admin's choice
(council_setting) in preference to config.py's default, which stays for deployments."""

from typing import Any

from flask import current_app, g, has_app_context
from sqlalchemy import select

from participation.db_types import utcnow
from participation.extensions import db

# What an admin may change on the settings page. Everything else (secrets, hosts, providers,
# rate limits) is a deployment setting and stays in the environment.
COUNCIL_SETTINGS = (
    "DEFAULT_TERMINOLOGY",
    "DUTY_CONTACT",
    "OUT_OF_HOURS_CONTACT",
    "EMERGENCY_DUTY_PHONE",
    "HELP_NUMBERS",
    "RETENTION_YEARS_AFTER_BIRTH",
    "CARE_LEAVER_RETENTION_YEARS_AFTER_BIRTH",
    "PLAN_REVIEW_INTERVAL_DAYS",
)

_CACHE = "_council_settings"


def _chosen() -> dict[str, Any]:
    """Every choice the admin made, read once per request or job (one small query)."""
    from participation.admin.models import CouncilSetting

    cached = g.get(_CACHE) if has_app_context() else None
    if cached is None:
        rows = db.session.execute(select(CouncilSetting.key, CouncilSetting.value))
        cached = {key: value for key, value in rows}
        if has_app_context():
            setattr(g, _CACHE, cached)
    return cached


def setting(name: str, default: Any = None) -> Any:
    """The admin's choice if they made one, else the deployment's config value."""
    if name not in COUNCIL_SETTINGS:
        raise KeyError(f"{name} is not a council setting: read current_app.config")
    chosen = _chosen()
    if name in chosen:
        return chosen[name]
    return current_app.config.get(name, default)


def is_chosen(name: str) -> bool:
    return name in _chosen()


def save(name: str, value: Any, by) -> None:
    """Keep the admin's choice (None is a choice too: "no duty contact"); audited by the caller."""
    from participation.admin.models import CouncilSetting

    if name not in COUNCIL_SETTINGS:
        raise KeyError(name)
    row = db.session.get(CouncilSetting, name)
    if row is None:
        row = CouncilSetting(key=name)
        db.session.add(row)
    row.value, row.updated_at, row.updated_by_id = value, utcnow(), by.id if by else None
    g.pop(_CACHE, None)


def reset(name: str) -> None:
    """Back to the deployment's default."""
    from participation.admin.models import CouncilSetting

    row = db.session.get(CouncilSetting, name)
    if row is not None:
        db.session.delete(row)
    g.pop(_CACHE, None)
