"""Slowing down password and code guessing without letting a stranger lock someone out.

A hard lock on an account ("10 wrong tries and it is shut") lets anyone who knows a worker's
email or a young person's sign-in name stop them signing in. Instead, wrong tries are
counted in the rate-limit store (Redis in production, so every server and worker counts
together) and earn a growing wait, capped at 15 minutes. The wait comes from the wrong tries
made from *this* network (or this known device): the real person on their own phone, who
has not got it wrong, can still sign in. Only when so many wrong tries come in that the
account is clearly under a wide attack from many networks does every new device wait, and
even then a device that has signed in to the account before (a "known device" cookie,
after OWASP's device cookies) keeps its own count.

Codes (a child's code, invitations, a young person's one-time code) have no account to count
against, so wrong guesses are counted per network and across everyone: when everyone
together guesses too much, each network's allowance tightens sharply, but a network that
has not guessed wrong is never refused by other people's guesses.
"""

import hmac
import math
import secrets
import time

from flask import Response, current_app, make_response, render_template, request
from flask_babel import ngettext
from limits import RateLimitItem, parse_many

from participation.addresses import client_network
from participation.extensions import limiter
from participation.tokens import digest

# Wrong tries from one network (or known device) before any wait, the first wait, the longest.
FREE_FAILURES = 5
FIRST_WAIT_SECONDS = 15
MAX_WAIT_SECONDS = 15 * 60
# Wrong tries are forgotten this long after the first of them.
MEMORY_SECONDS = 60 * 60
# Past this many wrong tries on one account in the memory window (from many networks: one
# network alone is held to a handful by its own wait), every device that has not signed in
# to this account before waits too, briefly at first.
WIDE_ATTACK_FAILURES = 100

KNOWN_DEVICE_COOKIE = "participation_device"
KNOWN_DEVICE_SECONDS = 365 * 24 * 60 * 60
# A shared office computer may be used by a few workers; older accounts drop off the end.
KNOWN_DEVICE_ACCOUNTS = 5


def _hashed(value: str) -> str:
    # Emails, sign-in names and addresses never sit in Redis in plain text (keyed, so a copy
    # of Redis can't be checked against a list of emails either).
    return digest(value)[:32]


def _prefix() -> str:
    return current_app.config.get("RATELIMIT_KEY_PREFIX") or ""


def _on() -> bool:
    return bool(limiter.enabled and limiter.initialized)


def _wait_for(over: int) -> int:
    """15 seconds at the first wrong try past the free ones, doubling, capped."""
    return min(FIRST_WAIT_SECONDS * 2 ** min(over, 20), MAX_WAIT_SECONDS)


# Known devices ------------------------------------------------------------------------------
#
# The cookie is "<random id>.<mac>.<mac>...": each mac is a keyed HMAC of one account and the
# id, so it proves "this browser signed in to that account before" without naming the
# account, and can't be made up or moved to another account. It is not a session and holds
# no other secret: stealing it only lets a thief skip the wide-attack wait, not sign in.


def _device_mac(device_id: str, account: str) -> str:
    return digest(f"known-device/{device_id}/{account}")[:32]


def _device_cookie() -> tuple[str, list[str]]:
    parts = (request.cookies.get(KNOWN_DEVICE_COOKIE) or "").split(".")
    device_id = parts[0] if len(parts[0]) >= 16 and parts[0].isascii() else ""
    return device_id, parts[1 : KNOWN_DEVICE_ACCOUNTS + 1] if device_id else []


def known_device(account: str) -> str | None:
    """This browser's device id if it has signed in to `account` before, else None."""
    device_id, macs = _device_cookie()
    if not device_id:
        return None
    expected = _device_mac(device_id, account)
    return device_id if any(hmac.compare_digest(mac, expected) for mac in macs) else None


def remember_device(response: Response, account: str) -> Response:
    """Mark this browser as one that signed in to `account` (newest first, a few at most)."""
    device_id, macs = _device_cookie()
    device_id = device_id or secrets.token_urlsafe(16)
    mac = _device_mac(device_id, account)
    macs = [mac] + [m for m in macs if m != mac][: KNOWN_DEVICE_ACCOUNTS - 1]
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        ".".join([device_id, *macs]),
        max_age=KNOWN_DEVICE_SECONDS,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", True),
        httponly=True,
        samesite="Lax",
    )
    return response


# Accounts -----------------------------------------------------------------------------------


class AccountThrottle:
    """The wrong-try counts and waits for one account (`kind` keeps staff and young people
    apart): one for the network or known device asking, one for the whole account."""

    def __init__(self, kind: str, account: str) -> None:
        self._account = f"{kind}/{account.strip().lower()}"
        base = f"{_prefix()}backoff/{kind}/{_hashed(account.strip().lower())}"
        self._device = known_device(self._account)
        # A known device keeps its own count, so a stranger behind the same council NAT
        # address can't make the worker at the next desk wait either.
        here = f"device/{self._device}" if self._device else f"net/{client_network()}"
        self._here = f"{base}/{_hashed(here)}/failures"
        self._here_wait = f"{base}/{_hashed(here)}/wait"
        self._all = f"{base}/failures"
        self._all_wait = f"{base}/wait"

    @staticmethod
    def _left(key: str) -> int:
        store = limiter.storage
        if store.get(key) == 0:
            return 0
        return max(1, math.ceil(store.get_expiry(key) - time.time()))

    @staticmethod
    def _set_wait(key: str, seconds: int) -> None:
        store = limiter.storage
        store.clear(key)
        store.incr(key, seconds)

    def wait_seconds(self) -> int:
        """How long this network or device must wait before trying this account again."""
        if not _on():
            return 0
        wait = self._left(self._here_wait)
        if self._device is None:
            # Someone else's wrong tries only matter here in a wide attack (see failed).
            wait = max(wait, self._left(self._all_wait))
        return wait

    def failed(self) -> None:
        if not _on():
            return
        store = limiter.storage
        here = store.incr(self._here, MEMORY_SECONDS)
        if here >= FREE_FAILURES:
            self._set_wait(self._here_wait, _wait_for(here - FREE_FAILURES))
        everyone = store.incr(self._all, MEMORY_SECONDS)
        if everyone >= WIDE_ATTACK_FAILURES:
            self._set_wait(self._all_wait, _wait_for(everyone - WIDE_ATTACK_FAILURES))

    def succeeded(self, response: Response) -> Response:
        """Got it right: this network's or device's wrong tries are forgiven (not the
        account's: someone else may still be guessing) and the browser is remembered."""
        if _on():
            limiter.storage.clear(self._here)
            limiter.storage.clear(self._here_wait)
        return remember_device(response, self._account)


# Codes --------------------------------------------------------------------------------------


def _limits(setting: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[setting])


class CodeGuesses:
    """Wrong guesses at one kind of code (`space`), per network and across everyone.

    Only real wrong guesses count (a well-formed code that matched nothing): an empty or
    mistyped form, or a young person asking for a code, is not a guess. While everyone
    together is under CODE_GUESS_LIMIT, each network has only its route limit; past it, each
    network may make only CODE_GUESS_TIGHT_LIMIT wrong guesses, so many addresses can't add
    up to many guesses, yet a child's first try from a new address still gets in.
    """

    def __init__(self, space: str) -> None:
        self._space = space
        self._everyone = (_prefix(), "code-guess", space)
        self._here = (_prefix(), "code-guess", space, _hashed(client_network()))

    def _under_attack(self) -> bool:
        return any(
            not limiter.limiter.test(item, *self._everyone) for item in _limits("CODE_GUESS_LIMIT")
        )

    def wait_seconds(self) -> int:
        """How long this network must wait before guessing again (0: go ahead)."""
        if not _on() or not self._under_attack():
            return 0
        for item in _limits("CODE_GUESS_TIGHT_LIMIT"):
            if not limiter.limiter.test(item, *self._here):
                reset = limiter.limiter.get_window_stats(item, *self._here).reset_time
                return max(1, math.ceil(reset - time.time()))
        return 0

    def wrong(self) -> None:
        if not _on():
            return
        for item in _limits("CODE_GUESS_TIGHT_LIMIT"):
            limiter.limiter.hit(item, *self._here)
        for item in _limits("CODE_GUESS_LIMIT"):
            limiter.limiter.hit(item, *self._everyone)
        if (
            self._under_attack()
            and limiter.storage.incr(f"{_prefix()}code-guess-warned/{self._space}", 60) == 1
        ):
            # Once a minute at most, for the admin: someone is guessing codes from many places.
            current_app.logger.warning(
                "many wrong %s guesses from many addresses: each address is now held to %s",
                self._space,
                current_app.config["CODE_GUESS_TIGHT_LIMIT"],
            )


# Pages --------------------------------------------------------------------------------------


def wait_message(seconds: int) -> str:
    """Plain words for how long to wait, rounded up to whole minutes past one minute."""
    if seconds < 60:
        return ngettext(
            "Too many wrong tries. Please wait %(num)d second and try again.",
            "Too many wrong tries. Please wait %(num)d seconds and try again.",
            seconds,
        )
    return ngettext(
        "Too many wrong tries. Please wait %(num)d minute and try again.",
        "Too many wrong tries. Please wait %(num)d minutes and try again.",
        math.ceil(seconds / 60),
    )


def wait_page(template: str, wait: int, **context) -> Response:
    """429 on the same form with the wait in plain words, so nothing typed is lost."""
    response = make_response(
        render_template(template, wait_message=wait_message(wait), **context), 429
    )
    response.headers["Retry-After"] = str(wait)
    return response
