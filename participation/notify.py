"""Sending short messages (one-time codes) to a phone or email the person chose.

No provider is configured by default: messages are written to the log, and kept in
`outbox` when testing. A council plugs in its own gateway (for example GOV.UK Notify) by
setting PARTICIPATION_NOTIFY_PROVIDER to an importable callable `send(to, text)`.
"""

from importlib import import_module

from flask import current_app

outbox: list[tuple[str, str]] = []


def send(to: str, text: str) -> None:
    provider = current_app.config.get("NOTIFY_PROVIDER")
    if provider:
        module, _, name = provider.rpartition(".")
        getattr(import_module(module), name)(to, text)
        return
    if current_app.testing:
        outbox.append((to, text))
        return
    if current_app.config["ENVIRONMENT"] == "production":
        # Never write a sign-in code into production logs.
        current_app.logger.error("no NOTIFY_PROVIDER configured: message to %s not sent", to)
        return
    current_app.logger.warning("development message to %s: %s", to, text)
