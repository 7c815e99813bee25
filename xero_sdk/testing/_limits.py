"""Xero's rate-limit rules, written once for every loopback server that enforces them (the local
Xero's :class:`~xero_sdk.testing.RateLimits`, the shared-state tests' limited server, the
benchmarks' server).

A call is refused when its tenant already has ``concurrent`` calls in flight, or when one of its
windows is full: ``day`` and ``minute`` per tenant, ``appminute`` across every tenant, checked in
that order. A refused call is not counted. Windows are fixed (Xero's: a window starts with its
first call and ends ``length`` seconds later) or rolling (any ``length`` seconds: stricter, what the
tests and benchmarks measure a client against). Not thread-safe: callers hold their own lock.
"""

from __future__ import annotations

import dataclasses
import math
from collections import deque

__all__ = ["Limits", "Refusal", "Window"]


class Window:
    """At most ``limit`` calls in ``length`` seconds (``limit`` None: no limit, only counted)."""

    __slots__ = ("_arrivals", "_count", "_start", "length", "limit", "rolling")

    def __init__(self, limit: int | None, length: float, *, rolling: bool) -> None:
        self.limit = limit
        self.length = length
        self.rolling = rolling
        self._arrivals: deque[float] = deque()
        self._start = 0.0
        self._count = 0

    def count(self, now: float) -> int:
        """Calls counted in the window that holds ``now``."""
        if self.rolling:
            horizon = now - self.length
            arrivals = self._arrivals
            while arrivals and arrivals[0] <= horizon:
                arrivals.popleft()
            return len(arrivals)
        if self._count and now - self._start >= self.length:
            self._count = 0
        return self._count

    def full(self, now: float) -> bool:
        return self.limit is not None and self.count(now) >= self.limit

    def add(self, now: float) -> None:
        if self.rolling:
            self.count(now)
            self._arrivals.append(now)
            return
        if self.count(now) == 0:
            self._start = now
        self._count += 1

    def retry_after(self, now: float) -> int:
        """Whole seconds (at least 1) until the window has room again."""
        oldest = self._arrivals[0] if self.rolling and self._arrivals else self._start
        return max(1, math.ceil(oldest + self.length - now))

    def remaining(self, now: float, unlimited: int) -> int:
        """Calls left in the window (``unlimited`` when it has no limit)."""
        return unlimited if self.limit is None else max(0, self.limit - self.count(now))


@dataclasses.dataclass(frozen=True)
class Refusal:
    """A refused call: the limit it broke (``concurrent``, ``day``, ``minute``, ``appminute``) and
    the seconds to wait (``None`` for ``concurrent``, for which Xero sends no ``Retry-After``)."""

    problem: str
    retry_after: int | None

    def headers(self) -> dict[str, str]:
        """``X-Rate-Limit-Problem``, and ``Retry-After`` when the limit has one."""
        if self.retry_after is None:
            return {"X-Rate-Limit-Problem": self.problem}
        return {"X-Rate-Limit-Problem": self.problem, "Retry-After": str(self.retry_after)}


class Limits:
    """Per-tenant in-flight count and windows, and the app-wide window; ``None`` turns a limit off.
    ``unlimited_remaining`` is what the ``X-*Limit-Remaining`` headers say for a limit that is off."""

    def __init__(
        self,
        *,
        concurrent: int | None,
        per_minute: int | None,
        per_day: int | None,
        app_per_minute: int | None,
        minute: float,
        day: float = 86400.0,
        rolling: bool,
        unlimited_remaining: tuple[int, int, int] = (4999, 59, 9999),
    ) -> None:
        self.concurrent = concurrent
        self.unlimited_remaining = unlimited_remaining
        self.app = Window(app_per_minute, minute, rolling=rolling)
        self._tenant_limits = ((per_day, day), (per_minute, minute))
        self._windows: dict[str, tuple[Window, Window]] = {}
        self._in_flight: dict[str, int] = {}

    def windows(self, tenant: str) -> tuple[Window, Window]:
        """The tenant's ``(day, minute)`` windows."""
        windows = self._windows.get(tenant)
        if windows is None:
            (per_day, day), (per_minute, minute) = self._tenant_limits
            rolling = self.app.rolling
            windows = Window(per_day, day, rolling=rolling), Window(per_minute, minute, rolling=rolling)
            self._windows[tenant] = windows
        return windows

    def enter(self, tenant: str, now: float) -> Refusal | None:
        """Count a call and put it in flight (``None``), or the limit that refuses it."""
        in_flight = self._in_flight.get(tenant, 0)
        if self.concurrent is not None and in_flight >= self.concurrent:
            return Refusal("concurrent", None)
        day, minute = self.windows(tenant)
        for name, window in (("day", day), ("minute", minute), ("appminute", self.app)):
            if window.full(now):
                return Refusal(name, window.retry_after(now))
        day.add(now)
        minute.add(now)
        self.app.add(now)
        self._in_flight[tenant] = in_flight + 1
        return None

    def leave(self, tenant: str) -> None:
        """A call put in flight by :meth:`enter` has finished."""
        self._in_flight[tenant] = max(0, self._in_flight.get(tenant, 0) - 1)

    def in_flight(self, tenant: str) -> int:
        return self._in_flight.get(tenant, 0)

    def remaining(self, tenant: str, now: float) -> dict[str, str]:
        """The ``X-*Limit-Remaining`` headers Xero sends on every answer."""
        day, minute = self.windows(tenant)
        day_off, minute_off, app_off = self.unlimited_remaining
        return {
            "X-DayLimit-Remaining": str(day.remaining(now, day_off)),
            "X-MinLimit-Remaining": str(minute.remaining(now, minute_off)),
            "X-AppMinLimit-Remaining": str(self.app.remaining(now, app_off)),
        }
