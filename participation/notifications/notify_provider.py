"""GOV.UK Notify, through its official client: the service UK councils already use.

Settings (PARTICIPATION_ prefix in the environment): NOTIFY_API_KEY (a live key, or a team
or test key while trying it out), NOTIFY_BASE_URL (only to point at a stand-in such as
tests/fakes/notify.py), NOTIFY_TIMEOUT, NOTIFY_SMS_TEMPLATE_ID and NOTIFY_EMAIL_TEMPLATE_ID.

Make two templates in the council's Notify service and copy their ids into the settings:

- Text message template, whose whole content is:  ((body))
- Email template, with subject  ((subject))  and whose whole message is:  ((body))

The wording lives in this app (translated, and free of any child's words), so the templates
only carry it; Notify shows each message's delivery status against our `reference`.
"""

import logging
from collections.abc import Mapping
from typing import Any

from notifications_python_client.errors import APIError, InvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient

from participation.notifications.base import PermanentFailure, Provider, Sent, TemporaryFailure

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"

# Notify's own words for a message's progress, in the few every provider shares. "sent" is
# an international text with no receipt to come: not proof it arrived, so still "sending".
_STATUSES = {
    "created": "sending",
    "sending": "sending",
    "pending": "sending",
    "sent": "sending",
    "delivered": "delivered",
    "permanent-failure": "permanent-failure",
    "temporary-failure": "temporary-failure",
    "technical-failure": "technical-failure",
}


class NotifyProvider(Provider):
    """Every call passes our reference, so after a timeout a retry can ask Notify whether
    the message got there before sending it again."""

    name = "GOV.UK Notify"

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        problem = configuration_problem(config)
        if problem:
            raise PermanentFailure(problem)
        self.client = NotificationsAPIClient(
            config["NOTIFY_API_KEY"],
            base_url=config.get("NOTIFY_BASE_URL") or DEFAULT_BASE_URL,
            # Short: an alert job waiting on a slow Notify holds up the alerts behind it,
            # and a retry (which looks the message up first) costs little.
            timeout=float(config.get("NOTIFY_TIMEOUT") or 10),
        )

    def send_sms(self, to: str, text: str, reference: str) -> str:
        response = self._call(
            self.client.send_sms_notification,
            phone_number=to,
            template_id=self.config["NOTIFY_SMS_TEMPLATE_ID"],
            personalisation={"body": text},
            reference=reference,
        )
        return response["id"]

    def send_email(self, to: str, subject: str, body: str, reference: str) -> str:
        response = self._call(
            self.client.send_email_notification,
            email_address=to,
            template_id=self.config["NOTIFY_EMAIL_TEMPLATE_ID"],
            personalisation={"subject": subject, "body": body},
            reference=reference,
        )
        return response["id"]

    def find(self, reference: str) -> Sent | None:
        response = self._call(self.client.get_all_notifications, reference=reference)
        found = response.get("notifications") or []
        if not found:
            return None
        # Newest first; a reference is only ever used for one message.
        return Sent(found[0]["id"], _status(found[0].get("status", "")))

    def status(self, provider_id: str) -> str:
        response = self._call(self.client.get_notification_by_id, provider_id)
        return _status(response.get("status", ""))

    def _call(self, method, *args, **kwargs) -> dict:
        """Notify's errors in the two kinds a caller acts on: retry later, or give up."""
        try:
            return method(*args, **kwargs)
        except InvalidResponse as error:
            # An answer we can't read (a proxy's error page): the send may have happened,
            # so it is retried, and the retry looks it up by reference first.
            raise TemporaryFailure(f"GOV.UK Notify: unreadable response: {error}") from error
        except APIError as error:
            # No response at all (timeout, refused connection) arrives as 503 from the client.
            # Privacy: Notify's error text names the field, never the message; we log no more.
            if error.status_code >= 500 or error.status_code == 429:
                raise TemporaryFailure(f"GOV.UK Notify: {error}") from error
            raise PermanentFailure(f"GOV.UK Notify: {error}") from error
        finally:
            # No connection outlives the call: providers are made per use, never closed.
            self.client.request_session.close()


def configuration_problem(config: Mapping[str, Any]) -> str:
    """Why this configuration can't send, or "" (checked at startup in production)."""
    key = config.get("NOTIFY_API_KEY") or ""
    # The client reads a service id and a secret (two UUIDs) off the end of the key.
    if len(key) < 75 or key[-37] != "-" or key[-74] != "-":
        return "NOTIFY_API_KEY must be a GOV.UK Notify API key (name-<service id>-<secret>)"
    for setting in ("NOTIFY_SMS_TEMPLATE_ID", "NOTIFY_EMAIL_TEMPLATE_ID"):
        if not config.get(setting):
            return f"{setting} must be set to the id of a GOV.UK Notify template (see README)"
    return ""


def _status(notify_status: str) -> str:
    if notify_status not in _STATUSES:
        logger.warning("GOV.UK Notify status %r not known: treated as still sending", notify_status)
    return _STATUSES.get(notify_status, "sending")
