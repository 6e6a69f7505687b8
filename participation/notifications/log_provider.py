"""The development default: every message goes to the log and onto /dev/messages, so
`./scripts/dev` shows an alert "arriving" without a Notify account. Production refuses it."""

import logging
import uuid

from participation.extensions import db
from participation.notifications.base import PermanentFailure, Provider, Sent
from participation.notifications.models import DevMessage
from participation.notifications.services import (
    dev_message_by_provider_id,
    dev_message_by_reference,
)

logger = logging.getLogger("participation.notifications")


class LogProvider(Provider):
    """The copy is written in the caller's transaction, beside the caller's own note that
    it sent: a job that fails after "sending" leaves no message behind, and its retry
    leaves exactly one, as the real provider's find-by-reference guarantees."""

    name = "Development log"

    def send_sms(self, to: str, text: str, reference: str) -> str:
        return self._keep("sms", to, "", text, reference)

    def send_email(self, to: str, subject: str, body: str, reference: str) -> str:
        return self._keep("email", to, subject, body, reference)

    def find(self, reference: str) -> Sent | None:
        message = dev_message_by_reference(reference)
        return Sent(message.provider_id, "delivered") if message else None

    def status(self, provider_id: str) -> str:
        if dev_message_by_provider_id(provider_id) is None:
            raise PermanentFailure(f"no development message {provider_id}")
        return "delivered"

    def _keep(self, channel: str, to: str, subject: str, body: str, reference: str) -> str:
        provider_id = str(uuid.uuid4())
        db.session.add(
            DevMessage(
                channel=channel,
                to=to,
                subject=subject,
                body=body,
                reference=reference,
                provider_id=provider_id,
            )
        )
        db.session.flush()
        # Development only (never production, see participation/notifications/__init__.py):
        # the whole message is logged, one-time codes included, so it can be read and used.
        logger.warning(
            "development %s to %s (reference %s): %s%s",
            channel,
            to,
            reference,
            f"[{subject}] " if subject else "",
            body,
        )
        return provider_id
