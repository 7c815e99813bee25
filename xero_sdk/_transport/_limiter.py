"""A client-side rate limiter per tenant, shared by threads and asyncio tasks.

Xero allows, per tenant, 5 requests in flight, 60 per minute and 5,000 per day (1,000 on
the Starter tier: ``RateLimiter.for_tier("starter")``), and 10,000 per minute per app
across tenants. With a limiter a bulk job runs at those limits without being answered 429:

- *in flight*: at most ``max_concurrent`` requests per tenant at any moment;
- *minute*: at most ``per_minute`` requests started in any rolling 60 s (stricter than
  Xero's fixed windows, so never over them); likewise ``app_per_minute`` for all tenants;
- *day*: at most ``per_day`` started in a fixed 24 h window that opens with the first
  request; Xero's ``X-DayLimit-Remaining`` tightens the local count (:meth:`observe`). When
  the quota is spent the limiter raises :class:`~xero_sdk.errors.RateLimitError`
  (``problem="day"``) at once instead of waiting hours (if the wait exceeds ``max_wait``);
- *pause*: after a 429 with ``Retry-After`` the core pauses the tenant (:meth:`pause`), so
  every thread and task waits, not just the one that was refused.

One lock guards the counters and is held only for bookkeeping (microseconds), never while
waiting: threads wait on a condition variable or the injected ``sleep``; asyncio tasks await
a future that a release on any thread completes through ``loop.call_soon_threadsafe``, or
the injected ``async_sleep``. So the async path never blocks its event loop, and one
limiter can serve a sync ``Xero`` and an ``AsyncXero`` at the same time.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    import asyncio

L = TypeVar("L", bound="RateLimiter")

MINUTE = 60.0
DAY = 86_400.0

#: Requests per day per organisation by Xero app tier (pricing from 2 March 2026: Starter apps
#: get 1,000, every other tier keeps 5,000; Xero's developer pricing and rate-limit pages).
TIER_PER_DAY = {"starter": 1000, "core": 5000, "plus": 5000, "advanced": 5000, "enterprise": 5000}


def tier_per_day(tier: str) -> int:
    """The daily quota per organisation of Xero app tier ``tier`` (case-insensitive)."""
    try:
        return TIER_PER_DAY[tier.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown Xero tier {tier!r}; known: {', '.join(TIER_PER_DAY)}") from None


def shortfall(used: int, counted: int) -> int:
    """How many requests a limiter must add to its own count (``counted``) so that it is not
    below what Xero reported as ``used``."""
    return max(0, used - counted)


@attrs.define(eq=False)
class Permit:
    """One granted request slot; give it back with :meth:`RateLimiter.release`."""

    key: str
    released: bool = False


class _Line:
    """The callers waiting for a slot of one full rolling window, in the order they first found
    it full. A caller keeps its place while it sleeps and retries, and leaves once granted (or
    when it gives up): the caller at place ``p`` sleeps until the ``p``-th next slot frees, so
    one freed slot wakes one caller, not every caller (each would take the lock, find the window
    full again and sleep again; with many tenants that is most of the limiter's work)."""

    __slots__ = ("_waiting",)

    def __init__(self) -> None:
        self._waiting: list[object] = []

    def place(self, caller: object | None) -> int:
        """``caller``'s place, joining at the end if it is not in line (``None``: no place)."""
        if caller is None:
            return 0
        try:
            return self._waiting.index(caller)
        except ValueError:
            self._waiting.append(caller)
            return len(self._waiting) - 1

    def leave(self, caller: object) -> None:
        try:
            self._waiting.remove(caller)
        except ValueError:
            pass


@attrs.define
class _TenantState:
    in_flight: int = 0
    minute: deque[float] = attrs.field(factory=deque)
    day_start: float | None = None
    day_count: int = 0
    paused_until: float = 0.0
    line: _Line = attrs.field(factory=_Line)


def _count_since(times: deque[float], horizon: float) -> int:
    """Drop the start times at or before ``horizon``; how many remain."""
    while times and times[0] <= horizon:
        times.popleft()
    return len(times)


def _day_start(st: _TenantState, now: float) -> float:
    """The start of the tenant's 24 h window, opening a new one at ``now`` if none is open or
    the last one has ended."""
    if st.day_start is None or now - st.day_start >= DAY:
        st.day_start, st.day_count = now, 0
    return st.day_start


def _window_wait(times: deque[float], excess: int, place: int, window: float, now: float) -> float | None:
    """Seconds until the slot for the caller at ``place`` in line frees in a full rolling
    window: ``excess + 1`` of the requests in ``times`` must leave it for the first caller, one
    more for each place further back. ``None``: nothing in the window yet (requests in flight
    fill it: wait for a release)."""
    if not times:
        return None
    return times[min(excess + place, len(times) - 1)] + window - now


class _Refuse:
    __slots__ = ("retry_after",)

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after


def _wake(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


class RateLimiter:
    """Client-side limiter; pass ``rate_limit=True`` (defaults) or an instance to a client."""

    def __init__(
        self,
        *,
        max_concurrent: int | None = 5,
        per_minute: int | None = 60,
        per_day: int | None = 5000,
        app_per_minute: int | None = 10_000,
        max_wait: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[Any]] | None = None,
        poll_interval: float = 1.0,
        window_seconds: float = MINUTE,
    ) -> None:
        for name, value in (
            ("max_concurrent", max_concurrent),
            ("per_minute", per_minute),
            ("per_day", per_day),
            ("app_per_minute", app_per_minute),
        ):
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1 or None, not {value!r}")
        self.max_concurrent = max_concurrent
        self.per_minute = per_minute
        self.per_day = per_day
        self.app_per_minute = app_per_minute
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._async_sleep = async_sleep
        self._poll = poll_interval
        if window_seconds <= 0:
            raise ValueError(f"window_seconds must be positive, not {window_seconds!r}")
        #: the "minute" of the per-minute limits (60 s; smaller only to test or benchmark fast)
        self.window = window_seconds
        self._app_in_flight = 0
        self._cond = threading.Condition(threading.Lock())
        self._tenants: dict[str, _TenantState] = {}
        self._app_minute: deque[float] = deque()
        self._app_line = _Line()
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    @classmethod
    def for_tier(cls: type[L], tier: str, *args: Any, **knobs: Any) -> L:
        """A limiter with Xero's limits for app tier ``tier`` ("starter": 1,000 requests per
        day per organisation; "core", "plus", "advanced", "enterprise": 5,000); other knobs as
        for the constructor (e.g. ``RedisRateLimiter.for_tier("starter", url)``)."""
        knobs.setdefault("per_day", tier_per_day(tier))
        return cls(*args, **knobs)

    def __repr__(self) -> str:
        return (
            f"RateLimiter(max_concurrent={self.max_concurrent}, per_minute={self.per_minute}, "
            f"per_day={self.per_day}, app_per_minute={self.app_per_minute})"
        )

    # -- bookkeeping (lock held) -------------------------------------------------------------

    def _state(self, key: str) -> _TenantState:
        st = self._tenants.get(key)
        if st is None:
            st = self._tenants[key] = _TenantState()
        return st

    def _try_locked(
        self, key: str, now: float, caller: object | None = None
    ) -> Permit | float | _Refuse | None:
        """A permit; or seconds to sleep; or ``None`` (wait for a release); or a refusal.
        ``caller`` (one object per ``acquire``) holds its place in the lines of full windows."""
        st = self._state(key)
        if st.paused_until > now:
            return st.paused_until - now
        if self.max_concurrent is not None and st.in_flight >= self.max_concurrent:
            return None
        # A request counts in a per-minute window from when it is released (its answer came
        # back), not from when it was sent: Xero counts it when it arrives, which can be well
        # after it left (new connections, TLS). Until then it holds its place as in flight.
        window = self.window
        if self.per_minute is not None:
            excess = _count_since(st.minute, now - window) + st.in_flight - self.per_minute
            if excess >= 0:
                return _window_wait(st.minute, excess, st.line.place(caller), window, now)
        if self.app_per_minute is not None:
            app_minute = self._app_minute
            excess = _count_since(app_minute, now - window) + self._app_in_flight - self.app_per_minute
            if excess >= 0:
                return _window_wait(app_minute, excess, self._app_line.place(caller), window, now)
        if self.per_day is not None:
            day_start = _day_start(st, now)
            if st.day_count >= self.per_day:
                wait = day_start + DAY - now
                return _Refuse(wait) if wait > self.max_wait else wait
        st.in_flight += 1
        self._app_in_flight += 1
        st.day_count += 1
        if caller is not None:
            self._leave_lines(st, caller)
        return Permit(key)

    def _leave_lines(self, st: _TenantState, caller: object) -> None:
        st.line.leave(caller)
        self._app_line.leave(caller)

    def _gave_up(self, key: str, caller: object) -> None:
        """``caller`` leaves every line (an error or a cancellation ended its wait)."""
        with self._cond:
            self._leave_lines(self._state(key), caller)

    def _refuse(self, key: str, refusal: _Refuse, operation_id: str | None) -> Exception:
        from xero_sdk.errors import RateLimitError

        return RateLimitError(
            f"{operation_id or 'request'} refused by the client-side limiter: the daily quota of "
            f"{self.per_day} requests for tenant {key or '(none)'} is spent; it renews in "
            f"{refusal.retry_after:.0f} s",
            status=429,
            operation_id=operation_id,
            problem="day",
            retry_after=refusal.retry_after,
        )

    # -- sync --------------------------------------------------------------------------------

    def acquire(self, key: str | None, operation_id: str | None = None) -> Permit:
        """Block the calling thread until a request for ``key`` may start."""
        k = key or ""
        caller = object()
        try:
            while True:
                with self._cond:
                    outcome = self._try_locked(k, self._clock(), caller)
                    if isinstance(outcome, Permit):
                        return outcome
                    if isinstance(outcome, _Refuse):
                        raise self._refuse(k, outcome, operation_id)
                    if outcome is None:
                        self._cond.wait(self._poll)
                        continue
                self._sleep(outcome)
        except BaseException:
            self._gave_up(k, caller)
            raise

    # -- async -------------------------------------------------------------------------------

    async def aacquire(self, key: str | None, operation_id: str | None = None) -> Permit:
        """Wait, without blocking the event loop, until a request for ``key`` may start."""
        import asyncio

        loop = asyncio.get_running_loop()
        k = key or ""
        caller = object()
        try:
            while True:
                fut: asyncio.Future[None] | None = None
                wait_for = 0.0
                with self._cond:
                    outcome = self._try_locked(k, self._clock(), caller)
                    if isinstance(outcome, Permit):
                        return outcome
                    if isinstance(outcome, _Refuse):
                        raise self._refuse(k, outcome, operation_id)
                    if outcome is None:
                        fut = loop.create_future()
                        self._async_waiters.append((loop, fut))
                    else:
                        wait_for = outcome
                if fut is None:
                    await (self._async_sleep or asyncio.sleep)(wait_for)
                    continue
                try:
                    await asyncio.wait({fut}, timeout=self._poll)
                finally:
                    with self._cond:
                        self._async_waiters = [(lp, f) for lp, f in self._async_waiters if f is not fut]
        except BaseException:
            self._gave_up(k, caller)
            raise

    # -- shared ------------------------------------------------------------------------------

    def release(self, permit: Permit) -> None:
        """Give a slot back (idempotent); wakes waiting threads and tasks on any loop."""
        with self._cond:
            if permit.released:
                return
            permit.released = True
            st = self._state(permit.key)
            st.in_flight = max(0, st.in_flight - 1)
            self._app_in_flight = max(0, self._app_in_flight - 1)
            now = self._clock()
            if self.per_minute is not None:
                st.minute.append(now)
            if self.app_per_minute is not None:
                self._app_minute.append(now)
            self._cond.notify_all()
            waiters, self._async_waiters = self._async_waiters, []
        for loop, fut in waiters:
            try:
                loop.call_soon_threadsafe(_wake, fut)
            except RuntimeError:  # that loop is closed; its task is gone too
                pass

    def pause(self, key: str | None, seconds: float) -> None:
        """Hold every new request for ``key`` for ``seconds`` (after a 429 with Retry-After)."""
        with self._cond:
            st = self._state(key or "")
            st.paused_until = max(st.paused_until, self._clock() + seconds)

    def observe(
        self,
        key: str | None,
        day_remaining: int | None,
        *,
        minute_remaining: int | None = None,
        app_minute_remaining: int | None = None,
    ) -> None:
        """Tighten the local counts with what Xero said remains (``X-DayLimit-Remaining``,
        ``X-MinLimit-Remaining``, ``X-AppMinLimit-Remaining``): when Xero counted more requests
        than this limiter (other processes, other apps' tools), the difference is added."""
        with self._cond:
            st = self._state(key or "")
            now = self._clock()
            if self.per_day is not None and day_remaining is not None:
                _day_start(st, now)
                st.day_count = max(st.day_count, self.per_day - day_remaining)
            horizon = now - self.window
            if self.per_minute is not None and minute_remaining is not None:
                counted = _count_since(st.minute, horizon) + st.in_flight
                st.minute.extend([now] * shortfall(self.per_minute - minute_remaining, counted))
            if self.app_per_minute is not None and app_minute_remaining is not None:
                counted = _count_since(self._app_minute, horizon) + self._app_in_flight
                used = self.app_per_minute - app_minute_remaining
                self._app_minute.extend([now] * shortfall(used, counted))

    def in_flight(self, key: str | None) -> int:
        """How many calls for tenant ``key`` hold a permit now (in this process)."""
        with self._cond:
            st = self._tenants.get(key or "")
            return st.in_flight if st else 0
