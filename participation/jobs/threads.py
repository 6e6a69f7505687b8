"""Procrastinate's synchronous calls run an event loop of their own; a thread that already
has one running (a test process driving a browser through Playwright's sync API) can't, so
such a call is made on a short-lived thread instead, with the caller's context."""

import asyncio
import contextvars
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def off_loop(func: Callable[..., T], *args: Any, always: bool = False, **kwargs: Any) -> T:
    """func(*args, **kwargs), on another thread if this one is running an event loop."""
    if not always and not _loop_running():
        return func(*args, **kwargs)
    context = contextvars.copy_context()
    result: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(context.run(func, *args, **kwargs))
        except BaseException as error:  # handed back to the caller below
            failure.append(error)

    thread = threading.Thread(target=run, name="participation-jobs-call")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]
