"""Queries on the development provider's messages."""

from sqlalchemy import select

from participation.extensions import db
from participation.notifications.models import DevMessage

# The page shows the latest only: a long-running development database keeps them all.
SHOWN = 200


def recent_dev_messages() -> list[DevMessage]:
    newest_first = select(DevMessage).order_by(DevMessage.sent_at.desc(), DevMessage.id.desc())
    return list(db.session.scalars(newest_first.limit(SHOWN)))


def dev_message_by_reference(reference: str) -> DevMessage | None:
    return db.session.scalar(
        select(DevMessage).where(DevMessage.reference == reference).order_by(DevMessage.id.desc())
    )


def dev_message_by_provider_id(provider_id: str) -> DevMessage | None:
    return db.session.scalar(select(DevMessage).where(DevMessage.provider_id == provider_id))
