"""Reading a response body within bounds: size on the wire, size decoded, and time.

httpx decompresses each chunk whole, so a 400 KB gzip bomb becomes 400 MB in memory before
anyone can count it. The SDK therefore reads the raw bytes itself (``iter_raw``) and inflates
them here with an output cap (``zlib``'s ``max_length``), so no more than the cap (plus one
chunk as received) is ever held:

- a success body larger than :attr:`BodyLimits.max_body` (decoded) or
  :attr:`BodyLimits.max_raw` (on the wire) raises :class:`BodyTooLarge`;
- an error body is read only up to :attr:`BodyLimits.max_error_body`: what follows is left
  unread (the connection is dropped), since it only feeds an error message;
- a body whose ``Content-Encoding`` is corrupt raises :class:`BodyDecodeError` (an error
  body that cannot be inflated is treated as absent: the status says what matters).

Only ``gzip`` and ``deflate`` are asked for (``Accept-Encoding``) and understood; any other
coding raises :class:`BodyDecodeError`.

The per-attempt deadline is checked between chunks here (whatever the HTTP client), and within
each socket operation by :mod:`._deadline` when the SDK built the connection pool.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import AsyncIterator, Iterator

import attrs
import httpx

#: What the SDK asks for: the codings :class:`BodyReader` can inflate under a cap.
ACCEPT_ENCODING = "gzip, deflate"

_MIB = 1024 * 1024


@attrs.frozen(kw_only=True)
class BodyLimits:
    """How much of a response the SDK reads into memory (bytes)."""

    max_body: int = 256 * _MIB
    """Largest success body, after decompression (a 1000-invoice page is about 3 MB; the
    largest reports some tens of MB)."""
    max_raw: int = 256 * _MIB
    """Largest success body as it arrives (before decompression)."""
    max_error_body: int = 64 * 1024
    """Error bodies (4xx/5xx) are read up to this many decoded bytes; the rest is dropped."""

    def __attrs_post_init__(self) -> None:
        for name in ("max_body", "max_raw", "max_error_body"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"BodyLimits.{name} must be a positive int, not {value!r}")


class BodyTooLarge(Exception):
    """The body passed a :class:`BodyLimits` cap (internal; the sender reports it)."""


class BodyDecodeError(Exception):
    """The body's ``Content-Encoding`` could not be undone (internal; the sender reports it)."""


DEADLINE_MESSAGE = "the attempt's overall deadline passed"


class DeadlinePassed(httpx.TimeoutException):
    """The attempt's overall deadline passed while its body was read (a timeout, retried as one)."""


class _Inflater:
    """One gzip or deflate layer with an output cap."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding in ("gzip", "x-gzip")
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._first = True
        self._fed = False

    def inflate(self, data: bytes, limit: int) -> bytes:
        self._fed = self._fed or bool(data)
        try:
            out = self._obj.decompress(data, limit + 1)
        except zlib.error as exc:
            if self._gzip or not self._first:
                raise BodyDecodeError(f"corrupt {'gzip' if self._gzip else 'deflate'} body: {exc}") from None
            # "deflate" is sometimes sent raw (no zlib header), as browsers and httpx accept
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
            self._first = False
            return self.inflate(data, limit)
        self._first = False
        return out  # longer than ``limit`` when the cap was passed (the reader decides)

    def finish(self) -> None:
        # an empty body (a 204 or HEAD answer that still names its coding) is no body, not a
        # truncated one
        if self._gzip and self._fed and not self._obj.eof:
            raise BodyDecodeError("truncated gzip body")


class BodyReader:
    """Accumulates one body from its raw chunks, inflating and counting as it goes."""

    def __init__(
        self, encoding: str | None, *, max_raw: int, max_decoded: int, truncate: bool, deadline: float | None
    ) -> None:
        codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._max_raw = max_raw
        self._max = max_decoded
        self._truncate = truncate
        self._deadline = deadline
        self._raw = 0
        self._parts: list[bytes] = []
        self._size = 0
        self.done = False
        """True once a truncated (error) body has all it will keep."""
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown and not truncate:
            raise BodyDecodeError(f"unsupported Content-Encoding {encoding!r}")
        self.done = bool(unknown)  # an error body in a coding we cannot read: report none
        # applied in reverse order of the header (the last coding listed was applied last)
        self._layers = [] if unknown else [_Inflater(c) for c in reversed(codings)]

    def feed(self, raw: bytes) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise DeadlinePassed(DEADLINE_MESSAGE)
        self._raw += len(raw)
        if self._raw > self._max_raw and not self._truncate:
            raise BodyTooLarge
        try:
            data = raw
            for layer in self._layers:
                data = layer.inflate(data, self._max - self._size)
        except BodyDecodeError:
            if not self._truncate:
                raise
            self._parts.clear()  # an undecodable error body: report none
            self.done = True
            return
        self._keep(data)

    def _keep(self, data: bytes) -> None:
        room = self._max - self._size
        if len(data) > room:
            if not self._truncate:
                raise BodyTooLarge
            data = data[:room]
            self.done = True
        self._parts.append(data)
        self._size += len(data)
        if self._truncate and self._size >= self._max:
            self.done = True

    def result(self) -> bytes:
        if not self.done:
            try:
                for layer in self._layers:
                    layer.finish()
            except BodyDecodeError:
                if not self._truncate:
                    raise
                return b""
        return b"".join(self._parts)


def reader_for(response: httpx.Response, limits: BodyLimits, deadline: float | None) -> BodyReader:
    error = not response.is_success
    return BodyReader(
        response.headers.get("content-encoding"),
        max_raw=limits.max_raw,
        max_decoded=limits.max_error_body if error else limits.max_body,
        truncate=error,
        deadline=deadline,
    )


def _preloaded(response: httpx.Response, reader: BodyReader) -> bytes | None:
    """A response built with its content already in memory (mock transports) has no raw
    stream left to read: its decoded content is checked against the caps as it is."""
    if not hasattr(response, "_content"):
        return None
    reader._layers = []
    reader._keep(response.content)
    return reader.result()


def _store(response: httpx.Response, body: bytes) -> bytes:
    # What ``Response.read()`` would have left: ``.content`` works for hooks and callers.
    response._content = body
    return body


def read_body(response: httpx.Response, limits: BodyLimits, deadline: float | None) -> bytes:
    """Read ``response``'s body within ``limits`` (see the module docstring); ``.content`` then
    holds it. Raises :class:`BodyTooLarge`, :class:`BodyDecodeError`, :class:`DeadlinePassed`
    or an ``httpx.TransportError``."""
    reader = reader_for(response, limits, deadline)
    pre = _preloaded(response, reader)
    if pre is not None:
        return _store(response, pre)
    chunks: Iterator[bytes] = response.iter_raw()  # as received: inflating is capped anyway
    for raw in chunks:
        reader.feed(raw)
        if reader.done:
            break
    return _store(response, reader.result())


async def aread_body(response: httpx.Response, limits: BodyLimits, deadline: float | None) -> bytes:
    """:func:`read_body` for ``httpx.AsyncClient`` responses."""
    reader = reader_for(response, limits, deadline)
    pre = _preloaded(response, reader)
    if pre is not None:
        return _store(response, pre)
    chunks: AsyncIterator[bytes] = response.aiter_raw()
    async for raw in chunks:
        reader.feed(raw)
        if reader.done:
            break
    return _store(response, reader.result())
