"""What every notification provider promises, so alerts and codes never depend on which one."""

from collections.abc import Mapping
from typing import Any, NamedTuple

# The statuses callers see, whatever words the provider uses for them.
STATUSES = ("sending", "delivered", "permanent-failure", "temporary-failure", "technical-failure")


class TemporaryFailure(Exception):
    """The provider is down, slow or busy: try again later (the job queue retries)."""


class PermanentFailure(Exception):
    """The provider refused this message (bad number, bad key): trying again won't help."""


class Sent(NamedTuple):
    """A message the provider already has: its id there, and how far it has got."""

    provider_id: str
    status: str


class Provider:
    """Base for a provider named by a dotted path in NOTIFICATION_PROVIDER; built per use
    with the app's config. `reference` is ours and unique per message, so a retried job can
    ask `find(reference)` before sending and never send twice."""

    name = "Provider"

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config

    def send_sms(self, to: str, text: str, reference: str) -> str:
        raise NotImplementedError

    def send_email(self, to: str, subject: str, body: str, reference: str) -> str:
        raise NotImplementedError

    def find(self, reference: str) -> Sent | None:
        raise NotImplementedError

    def status(self, provider_id: str) -> str:
        raise NotImplementedError
