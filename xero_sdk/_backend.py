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


def pauses(attempts: int, backoff: float) -> list[float]:
    """The pauses between ``attempts`` tries."""
    return [min(MAX_PAUSE, backoff * 2**i) for i in range(max(0, attempts - 1))]


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
    waits = pauses(attempts, backoff)
    for attempt in range(len(waits) + 1):
        try:
            return fn()
        except transient as exc:
            failure: BaseException = exc
        if attempt == len(waits):
            break
        logger.warning("%s failed (%s); retrying in %.2f s", what, type(failure).__name__, waits[attempt])
        time.sleep(waits[attempt])
    raise give_up(failure, attempts)


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

    waits = pauses(attempts, backoff)
    for attempt in range(len(waits) + 1):
        try:
            return await fn()
        except transient as exc:
            failure: BaseException = exc
        if attempt == len(waits):
            break
        logger.warning("%s failed (%s); retrying in %.2f s", what, type(failure).__name__, waits[attempt])
        await asyncio.sleep(waits[attempt])
    raise give_up(failure, attempts)


def safe_address(url: str) -> str:
    """``scheme://host:port/path`` of a connection URL without its user name and password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"
