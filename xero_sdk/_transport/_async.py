"""The async loop over the core: implements :class:`~xero_sdk._runtime.operation.AsyncSender` on
``httpx.AsyncClient``. Line for line the twin of ``_sync``; only sending, sleeping, hooks and
the limiter are awaited."""

from __future__ import annotations

import asyncio
import inspect
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx

from xero_sdk._runtime.operation import ApiRequest, BinaryWriter, Destination, RequestOptions

from ._body import DEADLINE_MESSAGE, DeadlinePassed, aread_body
from ._core import (
    BODY_ERRORS,
    CHUNK_SIZE,
    SUCCESS,
    Call,
    Fail,
    IdentityTerms,
    Outcome,
    Refresh,
    Retry,
    SenderBase,
    attempt_deadline,
    has_io_body,
    open_destination,
)

T = TypeVar("T")

if sys.version_info >= (3, 11):
    #: Bounds the attempt: ``TimeoutError`` when the seconds pass (``None``: no bound).
    #: ``asyncio.timeout`` costs a quarter of ``anyio.fail_after`` per call; the SDK's async
    #: path runs on asyncio only (its sleeps, threads and limiter waits are asyncio's).
    time_limit = asyncio.timeout
else:  # pragma: no cover - Python 3.10

    @asynccontextmanager
    async def time_limit(seconds: float | None) -> AsyncIterator[None]:
        import anyio

        with anyio.fail_after(seconds):
            yield


async def _call_hook(hook: Callable[[Any], Any], arg: Any) -> None:
    result = hook(arg)
    if inspect.isawaitable(result):
        await result


class AsyncSender(SenderBase[httpx.AsyncClient, Callable[[float], Awaitable[Any]]]):
    """Sends requests for one ``AsyncXero`` clone."""

    # -- AsyncSender -------------------------------------------------------------------------

    async def request(self, req: ApiRequest, parse: Callable[[Any], T], options: RequestOptions | None) -> T:
        async with self._send(req, options, stream=False) as (call, response):
            pass  # the body is read: leave the limiter slot before decoding
        return parse(self._core.decode(call, response))

    async def request_bytes(
        self, req: ApiRequest, destination: Destination | None, options: RequestOptions | None
    ) -> bytes | int:
        if destination is None:
            async with self._send(req, options, stream=False) as (_, response):
                return response.content
        async with self._send(req, options, stream=True) as (call, response):
            with open_destination(destination) as out:
                return await self._copy(call, response, out)

    async def exchange(self, req: ApiRequest, identity: IdentityTerms) -> httpx.Response:
        """Send an identity-service call (see :class:`~._core.IdentityTerms`) and return its
        final answer, whatever its status, with its body read."""
        async with self._send(req, None, stream=False, identity=identity) as (_, response):
            return response

    # -- loop --------------------------------------------------------------------------------

    async def _received(self, call: Call, response: httpx.Response) -> None:
        """Count the response's bytes on the egress meter and tell the ``on_egress`` hooks."""
        event = self._core.count_egress(call, response)
        for hook in self._core.config.on_egress:
            await _call_hook(hook, event)

    async def _copy(self, call: Call, response: httpx.Response, out: BinaryWriter) -> int:
        written = 0
        failure: Exception | None = None
        try:
            async for chunk in response.aiter_bytes(CHUNK_SIZE):
                out.write(chunk)
                written += len(chunk)
        except (httpx.TransportError, httpx.DecodingError) as exc:
            failure = self._core.stream_error(call, response, exc)
        if failure is not None:  # raised outside the handler: no chain to the httpx error
            raise failure
        return written

    async def _attempt(
        self, call: Call, request: httpx.Request, stream: bool
    ) -> tuple[Outcome, httpx.Response | None]:
        """Send one attempt and read its body (unless it is a 2xx being streamed) within the
        call's deadline; the response is returned open only on success."""
        core = self._core
        started = core.config.clock()
        deadline = attempt_deadline(call)
        response: httpx.Response | None = None
        try:
            async with time_limit(None if deadline is None else max(0.0, deadline - time.monotonic())):
                response = await self._http.send(request, **call.send_options)
                if not stream or not response.is_success:
                    await aread_body(response, core.config.limits, deadline)
        except (httpx.TransportError, TimeoutError) as exc:
            if response is not None:
                await response.aclose()
                await self._received(call, response)
            failure = exc if isinstance(exc, httpx.TransportError) else DeadlinePassed(DEADLINE_MESSAGE)
            return core.on_exception(call, failure, core.config.clock() - started), None
        except BODY_ERRORS as exc:
            assert response is not None
            await response.aclose()
            await self._received(call, response)
            return Fail(core.response_error(call, response, exc)), None
        except BaseException:
            if response is not None:
                await response.aclose()
            raise
        try:
            for response_hook in core.config.on_response:
                await _call_hook(response_hook, response)
            outcome = core.on_response(call, response, core.config.clock() - started)
        except BaseException:
            await response.aclose()
            raise
        if outcome is SUCCESS:
            return outcome, response
        await response.aclose()
        await self._received(call, response)
        return outcome, None

    @asynccontextmanager
    async def _send(
        self,
        req: ApiRequest,
        options: RequestOptions | None,
        *,
        stream: bool,
        identity: IdentityTerms | None = None,
    ) -> AsyncIterator[tuple[Call, httpx.Response]]:
        core = self._core
        limiter = core.config.limiter
        if has_io_body(req):  # reading a file object must not block the event loop
            call = await asyncio.to_thread(core.prepare, req, options, self.settings, identity)
        else:
            call = core.prepare(req, options, self.settings, identity)
        if identity is not None:  # identity calls carry their own credentials and skip the limiter
            token, limiter = "", None
        else:
            token = await self._tokens.aaccess_token()
        while True:
            request = core.build(self._http, call, token)
            permit = (
                await limiter.aacquire(call.tenant_id, call.operation_id) if limiter is not None else None
            )
            try:
                for hook in core.config.on_request:
                    await _call_hook(hook, request)
                outcome, response = await self._attempt(call, request, stream)
                if response is not None:
                    try:
                        yield call, response
                    finally:
                        await response.aclose()
                        await self._received(call, response)
                    return
            finally:
                if permit is not None and limiter is not None:
                    limiter.release(permit)

            if isinstance(outcome, Refresh):
                new_token = await self._tokens.aon_unauthorized(token)
                outcome = core.after_refresh(call, outcome.error, token, new_token)
                if isinstance(outcome, Retry):
                    token = new_token
                    continue
            elif isinstance(outcome, Retry):
                if outcome.delay > 0:
                    await self._sleep(outcome.delay)
                if identity is None:
                    token = await self._tokens.aaccess_token()
                continue
            assert isinstance(outcome, Fail)
            if outcome.cause is not None:
                raise outcome.error from outcome.cause
            raise outcome.error
