"""Pieces every deletion shares: the ids to delete by, a person's alerts, and the
translations of their words."""

from typing import Any

from sqlalchemy import ColumnElement, Delete, delete, select

from participation.alerts.models import AlertNotice, WorryAlert
from participation.caserecord.kinds import filed_under
from participation.extensions import db
from participation.translation.models import Translation


def ids(column: Any, where: ColumnElement[bool]) -> list[Any]:
    """The values of one column in the rows about to go: kept, since the rows won't be."""
    return list(db.session.scalars(select(column).where(where)))


def alerts(whose: ColumnElement[bool]) -> tuple[Delete, Delete]:
    """The alerts raised about a person, and the messages sent about each."""
    return (
        delete(AlertNotice).where(AlertNotice.alert_id.in_(select(WorryAlert.id).where(whose))),
        delete(WorryAlert).where(whose),
    )


def translations(model: Any, object_ids: list[str]) -> Delete:
    """Translations hold copies of a person's words and of the replies to them."""
    return delete(Translation).where(
        Translation.object_kind.in_(filed_under(model)), Translation.object_id.in_(object_ids)
    )
