"""Urgent alerts that reach a person: notices by SMS and email, escalation, acknowledgement."""

from flask import Blueprint

bp = Blueprint("alerts", __name__, url_prefix="/alerts")


@bp.record_once
def _check_settings(state) -> None:
    """At start-up, so a settings typo stops the app rather than a child's alert."""
    from participation.alerts.settings import check_settings

    check_settings(state.app)
