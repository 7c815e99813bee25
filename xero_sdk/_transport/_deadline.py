"""An overall deadline per attempt (connect + headers + body) on top of httpx's per-operation
timeouts.

httpx's ``read`` timeout restarts with every byte, so a server dribbling its headers or body a
byte at a time holds a call (and any lock around it, such as the token refresh's) for as long
as it likes. The deadline bounds the whole attempt:

- async: the attempt runs inside ``asyncio.timeout`` (works with any ``httpx.AsyncClient``);
- sync: a blocking socket call cannot be cancelled from outside, so the connection pools of
  the ``httpx.Client`` objects the SDK builds get a network backend (:class:`DeadlineBackend`)
  whose every connect, read, write and TLS handshake waits at most until the deadline of the
  attempt running in this thread (a context variable; unset, nothing changes). An
  ``http_client`` you pass in keeps its own backend: there the deadline is checked between body
  chunks only (see :mod:`._body`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

#: ``time.monotonic()`` by which the attempt running in this context must be done.
DEADLINE: ContextVar[float | None] = ContextVar("xero_sdk_deadline", default=None)


@contextmanager
def deadline_set(deadline: float | None) -> Iterator[None]:
    token = DEADLINE.set(deadline)
    try:
        yield
    finally:
        DEADLINE.reset(token)


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise error("the attempt's overall deadline passed")
    return remaining if timeout is None else min(timeout, remaining)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose operations end by the current deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a pool's network backend so its streams honour :data:`DEADLINE`."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._backend.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def install(client: httpx.Client) -> httpx.Client:
    """Give the pools of ``client`` (built by the SDK) the deadline-aware backend.

    Reaches into httpx's ``HTTPTransport`` and httpcore's pool (no public hook exists); a
    transport of another shape is left as it is."""
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return client
