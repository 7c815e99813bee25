"""``RedisTokenStore``: one token shared by every process on every machine that reaches a Redis.

Layout, for ``key="xero:token:42"``::

    xero:token:42         hash  token    the current token (JSON, Token.to_dict())
                                previous the token it replaced (JSON), kept beside it
                                version  incremented by every save
                                saved_at Redis's clock (seconds) at the last save
    xero:token:42:lock    string  the refresh lock: a random owner id, with a time to live

* The refresh lock is a **lease**: ``SET NX PX lease``. A holder that dies stops extending it and
  it expires ``lease`` seconds later; while the holder lives, a background thread (sync) or task
  (async) extends it every ``lease / 3`` seconds, so a slow identity server never lets a second
  holder in.
* Every save is **fenced**: one Lua script checks that the lock still holds this holder's owner id
  and only then writes, so a holder whose lease expired (paused, partitioned) can never overwrite
  the token of the holder that took over. A save outside ``lock()`` takes the lock for itself.
* The replaced token is kept as ``previous``: if Xero's answer to a refresh was lost the refresh
  token it spent may still be retried for 30 minutes (Xero's grace), and
  :class:`~xero_sdk.auth.TokenManager` falls back to it when the current one is refused.
* Redis unreachable or restarting (``LOADING`` after a restart): each command is retried
  ``retries`` times with doubling pauses, then :class:`TokenStoreUnavailableError` is raised.

Needs ``pip install 'xero-sdk[redis]'`` (redis-py with its asyncio client).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from xero_sdk._redis import RedisConnection
from xero_sdk.errors import TokenStoreError, TokenStoreUnavailableError

from ._stored import decode_token, encode_token
from ._token import Token

__all__ = ["RedisTokenStore"]

logger = logging.getLogger("xero_sdk.auth")

# KEYS[1] lock; ARGV[1] owner, ARGV[2] lease ms
_EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
# KEYS[1] token hash, KEYS[2] lock; ARGV[1] owner, ARGV[2] token JSON
_SAVE = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 0
end
local current = redis.call('HGET', KEYS[1], 'token')
if current and current ~= ARGV[2] then
  redis.call('HSET', KEYS[1], 'previous', current)
end
local now = redis.call('TIME')
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'saved_at', now[1])
return redis.call('HINCRBY', KEYS[1], 'version', 1)
"""


class _Lease:
    """One holding of the lock: its owner id and whether it was lost (not extended in time)."""

    __slots__ = ("lost", "owner", "stop")

    def __init__(self) -> None:
        self.owner = secrets.token_hex(16)
        self.lost = False
        self.stop = threading.Event()


class RedisTokenStore:
    """A token in Redis, shared by every worker on every machine (see the module docstring).

    ``url_or_client``: ``"redis://host:6379/0"`` (``rediss://`` for TLS) or a ``redis.Redis``
    (then pass ``async_client=`` a ``redis.asyncio.Redis`` for asyncio use) or a
    ``redis.asyncio.Redis`` (async use only). ``key``: the Redis key of this token (one per
    authorisation, e.g. ``f"xero:token:{user_id}"``). ``lease``: seconds a dead holder keeps the
    refresh lock. ``lock_timeout``: seconds to wait for the lock before
    :class:`TokenStoreError`. ``retries`` / ``retry_backoff``: per Redis command.
    """

    def __init__(
        self,
        url_or_client: Any,
        *,
        key: str,
        lease: float = 30.0,
        lock_timeout: float = 120.0,
        retries: int = 5,
        retry_backoff: float = 0.1,
        async_client: Any = None,
    ) -> None:
        if not key:
            raise ValueError("key must be a non-empty string")
        if lease <= 0:
            raise ValueError(f"lease must be positive, not {lease!r}")
        self.key = key
        self.lock_key = f"{key}:lock"
        self.lease = float(lease)
        self.lock_timeout = lock_timeout
        self._redis = RedisConnection(
            url_or_client,
            async_client=async_client,
            retries=retries,
            retry_backoff=retry_backoff,
            unavailable=TokenStoreUnavailableError,
        )
        self._held: contextvars.ContextVar[_Lease | None] = contextvars.ContextVar(
            f"xero_sdk_redis_lease_{id(self)}", default=None
        )

    def __repr__(self) -> str:
        return f"RedisTokenStore({self._redis.address!r}, key={self.key!r})"

    @property
    def address(self) -> str:
        """Where the store is (no credentials)."""
        return self._redis.address

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> Token | None:
        """The current token, or ``None`` if there is none."""
        return decode_token(self._redis.run("token load", lambda r: r.hget(self.key, "token")), self)

    def load_previous(self) -> Token | None:
        """The token the current one replaced (kept for Xero's 30-minute refresh grace)."""
        return decode_token(self._redis.run("token load", lambda r: r.hget(self.key, "previous")), self)

    async def aload(self) -> Token | None:
        """:meth:`load` for asyncio code."""
        return decode_token(await self._redis.arun("token load", lambda r: r.hget(self.key, "token")), self)

    async def aload_previous(self) -> Token | None:
        """:meth:`load_previous` for asyncio code."""
        return decode_token(
            await self._redis.arun("token load", lambda r: r.hget(self.key, "previous")), self
        )

    def save(self, token: Token) -> None:
        """Save ``token``, keeping the one it replaces as ``previous``; fenced: written only while this
        holder's lease on the refresh lock holds (:class:`TokenStoreError` otherwise). Outside ``lock()``
        it takes the lock for itself."""
        data = encode_token(token)
        lease = self._held.get()
        if lease is None:
            with self.lock():
                self.save(token)
            return
        written = self._redis.run(
            "token save", lambda r: r.eval(_SAVE, 2, self.key, self.lock_key, lease.owner, data)
        )
        self._check_saved(written, lease)

    async def asave(self, token: Token) -> None:
        """:meth:`save` for asyncio code (outside ``alock()`` it takes the lock for itself)."""
        data = encode_token(token)
        lease = self._held.get()
        if lease is None:
            async with self.alock():
                await self.asave(token)
            return
        written = await self._redis.arun(
            "token save", lambda r: r.eval(_SAVE, 2, self.key, self.lock_key, lease.owner, data)
        )
        self._check_saved(written, lease)

    def _check_saved(self, written: Any, lease: _Lease) -> None:
        if not written:
            lease.lost = True
            raise TokenStoreError(
                f"{self!r}: the refresh lock's lease ran out before the save (the holder was paused "
                f"or cut off for over {self.lease:.0f} s) and another holder may have taken over: "
                "the token was not saved, so it cannot overwrite a newer one"
            )

    def clear(self) -> None:
        """Delete the token (e.g. after revoking); the lock is left alone."""
        self._redis.run("token clear", lambda r: r.delete(self.key))

    def close(self) -> None:
        """Close the connections this store opened (not a client it was given)."""
        self._redis.close()

    async def aclose(self) -> None:
        """Close the connections this store opened (not a client it was given)."""
        await self._redis.aclose()

    # -- locking -------------------------------------------------------------------------------
    def _lease_ms(self) -> int:
        return max(1, int(self.lease * 1000))

    def _timed_out(self) -> TokenStoreError:
        return TokenStoreError(
            f"{self!r}: could not take the refresh lock within {self.lock_timeout} s (another "
            "holder keeps extending it: is a refresh stuck?)"
        )

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the refresh lock, a lease shared by every process and machine: extended in a background thread
        while held, released on exit; :class:`TokenStoreError` after ``lock_timeout`` seconds of waiting."""
        lease = _Lease()
        deadline = None if self.lock_timeout is None else time.monotonic() + self.lock_timeout
        pause = 0.005
        while not self._redis.run(
            "token lock", lambda r: r.set(self.lock_key, lease.owner, nx=True, px=self._lease_ms())
        ):
            if deadline is not None and time.monotonic() >= deadline:
                raise self._timed_out()
            time.sleep(pause)
            pause = min(0.05, pause * 2)
        keeper = threading.Thread(target=self._keep, args=(lease,), daemon=True, name="xero-redis-lease")
        keeper.start()
        reset = self._held.set(lease)
        try:
            yield
        finally:
            self._held.reset(reset)
            lease.stop.set()
            keeper.join()
            self._release(lease)

    def _keep(self, lease: _Lease) -> None:
        """Extend the lease every third of its length until told to stop."""
        while not lease.stop.wait(self.lease / 3):
            try:
                extended = self._redis.run(
                    "token lock extension",
                    lambda r: r.eval(_EXTEND, 1, self.lock_key, lease.owner, self._lease_ms()),
                )
            except TokenStoreError:
                continue  # Redis away: keep trying; the fenced save decides
            if not extended:
                lease.lost = True
                logger.warning("%r: the refresh lock's lease was lost while held", self)
                return

    def _release(self, lease: _Lease) -> None:
        try:
            self._redis.run("token unlock", lambda r: r.eval(_RELEASE, 1, self.lock_key, lease.owner))
        except TokenStoreError:
            logger.warning("%r: could not release the refresh lock; it expires with its lease", self)

    @contextlib.asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        """:meth:`lock` for asyncio code: waits without blocking the event loop, and a task extends the lease
        while held."""
        import asyncio

        lease = _Lease()
        loop = asyncio.get_running_loop()
        deadline = None if self.lock_timeout is None else loop.time() + self.lock_timeout
        pause = 0.005
        while not await self._redis.arun(
            "token lock", lambda r: r.set(self.lock_key, lease.owner, nx=True, px=self._lease_ms())
        ):
            if deadline is not None and loop.time() >= deadline:
                raise self._timed_out()
            await asyncio.sleep(pause)
            pause = min(0.05, pause * 2)
        keeper = asyncio.ensure_future(self._akeep(lease))
        reset = self._held.set(lease)
        try:
            yield
        finally:
            self._held.reset(reset)
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            try:
                await self._redis.arun(
                    "token unlock", lambda r: r.eval(_RELEASE, 1, self.lock_key, lease.owner)
                )
            except TokenStoreError:
                logger.warning("%r: could not release the refresh lock; it expires with its lease", self)

    async def _akeep(self, lease: _Lease) -> None:
        import asyncio

        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                extended = await self._redis.arun(
                    "token lock extension",
                    lambda r: r.eval(_EXTEND, 1, self.lock_key, lease.owner, self._lease_ms()),
                )
            except TokenStoreError:
                continue
            if not extended:
                lease.lost = True
                logger.warning("%r: the refresh lock's lease was lost while held", self)
                return
