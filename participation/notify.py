"""Short messages (one-time codes) to the phone or email a young person chose, through the
configured notification provider (participation/notifications). Called from jobs only
(participation/pathway/jobs.py): a slow or down provider never holds up a person's page."""

import re

from flask import current_app
from flask_babel import gettext as _

from participation.notifications import provider

# Tests read here every message handed to the provider, whichever provider carried it and
# whether or not it took it.
outbox: list[tuple[str, str]] = []

# A phone number as people type one: digits with spaces, dots, dashes, brackets, a leading +.
_PHONE = re.compile(r"\+?[\d\s().-]{7,20}")


def deliver(to: str, text: str, reference: str, subject: str | None = None) -> str:
    """A text when `to` looks like a phone number, else an email; the provider's id for it.
    Raises TemporaryFailure (the job retries) or PermanentFailure (it gives up)."""
    to = to.strip()
    if current_app.testing:
        outbox.append((to, text))
    chosen = provider()
    if _PHONE.fullmatch(to) and "@" not in to:
        return chosen.send_sms(to, text, reference)
    subject = subject or _("Your participation sign-in code")
    return chosen.send_email(to, subject, text, reference)


def already_sent(reference: str) -> bool:
    """Whether the provider already holds a message under this reference (a retried job
    asks before sending again). Raises TemporaryFailure if the provider can't say."""
    return provider().find(reference) is not None
