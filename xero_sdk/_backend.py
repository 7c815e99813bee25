"""Bounded retries around a shared backend (Redis, a SQL database), written once for the token
stores and the Redis limiter, sync and async (:class:`Retrying`).

A backend that is restarting or briefly unreachable is retried a few times with doubling pauses
(``backoff``, ``2 * backoff``, ... capped at 2 s); after the last failure the SDK's typed error is
raised. Only the exception type and the backend's address (:func:`safe_address`: never a URL with
its password) go into that error.
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


class Retrying:
    """How one backend is retried: which exceptions are ``transient``, ``attempts`` in all,
    doubling pauses from ``backoff``, and the typed error ``unavailable(what, failure, attempts)``
    raised after the last failure (outside the ``except`` block: the driver's exception, whose
    message may quote a connection string, is neither its cause nor its context)."""

    __slots__ = ("attempts", "backoff", "transient", "unavailable")

    def __init__(
        self,
        *,
        transient: tuple[type[BaseException], ...],
        attempts: int,
        backoff: float,
        unavailable: Callable[[str, BaseException, int], Exception],
    ) -> None:
        if attempts < 1:
            raise ValueError(f"retries must be at least 1, not {attempts!r}")
        self.transient = transient
        self.attempts = attempts
        self.backoff = backoff
        self.unavailable = unavailable

    def _budget(self, what: str) -> Attempts:
        return Attempts(what, self.attempts, self.backoff, lambda exc, n: self.unavailable(what, exc, n))

    def run(self, what: str, fn: Callable[[], T]) -> T:
        """``fn()``, tried again after a transient failure."""
        budget = self._budget(what)
        while True:
            try:
                return fn()
            except self.transient as exc:
                failure: BaseException = exc
            time.sleep(budget.pause_after(failure))

    async def arun(self, what: str, fn: Callable[[], Awaitable[T]]) -> T:
        """``await fn()``, tried again after a transient failure (pausing with ``asyncio.sleep``)."""
        import asyncio

        budget = self._budget(what)
        while True:
            try:
                return await fn()
            except self.transient as exc:
                failure: BaseException = exc
            await asyncio.sleep(budget.pause_after(failure))


def safe_address(url: str) -> str:
    """``scheme://host:port/path`` of a connection URL without its user name and password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"
