"""Bounded retries around a shared backend (Redis, a SQL database), written once for the token
stores and the Redis limiter, sync and async.

A backend that is restarting or briefly unreachable is retried ``attempts`` times with doubling
pauses (``backoff``, ``2 * backoff``, ... capped at 2 s); after the last failure the caller's
``give_up`` turns the backend's exception into the SDK's typed error. Only the exception type and
the backend's address (never a URL with its password) go into that error, and the backend's
exception is not chained (a driver's message may quote a connection string).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

logger = logging.getLogger("xero_sdk.backend")

MAX_PAUSE = 2.0


class Attempts:
    """The retry budget of one operation: :meth:`pause_after` a transient failure says how long
    to wait before the next try, or raises the typed error when no try is left."""

    __slots__ = ("_give_up", "_tried", "attempts", "backoff", "what")

    def __init__(
        self, what: str, attempts: int, backoff: float, give_up: Callable[[BaseException, int], Exception]
    ) -> None:
        self.what = what
        self.attempts = attempts
        self.backoff = backoff
        self._give_up = give_up
        self._tried = 0

    def pause_after(self, failure: BaseException) -> float:
        self._tried += 1
        if self._tried >= self.attempts:
            raise self._give_up(failure, self.attempts)
        pause = min(MAX_PAUSE, self.backoff * 2.0 ** (self._tried - 1))
        logger.warning("%s failed (%s); retrying in %.2f s", self.what, type(failure).__name__, pause)
        return pause


def retrying(
    what: str,
    fn: Callable[[], T],
    *,
    transient: tuple[type[BaseException], ...],
    attempts: int,
    backoff: float,
    give_up: Callable[[BaseException, int], Exception],
) -> T:
    """``fn()``, tried again after a ``transient`` failure, at most ``attempts`` times in all."""
    budget = Attempts(what, attempts, backoff, give_up)
    while True:
        try:
            return fn()
        except transient as exc:
            failure: BaseException = exc
        pause = budget.pause_after(failure)  # outside the except block: raises with no context
        time.sleep(pause)


async def aretrying(
    what: str,
    fn: Callable[[], Awaitable[T]],
    *,
    transient: tuple[type[BaseException], ...],
    attempts: int,
    backoff: float,
    give_up: Callable[[BaseException, int], Exception],
) -> T:
    """Async :func:`retrying`: ``await fn()``, pausing with ``asyncio.sleep``."""
    import asyncio

    budget = Attempts(what, attempts, backoff, give_up)
    while True:
        try:
            return await fn()
        except transient as exc:
            failure: BaseException = exc
        pause = budget.pause_after(failure)  # outside the except block: raises with no context
        await asyncio.sleep(pause)


def safe_address(url: str) -> str:
    """``scheme://host:port/path`` of a connection URL without its user name and password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"
