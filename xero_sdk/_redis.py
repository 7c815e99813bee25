"""One Redis as the SDK uses it: a sync client, an asyncio client per event loop, and bounded
retries that end in the caller's typed error. Shared by ``RedisTokenStore`` and
``RedisRateLimiter``; imported only when one of them is built (redis-py is an extra)."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from xero_sdk._backend import Retrying, safe_address

if TYPE_CHECKING:
    import asyncio

__all__ = ["RedisConnection", "client_address"]

T = TypeVar("T")


def redis_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError, TimeoutError

    return (ConnectionError, TimeoutError)  # BusyLoadingError (LOADING) is a ConnectionError


def client_address(client: Any) -> str:
    """``redis://host:port/db`` of a redis-py client, without credentials."""
    kwargs = getattr(getattr(client, "connection_pool", None), "connection_kwargs", {})
    if "path" in kwargs:
        return f"unix://{kwargs['path']}"
    return f"redis://{kwargs.get('host', '?')}:{kwargs.get('port', '?')}/{kwargs.get('db', 0)}"


class RedisConnection:
    """The sync client and, per event loop, the asyncio client of one Redis, with the retry
    policy; shared by :class:`RedisTokenStore` and the Redis rate limiter."""

    def __init__(
        self,
        url_or_client: Any,
        *,
        async_client: Any = None,
        retries: int,
        retry_backoff: float,
        unavailable: Callable[[str], Exception],
    ) -> None:
        try:
            import redis
            import redis.asyncio
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise ImportError("Redis support needs redis-py: pip install 'xero-sdk[redis]'") from None
        self._url: str | None = None
        if isinstance(url_or_client, str):
            self._url = url_or_client
            self.client: Any = redis.Redis.from_url(url_or_client)
            self.address = safe_address(url_or_client)
        elif isinstance(url_or_client, redis.asyncio.Redis):
            self.client = None
            async_client = url_or_client
            self.address = client_address(url_or_client)
        elif isinstance(url_or_client, redis.Redis):
            self.client = url_or_client
            self.address = client_address(url_or_client)
        else:
            raise TypeError(
                f"expected a redis:// URL or a redis.Redis client, not {type(url_or_client).__name__}"
            )
        self._given_async = async_client
        self._async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )
        self._unavailable = unavailable
        self.retrying = Retrying(
            transient=redis_errors(),
            attempts=retries,
            backoff=retry_backoff,
            unavailable=self._unavailable_after,
        )

    def aclient(self) -> Any:
        """The asyncio client for the running loop (one per loop when built from a URL)."""
        if self._given_async is not None:
            return self._given_async
        import asyncio

        import redis.asyncio

        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            if self._url is None:
                raise TypeError("this store was given a sync client only: pass async_client= for asyncio use")
            client = self._async_clients[loop] = redis.asyncio.Redis.from_url(self._url)
        return client

    def _unavailable_after(self, what: str, exc: BaseException, attempts: int) -> Exception:
        return self._unavailable(
            f"{what}: Redis at {self.address} is unreachable ({type(exc).__name__}) after {attempts} attempts"
        )

    def run(self, what: str, fn: Callable[[Any], T]) -> T:
        """``fn(client)`` with bounded retries."""
        client = self.client
        if client is None:
            raise TypeError("this store was given an asyncio client only: use it from async code")
        return self.retrying.run(what, lambda: fn(client))

    async def arun(self, what: str, fn: Callable[[Any], Awaitable[T]]) -> T:
        client = self.aclient()
        return await self.retrying.arun(what, lambda: fn(client))

    def close(self) -> None:
        if self.client is not None and self._url is not None:
            self.client.close()

    async def aclose(self) -> None:
        import asyncio

        client = self._async_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
