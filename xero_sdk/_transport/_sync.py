"""The sync loop over the core: implements :class:`~xero_sdk._runtime.operation.Sender` on ``httpx.Client``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx

from xero_sdk._runtime.operation import ApiRequest, BinaryWriter, Destination, RequestOptions

from ._body import read_body
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
    open_destination,
    past_deadline,
)
from ._deadline import deadline_set

T = TypeVar("T")


class SyncSender(SenderBase[httpx.Client, Callable[[float], None]]):
    """Sends requests for one client clone (its tenant, retry budget and timeout)."""

    # -- Sender ------------------------------------------------------------------------------

    def request(self, req: ApiRequest, parse: Callable[[Any], T], options: RequestOptions | None) -> T:
        with self._send(req, options, stream=False) as (call, response):
            pass  # the body is read: leave the limiter slot before decoding
        return parse(self._core.decode(call, response))

    def request_bytes(
        self, req: ApiRequest, destination: Destination | None, options: RequestOptions | None
    ) -> bytes | int:
        if destination is None:
            with self._send(req, options, stream=False) as (_, response):
                return response.content
        with self._send(req, options, stream=True) as (call, response):
            with open_destination(destination) as out:
                return self._copy(call, response, out)

    def exchange(self, req: ApiRequest, identity: IdentityTerms) -> httpx.Response:
        """Send an identity-service call (see :class:`~._core.IdentityTerms`) and return its
        final answer, whatever its status, with its body read."""
        with self._send(req, None, stream=False, identity=identity) as (_, response):
            return response

    # -- loop --------------------------------------------------------------------------------

    def _received(self, call: Call, response: httpx.Response) -> None:
        """Count the response's bytes on the egress meter and tell the ``on_egress`` hooks."""
        event = self._core.count_egress(call, response)
        for hook in self._core.config.on_egress:
            hook(event)

    def _copy(self, call: Call, response: httpx.Response, out: BinaryWriter) -> int:
        written = 0
        failure: Exception | None = None
        try:
            for chunk in response.iter_bytes(CHUNK_SIZE):
                out.write(chunk)
                written += len(chunk)
        except (httpx.TransportError, httpx.DecodingError) as exc:
            failure = self._core.stream_error(call, response, exc)
        if failure is not None:  # raised outside the handler: no chain to the httpx error
            raise failure
        return written

    def _attempt(
        self, call: Call, request: httpx.Request, stream: bool
    ) -> tuple[Outcome, httpx.Response | None]:
        """Send one attempt and read its body (unless it is a 2xx being streamed) within the
        call's deadline; the response is returned open only on success."""
        core = self._core
        started = core.config.clock()
        deadline = attempt_deadline(call)
        with deadline_set(deadline):
            try:
                response = self._http.send(request, **call.send_options)
            except httpx.TransportError as exc:
                return core.on_exception(
                    call, past_deadline(exc, deadline), core.config.clock() - started
                ), None
            try:
                if not stream or not response.is_success:
                    read_body(response, core.config.limits, deadline)
            except httpx.TransportError as exc:
                response.close()
                self._received(call, response)
                return core.on_exception(
                    call, past_deadline(exc, deadline), core.config.clock() - started
                ), None
            except BODY_ERRORS as exc:
                response.close()
                self._received(call, response)
                return Fail(core.response_error(call, response, exc)), None
            except BaseException:
                response.close()
                raise
        try:
            for response_hook in core.config.on_response:
                response_hook(response)
            outcome = core.on_response(call, response, core.config.clock() - started)
        except BaseException:
            response.close()
            raise
        if outcome is SUCCESS:
            return outcome, response
        response.close()
        self._received(call, response)
        return outcome, None

    @contextmanager
    def _send(
        self,
        req: ApiRequest,
        options: RequestOptions | None,
        *,
        stream: bool,
        identity: IdentityTerms | None = None,
    ) -> Iterator[tuple[Call, httpx.Response]]:
        core = self._core
        limiter = core.config.limiter
        call = core.prepare(req, options, self.settings, identity)
        if identity is not None:  # identity calls carry their own credentials and skip the limiter
            token, limiter = "", None
        else:
            token = self._tokens.access_token()
        while True:
            request = core.build(self._http, call, token)
            permit = limiter.acquire(call.tenant_id, call.operation_id) if limiter is not None else None
            try:
                for hook in core.config.on_request:
                    hook(request)
                outcome, response = self._attempt(call, request, stream)
                if response is not None:
                    try:
                        yield call, response
                    finally:
                        response.close()
                        self._received(call, response)
                    return
            finally:
                if permit is not None and limiter is not None:
                    limiter.release(permit)

            if isinstance(outcome, Refresh):
                new_token = self._tokens.on_unauthorized(token)
                outcome = core.after_refresh(call, outcome.error, token, new_token)
                if isinstance(outcome, Retry):
                    token = new_token
                    continue
            elif isinstance(outcome, Retry):
                if outcome.delay > 0:
                    self._sleep(outcome.delay)
                if identity is None:
                    token = self._tokens.access_token()
                continue
            assert isinstance(outcome, Fail)
            if outcome.cause is not None:
                raise outcome.error from outcome.cause
            raise outcome.error
