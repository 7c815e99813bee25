"""``RedisRateLimiter``: Xero's per-tenant and per-app limits shared by every worker everywhere.

The same knobs and methods as :class:`RateLimiter` (it is one, so ``Xero(rate_limit=...)`` and
``AsyncXero`` take it), but every decision is one Lua script in Redis, timed by Redis's clock
(``TIME``), so processes on machines with skewed clocks share one count. Keys, for the default
``prefix="xero:limits"`` and tenant ``T``::

    xero:limits:t:T:inflight   sorted set  requests in flight: permit id -> lease end (ms)
    xero:limits:t:T:minute     sorted set  answered requests: id -> when (ms), rolling window
    xero:limits:t:T:day        counter     requests this day window (expires when it ends)
    xero:limits:t:T:pause      string      exists while the tenant is paused (after a 429)
    xero:limits:app:inflight   sorted set  all tenants' requests in flight
    xero:limits:app:minute     sorted set  all tenants' answered requests

* In-flight slots are **leases** (``slot_lease`` seconds): a worker killed mid-request gives its
  slot back when the lease ends.
* A 429's ``Retry-After`` pauses the tenant for every worker; ``X-DayLimit-Remaining``,
  ``X-MinLimit-Remaining`` and ``X-AppMinLimit-Remaining`` raise the shared counts to what
  Xero counted.
* Redis down: each script is retried ``retries`` times; then, by default, the request is not
  sent (:class:`~xero_sdk.errors.RateLimiterUnavailableError`, *fail closed*); with
  ``on_unavailable="allow"`` it is sent without the shared limits (*fail open*, logged).

The scripts touch tenant and app keys together: on Redis Cluster give a ``prefix`` with a hash
tag (``"{xero}:limits"``) so they share a slot.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import attrs

from ._limiter import DAY, MINUTE, Permit, RateLimiter, _Refuse

if TYPE_CHECKING:
    import asyncio

__all__ = ["RedisRateLimiter"]

logger = logging.getLogger("xero_sdk.ratelimit")

_NOW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
"""

# KEYS: 1 inflight, 2 minute, 3 day, 4 pause, 5 app inflight, 6 app minute
# ARGV: 1 id, 2 max_concurrent, 3 per_minute, 4 per_day, 5 app_per_minute (0: none),
#       6 window ms, 7 slot lease ms, 8 day ms, 9 a random number in [0, 1)
# -> {1, 0} granted; {0, ms} wait ms (-1: until a slot is released); {-1, ms} day spent for ms
_ACQUIRE = (
    _NOW
    + """
local pause = redis.call('PTTL', KEYS[4])
if pause > 0 then return {0, pause} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
local inflight = redis.call('ZCARD', KEYS[1])
if tonumber(ARGV[2]) > 0 and inflight >= tonumber(ARGV[2]) then return {0, -1} end
local window = tonumber(ARGV[6])
local function full(key, busy, limit)
  if limit <= 0 then return nil end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) + busy < limit then return nil end
  -- wait for one of the next few entries to leave the window (ARGV[9] in [0, 1) picks which),
  -- so that many waiters do not all ask again at the same moment
  local count = redis.call('ZCARD', key)
  local pick = math.floor(tonumber(ARGV[9]) * math.min(count, 32))
  local entry = redis.call('ZRANGE', key, pick, pick, 'WITHSCORES')
  if entry[2] then return math.max(1, tonumber(entry[2]) + window - now) end
  return -1
end
local wait = full(KEYS[2], inflight, tonumber(ARGV[3]))
if wait then return {0, wait} end
wait = full(KEYS[6], redis.call('ZCARD', KEYS[5]), tonumber(ARGV[5]))
if wait then return {0, wait} end
if tonumber(ARGV[4]) > 0 then
  if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[4]) then
    local left = redis.call('PTTL', KEYS[3])
    if left < 0 then left = tonumber(ARGV[8]) end
    return {-1, left}
  end
  if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[8]) end
end
local lease = now + tonumber(ARGV[7])
redis.call('ZADD', KEYS[1], lease, ARGV[1])
redis.call('ZADD', KEYS[5], lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('PEXPIRE', KEYS[5], ARGV[7])
return {1, 0}
"""
)

# KEYS: 1 inflight, 2 minute, 3 app inflight, 4 app minute; ARGV: 1 id, 2 window ms,
#       3 count the tenant minute (0/1), 4 count the app minute (0/1)
_RELEASE = (
    _NOW
    + """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[2], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[2]))
end
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[4], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[4], 2 * tonumber(ARGV[2]))
end
return 1
"""
)

# KEYS: 1 pause; ARGV: 1 ms
_PAUSE = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
"""

# KEYS: 1 inflight, 2 minute, 3 day, 4 app inflight, 5 app minute
# ARGV: 1 day used (-1: unknown), 2 minute used, 3 app minute used, 4 window ms, 5 day ms, 6 tag
_OBSERVE = (
    _NOW
    + """
local window = tonumber(ARGV[4])
local day_used = tonumber(ARGV[1])
if day_used >= 0 and tonumber(redis.call('GET', KEYS[3]) or '0') < day_used then
  local left = redis.call('PTTL', KEYS[3])
  if left < 0 then left = tonumber(ARGV[5]) end
  redis.call('SET', KEYS[3], day_used, 'PX', left)
end
local function tighten(minute, inflight, used, tag)
  if used < 0 then return end
  redis.call('ZREMRANGEBYSCORE', minute, '-inf', now - window)
  redis.call('ZREMRANGEBYSCORE', inflight, '-inf', now)
  local counted = redis.call('ZCARD', minute) + redis.call('ZCARD', inflight)
  for i = 1, used - counted do redis.call('ZADD', minute, now, tag .. ':' .. i) end
  redis.call('PEXPIRE', minute, 2 * window)
end
tighten(KEYS[2], KEYS[1], tonumber(ARGV[2]), ARGV[6] .. ':t')
tighten(KEYS[5], KEYS[4], tonumber(ARGV[3]), ARGV[6] .. ':a')
return 1
"""
)

# KEYS: 1 inflight
_IN_FLIGHT = (
    _NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
"""
)


def _script(args: tuple[Any, ...]) -> Callable[[Any], Any]:
    """What a Redis client runs for ``args`` (``EVAL`` script, key count, keys, arguments)."""
    return lambda client: client.eval(*args)


@attrs.define(eq=False)
class RedisPermit(Permit):
    """A slot held in Redis (``id`` is its member in the in-flight sets; ``None``: granted
    without Redis because it was unreachable and the limiter fails open)."""

    id: str | None = None


class RedisRateLimiter(RateLimiter):
    """:class:`RateLimiter` with its counts in Redis (see the module docstring).

    ``url_or_client``: ``"redis://host:6379/0"`` or a ``redis.Redis`` (with ``async_client=`` for
    ``AsyncXero``). The limits and ``max_wait``, ``window_seconds`` are :class:`RateLimiter`'s.
    ``poll_interval``: how often a waiting caller asks Redis again (jittered).
    ``slot_lease``: seconds after which the slot of a request whose worker died comes back.
    ``on_unavailable``: ``"raise"`` (fail closed, default) or ``"allow"`` (fail open).
    """

    def __init__(
        self,
        url_or_client: Any,
        *,
        max_concurrent: int | None = 5,
        per_minute: int | None = 60,
        per_day: int | None = 5000,
        app_per_minute: int | None = 10_000,
        max_wait: float = 60.0,
        window_seconds: float = MINUTE,
        poll_interval: float = 0.05,
        slot_lease: float = 300.0,
        prefix: str = "xero:limits",
        on_unavailable: str = "raise",
        retries: int = 3,
        retry_backoff: float = 0.1,
        async_client: Any = None,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[Any]] | None = None,
    ) -> None:
        from xero_sdk._redis import RedisConnection
        from xero_sdk.errors import RateLimiterUnavailableError

        super().__init__(
            max_concurrent=max_concurrent,
            per_minute=per_minute,
            per_day=per_day,
            app_per_minute=app_per_minute,
            max_wait=max_wait,
            sleep=sleep,
            async_sleep=async_sleep,
            poll_interval=poll_interval,
            window_seconds=window_seconds,
        )
        if on_unavailable not in ("raise", "allow"):
            raise ValueError(f"on_unavailable must be 'raise' or 'allow', not {on_unavailable!r}")
        if slot_lease <= 0:
            raise ValueError(f"slot_lease must be positive, not {slot_lease!r}")
        self.prefix = prefix
        self.slot_lease = slot_lease
        self.on_unavailable = on_unavailable
        self._redis = RedisConnection(
            url_or_client,
            async_client=async_client,
            retries=retries,
            retry_backoff=retry_backoff,
            unavailable=RateLimiterUnavailableError,
        )
        self._unavailable_error = RateLimiterUnavailableError
        self._pending: set[asyncio.Future[Any]] = set()

    def __repr__(self) -> str:
        return (
            f"RedisRateLimiter({self._redis.address!r}, max_concurrent={self.max_concurrent}, "
            f"per_minute={self.per_minute}, per_day={self.per_day}, "
            f"app_per_minute={self.app_per_minute}, prefix={self.prefix!r})"
        )

    # -- keys and arguments ------------------------------------------------------------------

    def _tenant_keys(self, key: str) -> tuple[str, str, str, str]:
        base = f"{self.prefix}:t:{key}"
        return f"{base}:inflight", f"{base}:minute", f"{base}:day", f"{base}:pause"

    def _app_keys(self) -> tuple[str, str]:
        return f"{self.prefix}:app:inflight", f"{self.prefix}:app:minute"

    def _acquire_args(self, key: str, permit_id: str) -> tuple[Any, ...]:
        return (
            _ACQUIRE,
            6,
            *self._tenant_keys(key),
            *self._app_keys(),
            permit_id,
            self.max_concurrent or 0,
            self.per_minute or 0,
            self.per_day or 0,
            self.app_per_minute or 0,
            int(self.window * 1000),
            int(self.slot_lease * 1000),
            int(DAY * 1000),
            random.random(),
        )

    def _release_args(self, permit: RedisPermit) -> tuple[Any, ...]:
        inflight, minute, _, _ = self._tenant_keys(permit.key)
        app_inflight, app_minute = self._app_keys()
        return (
            _RELEASE,
            4,
            inflight,
            minute,
            app_inflight,
            app_minute,
            permit.id,
            int(self.window * 1000),
            int(self.per_minute is not None),
            int(self.app_per_minute is not None),
        )

    def _unavailable(self, exc: Exception, key: str) -> RedisPermit:
        """Fail open (a permit without Redis) or closed (raise, saying how to choose)."""
        if self.on_unavailable == "allow":
            logger.warning("%s; sending for tenant %s without the shared limits (fail open)", exc, key)
            return RedisPermit(key)
        raise self._unavailable_error(
            f"{exc}; the request was not sent (the limiter fails closed). To send requests "
            "without the shared limits while Redis is down, build the limiter with "
            "RedisRateLimiter(..., on_unavailable='allow')"
        ) from None

    def _decide(self, key: str, permit_id: str, result: Any, operation_id: str | None) -> RedisPermit | float:
        """The permit, or the seconds to wait before asking again; raises a day refusal."""
        status, value = int(result[0]), int(result[1])
        if status == 1:
            return RedisPermit(key, id=permit_id)
        if status == -1:
            wait = value / 1000
            if wait > self.max_wait:
                raise self._refuse(key, _Refuse(wait), operation_id)
            return wait
        return self._poll * random.uniform(0.5, 1.5) if value < 0 else value / 1000

    # -- sync --------------------------------------------------------------------------------

    def acquire(self, key: str | None, operation_id: str | None = None) -> Permit:
        k = key or ""
        while True:
            permit_id = secrets.token_hex(8)
            args = self._acquire_args(k, permit_id)
            try:
                result = self._redis.run("rate limiter", _script(args))
            except self._unavailable_error as exc:
                return self._unavailable(exc, k)
            outcome = self._decide(k, permit_id, result, operation_id)
            if isinstance(outcome, RedisPermit):
                return outcome
            self._sleep(outcome)

    def release(self, permit: Permit) -> None:
        """Give the slot back (idempotent)."""
        if permit.released:
            return
        permit.released = True
        if isinstance(permit, RedisPermit) and permit.id is not None:
            self._call_quietly("release", self._release_args(permit))

    def pause(self, key: str | None, seconds: float) -> None:
        k = key or ""
        self._call_quietly("pause", (_PAUSE, 1, self._tenant_keys(k)[3], max(1, int(seconds * 1000))))

    def observe(
        self,
        key: str | None,
        day_remaining: int | None,
        *,
        minute_remaining: int | None = None,
        app_minute_remaining: int | None = None,
    ) -> None:
        def used(limit: int | None, remaining: int | None) -> int:
            return -1 if limit is None or remaining is None else limit - remaining

        day, minute, app = (
            used(self.per_day, day_remaining),
            used(self.per_minute, minute_remaining),
            used(self.app_per_minute, app_minute_remaining),
        )
        if day < 0 and minute < 0 and app < 0:
            return
        inflight, minute_key, day_key, _ = self._tenant_keys(key or "")
        args = (
            _OBSERVE,
            5,
            inflight,
            minute_key,
            day_key,
            *self._app_keys(),
            day,
            minute,
            app,
            int(self.window * 1000),
            int(DAY * 1000),
            "xero:" + secrets.token_hex(6),
        )
        self._call_quietly("observe", args)

    def in_flight(self, key: str | None) -> int:
        """How many calls for tenant ``key`` hold a permit now, across every process sharing the Redis."""
        return int(
            self._redis.run("rate limiter", lambda r: r.eval(_IN_FLIGHT, 1, self._tenant_keys(key or "")[0]))
        )

    def _call_quietly(self, what: str, args: tuple[Any, ...]) -> None:
        """Bookkeeping (release, pause, observe) that may be lost when Redis is down: a slot comes
        back with its lease. The clients call it synchronously; on an event loop it is sent by a
        task on the asyncio client, so it never blocks the loop."""
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            try:
                self._redis.run("rate limiter", _script(args))
            except self._unavailable_error as exc:
                logger.warning("rate limiter %s not recorded: %s", what, exc)
            return
        task = asyncio.ensure_future(self._acall_quietly(what, args))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _acall_quietly(self, what: str, args: tuple[Any, ...]) -> None:
        try:
            await self._redis.arun("rate limiter", _script(args))
        except self._unavailable_error as exc:
            logger.warning("rate limiter %s not recorded: %s", what, exc)

    # -- async -------------------------------------------------------------------------------

    async def aacquire(self, key: str | None, operation_id: str | None = None) -> Permit:
        import asyncio

        k = key or ""
        while True:
            permit_id = secrets.token_hex(8)
            args = self._acquire_args(k, permit_id)
            try:
                result = await self._redis.arun("rate limiter", _script(args))
            except self._unavailable_error as exc:
                return self._unavailable(exc, k)
            outcome = self._decide(k, permit_id, result, operation_id)
            if isinstance(outcome, RedisPermit):
                return outcome
            await (self._async_sleep or asyncio.sleep)(outcome)

    def close(self) -> None:
        """Close the connections this limiter opened (not a client it was given)."""
        self._redis.close()

    async def aclose(self) -> None:
        """Wait for the bookkeeping still being sent, then close the connections this limiter opened (not a
        client it was given)."""
        import asyncio

        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self._redis.aclose()
