"""The I/O-free core shared by the sync and async loops.

It turns an :class:`~xero_sdk._runtime.operation.ApiRequest` into a :class:`Call` (URL, headers,
body, retry budget) and each attempt into an ``httpx.Request``; it reads each answer (a
response whose body was read, or a transport error) and says what happens next:
:data:`SUCCESS`, :class:`Refresh` (401 TokenExpired: refresh once and resend),
:class:`Retry` (sleep, resend) or :class:`Fail` (raise). It records rate-limit headers and
writes the log lines. Identity calls (token, revocation, an app's connections) are calls too:
they carry :class:`IdentityTerms` and go through the same loops, policy, hooks and logs. Only the loops in ``_sync`` / ``_async`` send, sleep and await; what
they hold and how a download reaches its file (:class:`SenderBase`, :func:`open_destination`)
is here, once.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property, lru_cache
from typing import IO, Any, Generic, Protocol, TypeVar

import attrs
import httpx

from xero_sdk._runtime.codec import dumps, loads
from xero_sdk._runtime.headers import CORRELATION_HEADER, TENANT_HEADER, parse_retry_after
from xero_sdk._runtime.model import SHAPE_ERRORS
from xero_sdk._runtime.operation import ApiRequest, BinaryWriter, Destination, MultipartPart, RequestOptions
from xero_sdk._runtime.redact import redact_headers, redact_params, scrub_json, scrub_text
from xero_sdk.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    InvalidRequestError,
    MissingTenantError,
    RateLimitError,
    ResponseError,
    ServerError,
    TokenExpiredError,
    XeroError,
    error_from_response,
)

from ._body import (
    ACCEPT_ENCODING,
    DEADLINE_MESSAGE,
    BodyDecodeError,
    BodyLimits,
    BodyTooLarge,
    DeadlinePassed,
)
from ._config import join_url
from ._egress import Egress, EgressMeter
from ._limiter import RateLimiter
from ._ratelimit import RateLimits, RateLimitTracker, rate_headers
from ._retry import IDEMPOTENCY_HEADER, MAX_IDEMPOTENCY_KEY, RetryPolicy, is_safe_to_repeat
from ._tokens import TokenProvider

logger = logging.getLogger("xero_sdk")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
#: Longest one attempt (connect + headers + whole body) may take unless the client says.
DEFAULT_DEADLINE = 120.0
CHUNK_SIZE = 64 * 1024

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
SleepT = TypeVar("SleepT")

#: A hook called with each ``httpx.Request`` before it is sent, or each ``httpx.Response``.
#: On ``AsyncXero`` a hook may also be ``async``.
RequestHook = Callable[[httpx.Request], Any]
ResponseHook = Callable[[httpx.Response], Any]


class RequestBuilder(Protocol):
    """``httpx.Client`` or ``httpx.AsyncClient``: ``build_request`` is I/O-free on both."""

    def build_request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        content: Any = None,
        files: Any = None,
        params: Any = None,
        headers: Any = None,
        timeout: Any = ...,
    ) -> httpx.Request: ...


@attrs.frozen(kw_only=True)
class TransportConfig:
    """Everything a client family (a client and its ``for_tenant`` / ``with_options`` clones)
    shares. Immutable; the tracker and limiter are thread-safe objects."""

    base_urls: Mapping[str, str]
    user_agent: str
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    unitdp: int | None = None
    client_credentials: bool = False
    tracker: RateLimitTracker = attrs.field(factory=RateLimitTracker)
    limiter: RateLimiter | None = None
    on_request: Sequence[RequestHook] = ()
    on_response: Sequence[ResponseHook] = ()
    on_egress: Sequence[Callable[[Egress], Any]] = ()
    """Called with each response's :class:`Egress` once its body has been received."""
    egress: EgressMeter = attrs.field(factory=EgressMeter)
    """Bytes received, per tenant and per API (shared by the family)."""
    clock: Callable[[], float] = time.monotonic
    """For durations."""
    wall_clock: Callable[[], float] = time.time
    """For HTTP-date ``Retry-After`` values."""
    id_factory: Callable[[], str] = attrs.field(default=lambda: str(uuid.uuid4()))
    """Makes idempotency keys."""
    limits: BodyLimits = attrs.field(factory=BodyLimits)
    """How much of a response is read into memory."""


def check_max_retries(max_retries: int) -> None:
    """The one check of a retry budget, whether set on a client, a clone or a call."""
    if max_retries < 0:
        raise ValueError(f"max_retries must be >= 0, not {max_retries}")


@attrs.frozen(kw_only=True)
class CallSettings:
    """What differs between clones: tenant, retry budget, timeout, deadline."""

    tenant_id: str | None = None
    max_retries: int = attrs.field(default=2)
    timeout: httpx.Timeout = DEFAULT_TIMEOUT
    deadline: float | None = DEFAULT_DEADLINE
    """Seconds one attempt may take as a whole (``None``: no overall bound)."""

    @max_retries.validator
    def _check_max_retries(self, attribute: attrs.Attribute[int], value: int) -> None:
        check_max_retries(value)


@attrs.frozen(kw_only=True)
class IdentityTerms:
    """How an identity-service call (token endpoint, revocation, an app's ``/Connections``)
    differs from an API operation; everything else (retry policy, hooks, logs, per-attempt
    deadline, body limits, egress) is the same.

    - It goes to ``url`` (the app's endpoint) and carries its own credentials in its headers or
      body: the token provider is never asked, no bearer is added, a 401 is not refreshed, and
      redirects and the HTTP client's own ``auth`` are not followed (they would carry the
      credentials elsewhere).
    - Its final answer is returned whatever its status: the OAuth layer maps it to its errors.
    - ``safe_to_repeat`` is decided by the OAuth layer (a code exchange is not: a code is
      single-use; see ``xero_sdk.auth._sending``).
    - ``give_up_after``: seconds the call may take as a whole, retries and waits included (a
      token refresh holds the token lock for that long at most); ``None``: no bound.
    - ``failure`` makes the error for an attempt that got no usable answer (unreachable, timed
      out, a body beyond the limits): the OAuth layer's error, never chained to the httpx one.
    """

    url: str
    safe_to_repeat: bool
    give_up_after: float | None
    failure: Callable[[BaseException], XeroError]


@attrs.define(kw_only=True)
class Call:
    """One logical call: prepared once, sent once per attempt."""

    req: ApiRequest
    url: str
    params: list[tuple[str, str]]
    headers: httpx.Headers
    content: bytes | None
    files: list[tuple[str, tuple[str | None, bytes, str]]] | None
    timeout: httpx.Timeout
    deadline: float | None
    max_retries: int
    tenant_id: str | None
    safe_to_repeat: bool
    sent_tokens: set[str] = attrs.field(factory=set)
    """Access tokens sent so far: scrubbed from anything a server echoes into an error."""
    attempts: int = 0
    """HTTP attempts sent so far, including the resend after a token refresh."""
    retries: int = 0
    """Retries used (the token-refresh resend does not count)."""
    refreshed: bool = False
    last_delay: float | None = None
    identity: IdentityTerms | None = None
    """Set for an identity-service call (see :class:`IdentityTerms`)."""
    give_up_at: float | None = None
    """``time.monotonic()`` after which no retry is started (identity calls)."""

    @property
    def operation_id(self) -> str:
        return self.req.operation_id

    @cached_property
    def method(self) -> str:
        return self.req.method.upper()

    @property
    def path(self) -> str:
        return parsed_url(self.url).path

    @property
    def send_options(self) -> Mapping[str, Any]:
        """What the loops pass to ``send`` beside the request: an identity call's credentials go
        where the app said, nowhere else (no redirect, not the HTTP client's own ``auth``)."""
        return _API_SEND if self.identity is None else _IDENTITY_SEND


class _Success:
    __slots__ = ()

    def __repr__(self) -> str:
        return "SUCCESS"


SUCCESS = _Success()


@attrs.frozen
class Retry:
    delay: float


@attrs.frozen
class Refresh:
    error: APIError


@attrs.frozen
class Fail:
    error: XeroError
    cause: BaseException | None = None


Outcome = _Success | Retry | Refresh | Fail

_RETRYABLE_EXCEPTIONS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_BYTES_LIKE = (bytes, bytearray, memoryview)


def _read_io(data: bytes | IO[bytes]) -> bytes:
    if isinstance(data, _BYTES_LIKE):
        return bytes(data)
    chunk = data.read()
    if not isinstance(chunk, bytes):
        raise TypeError("file objects given as request content must be opened in binary mode")
    return chunk


def has_io_body(req: ApiRequest) -> bool:
    """Whether preparing ``req`` reads a file object (the async loop does that in a thread)."""
    if req.content is not None and not isinstance(req.content, _BYTES_LIKE):
        return True
    return any(not isinstance(part[1][1], _BYTES_LIKE) for part in req.files or ())


class SenderBase(Generic[HttpT, SleepT]):
    """What a sync or async loop holds for one client clone: the family's core, HTTP client and
    token provider, the clone's :class:`CallSettings`, and the sleep used between retries."""

    _http: HttpT
    _sleep: SleepT

    def __init__(
        self, core: TransportCore, http: HttpT, tokens: TokenProvider, settings: CallSettings, sleep: SleepT
    ) -> None:
        self._core = core
        self._http = http
        self._tokens = tokens
        self.settings = settings
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"{type(self).__name__}(tenant_id={self.settings.tenant_id!r})"


@contextmanager
def open_destination(destination: Destination) -> Iterator[BinaryWriter]:
    """Where a download goes: a path is opened for writing and removed again if the download
    fails; any other destination is a writer used as is."""
    if not isinstance(destination, (str, os.PathLike)):
        yield destination
        return
    path = os.fspath(destination)
    try:
        with open(path, "wb") as fh:
            yield fh
    except BaseException:
        _remove_quietly(path)
        raise


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


class TransportCore:
    """Decisions without I/O; one instance per client family."""

    def __init__(self, config: TransportConfig) -> None:
        self.config = config

    # -- preparing ---------------------------------------------------------------------------

    def prepare(
        self,
        req: ApiRequest,
        options: RequestOptions | None,
        settings: CallSettings,
        identity: IdentityTerms | None = None,
    ) -> Call:
        """Check and assemble everything that stays the same across attempts.

        Raises :class:`MissingTenantError` before anything is sent when a tenant-scoped
        operation is called without a tenant (and not in client-credentials mode). File-object
        bodies are read here, once (Xero caps uploads at 10 MB), so every retry resends the
        same bytes with a ``Content-Length``. An identity call goes to its own URL."""
        cfg = self.config
        if identity is not None:
            base = identity.url
        else:
            try:
                base = cfg.base_urls[req.api]
            except KeyError:
                raise XeroError(
                    f"{req.operation_id}: unknown API {req.api!r}; known: {sorted(cfg.base_urls)}"
                ) from None
        headers = httpx.Headers(
            {"User-Agent": cfg.user_agent, "Accept": req.accept, "Accept-Encoding": ACCEPT_ENCODING}
        )
        _set_headers(headers, req.headers, req.operation_id)

        if req.tenant:
            if settings.tenant_id:
                _set_headers(headers, {TENANT_HEADER: settings.tenant_id}, req.operation_id)
            elif not cfg.client_credentials:
                raise MissingTenantError(
                    f"{req.operation_id} needs a tenant: call xero.for_tenant(tenant_id) (tenant ids "
                    "come from xero.connections()), pass tenant_id= to the client, or use "
                    "client_credentials=True for a Custom Connection"
                )

        content: bytes | None = None
        files: list[tuple[str, tuple[str | None, bytes, str]]] | None = None
        if req.json is not None:
            content = dumps(req.json)
            if "content-type" not in headers:
                headers["Content-Type"] = "application/json"
        elif req.content is not None:
            content = _read_io(req.content)
            if "content-type" not in headers:
                headers["Content-Type"] = req.content_type or "application/octet-stream"
        elif req.files:
            files = [_prepare_part(part) for part in req.files]

        if options is not None and options.extra_headers:
            _set_headers(headers, options.extra_headers, req.operation_id)

        key = headers.get(IDEMPOTENCY_HEADER)
        if not key and options is not None and options.idempotency_key:
            key = options.idempotency_key
        if not key and req.idempotent_key_header:
            key = cfg.id_factory()
        if key:
            if len(key) > MAX_IDEMPOTENCY_KEY:
                raise ValueError(
                    f"Idempotency-Key is at most {MAX_IDEMPOTENCY_KEY} characters, got {len(key)}"
                )
            _set_headers(headers, {IDEMPOTENCY_HEADER: key}, req.operation_id)

        params = list(req.params)
        if req.unitdp and cfg.unitdp is not None and not any(k.lower() == "unitdp" for k, _ in params):
            params.append(("unitdp", str(cfg.unitdp)))

        timeout = settings.timeout
        deadline = settings.deadline
        max_retries = settings.max_retries
        if options is not None:
            if options.timeout is not None:
                timeout = httpx.Timeout(options.timeout)
                deadline = options.timeout
            if options.max_retries is not None:
                check_max_retries(options.max_retries)
                max_retries = options.max_retries
        return Call(
            req=req,
            url=join_url(base, req.path),
            params=params,
            headers=headers,
            content=content,
            files=files,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            tenant_id=settings.tenant_id,
            safe_to_repeat=is_safe_to_repeat(req.method, key)
            if identity is None
            else identity.safe_to_repeat,
            identity=identity,
            give_up_at=None
            if identity is None or identity.give_up_after is None
            else time.monotonic() + identity.give_up_after,
        )

    def build(self, builder: RequestBuilder, call: Call, access_token: str) -> httpx.Request:
        """The ``httpx.Request`` for the next attempt (fresh each time: the token may change)."""
        headers = call.headers.copy()
        if call.identity is None:  # an identity call carries its own credentials
            headers["Authorization"] = f"Bearer {access_token}"
            call.sent_tokens.add(access_token)
        call.attempts += 1
        request = builder.build_request(
            call.method,
            parsed_url(call.url),
            content=call.content,
            files=call.files,
            params=call.params or None,
            headers=headers,
            timeout=call.timeout,
        )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "xero request %s %s %s attempt=%d params=%s headers=%s",
                call.operation_id,
                request.method,
                request.url.path,
                call.attempts,
                redact_params(call.params),
                redact_headers(request.headers.multi_items()),
            )
        return request

    # -- deciding ----------------------------------------------------------------------------

    def on_response(self, call: Call, response: httpx.Response, elapsed: float) -> Outcome:
        """Decide after a response arrived. Its body must have been read unless it is a 2xx
        being streamed. An identity call's final answer is :data:`SUCCESS` whatever its status
        (the OAuth layer reads it); only a retry is decided for it here."""
        outcome = self._decide(call, response, elapsed)
        if call.identity is not None and isinstance(outcome, (Fail, Refresh)):
            return SUCCESS
        return outcome

    def _decide(self, call: Call, response: httpx.Response, elapsed: float) -> Outcome:
        cfg = self.config
        day, minute, app_minute = rate_headers(response.headers)
        snapshot = cfg.tracker.record_values(call.tenant_id, day, minute, app_minute)
        if cfg.limiter is not None and snapshot is not None:
            cfg.limiter.observe(
                call.tenant_id,
                snapshot.day_remaining,
                minute_remaining=minute,
                app_minute_remaining=app_minute,
            )
        self._log_response(call, response, elapsed, snapshot)
        if response.is_success:
            return SUCCESS
        error = self.error_for(call, response)
        if isinstance(error, TokenExpiredError) and not call.refreshed:
            return Refresh(error)
        if not cfg.retry.retryable_status(response.status_code):
            return Fail(error)
        retry_after = parse_retry_after(response.headers, cfg.wall_clock())
        if isinstance(error, (RateLimitError, ServerError)) and error.problem == "day":
            if cfg.limiter is not None:
                cfg.limiter.observe(call.tenant_id, 0)
            return Fail(error)  # the daily limit: no retry can succeed before tomorrow
        if retry_after is not None and retry_after > cfg.retry.max_retry_after:
            return Fail(error)  # e.g. the daily limit: hours away, do not sleep on it
        if not call.safe_to_repeat or call.retries >= call.max_retries:
            return Fail(error)
        if retry_after is not None:
            delay = max(retry_after, cfg.retry.min_retry_after)  # 0, negative, a past date
            if response.status_code == 429 and cfg.limiter is not None:
                cfg.limiter.pause(call.tenant_id, retry_after)
        else:
            delay = cfg.retry.backoff(call.retries + 1, call.last_delay)
        reason = f"HTTP {response.status_code}"
        if isinstance(error, (RateLimitError, ServerError)) and error.problem:
            reason += f" (limit {error.problem})"
        return self._retry(call, delay, reason, Fail(error))

    def on_exception(self, call: Call, exc: Exception, elapsed: float) -> Outcome:
        """Decide after a transport error (no HTTP answer)."""
        logger.info(
            "xero %s %s %s -> %s after %.0f ms (attempt %d)",
            call.operation_id,
            call.method,
            call.path,
            type(exc).__name__,
            elapsed * 1000,
            call.attempts,
        )
        if call.identity is not None:
            failed = Fail(call.identity.failure(exc))
        else:
            failed = Fail(self.connection_error(call, exc), scrubbed_cause(exc))
        if isinstance(exc, _RETRYABLE_EXCEPTIONS) and call.safe_to_repeat and call.retries < call.max_retries:
            delay = self.config.retry.backoff(call.retries + 1, call.last_delay)
            return self._retry(call, delay, type(exc).__name__, failed)
        return failed

    def after_refresh(self, call: Call, error: APIError, old_token: str, new_token: str) -> Outcome:
        """After ``on_unauthorized``: resend once with a new token, else raise the 401."""
        if not new_token or new_token == old_token:
            return Fail(error)
        call.refreshed = True
        logger.info("xero %s: access token expired; refreshed, resending", call.operation_id)
        return Retry(0.0)

    def _retry(self, call: Call, delay: float, reason: str, otherwise: Fail) -> Retry | Fail:
        if call.give_up_at is not None and time.monotonic() + delay >= call.give_up_at:
            return otherwise  # the wait would end past the call's bound: give up now
        call.retries += 1
        call.last_delay = delay
        logger.warning(
            "xero %s %s %s: %s, retrying in %.2f s (retry %d of %d)",
            call.operation_id,
            call.method,
            call.path,
            reason,
            delay,
            call.retries,
            call.max_retries,
        )
        return Retry(delay)

    # -- errors and bodies -------------------------------------------------------------------

    def error_for(self, call: Call, response: httpx.Response) -> APIError:
        """The error for a non-2xx answer. A body or header a server echoed back (a gateway's
        error page listing the request headers) is scrubbed of the tokens sent and of anything
        shaped like a credential before it reaches the message or the attributes."""
        error = error_from_response(
            status=response.status_code,
            headers=response.headers,
            body=scrub_json(decode_error_body(response.content), call.sent_tokens),
            operation_id=call.operation_id,
            method=call.method,
            url=str(response.request.url),
            now=self.config.wall_clock(),
        )
        error.headers = {k: scrub_text(v, call.sent_tokens) for k, v in error.headers.items()}
        if response.status_code == 403:
            from ._forbidden import explain_forbidden

            error = explain_forbidden(
                error, call.req.api, call.operation_id, response.request.headers.get("authorization")
            )
        typed = call.req.problem
        if typed is not None and isinstance(error.body, dict) and "items" not in error.body:
            try:
                error.problem_details = typed(error.body)
            except SHAPE_ERRORS:
                pass  # not a problem document after all: the raw body stays on .body
        return error

    def response_error(self, call: Call, response: httpx.Response, exc: Exception) -> XeroError:
        """The error for an answer whose body could not be read (see :mod:`._body`)."""
        if call.identity is not None:
            return call.identity.failure(exc)
        limits = self.config.limits
        if isinstance(exc, BodyTooLarge):
            reason = (
                f"the body is larger than the client's limit (BodyLimits max_body={limits.max_body}, "
                f"max_raw={limits.max_raw} bytes)"
            )
        else:
            reason = str(exc)
        return unreadable(call, response, f"answer could not be read: {reason}")

    def count_egress(self, call: Call, response: httpx.Response) -> Egress:
        """Record the bytes ``response`` brought (as received: compressed when Xero compressed)."""
        event = Egress(
            tenant_id=call.tenant_id,
            api=call.req.api,
            operation_id=call.operation_id,
            status=response.status_code,
            bytes=response.num_bytes_downloaded,
        )
        self.config.egress.record(event)
        return event

    def connection_error(self, call: Call, exc: BaseException) -> APIConnectionError:
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        what = "timed out" if cls is APITimeoutError else "could not reach Xero"
        detail = scrub_text(str(exc).strip(), call.sent_tokens)
        text = f"{call.operation_id} ({call.method} {call.path}) {what}: {type(exc).__name__}"
        if detail:
            text += f": {detail[:200]}"
        return cls(text, operation_id=call.operation_id, method=call.method, url=call.url)

    def stream_error(self, call: Call, response: httpx.Response, exc: Exception) -> XeroError:
        """The error for a streamed download that broke off or could not be decoded."""
        if isinstance(exc, httpx.DecodingError):
            return self.response_error(call, response, BodyDecodeError(str(exc)))
        return self.connection_error(call, exc)

    def decode(self, call: Call, response: httpx.Response) -> Any:
        """The JSON body with numbers as Decimal, or ``None`` for 204 / an empty body."""
        content = response.content
        if response.status_code == 204 or not content.strip():
            return None
        try:
            return loads(content)
        except ValueError as exc:
            ctype = response.headers.get("content-type")
            raise unreadable(call, response, f"body is not JSON (Content-Type {ctype!r}): {exc}") from None

    def _log_response(
        self, call: Call, response: httpx.Response, elapsed: float, snapshot: RateLimits | None
    ) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        remaining = (
            f"day={snapshot.day_remaining} min={snapshot.minute_remaining} app-min={snapshot.app_minute_remaining}"
            if snapshot is not None
            else "n/a"
        )
        logger.info(
            "xero %s %s %s -> %d in %.0f ms (attempt %d, remaining %s, correlation id %s)",
            call.operation_id,
            call.method,
            call.path,
            response.status_code,
            elapsed * 1000,
            call.attempts,
            remaining,
            response.headers.get(CORRELATION_HEADER),
        )


#: What reading a body may raise besides a transport error: it has an answer, but unusable.
BODY_ERRORS = (BodyTooLarge, BodyDecodeError)


def _set_headers(headers: httpx.Headers, values: Mapping[str, str], operation_id: str) -> None:
    """Add ``values`` to ``headers``, refusing what HTTP cannot carry (a header value is ASCII
    without line breaks) with an error naming the header, before anything is sent."""
    for name, value in values.items():
        if not isinstance(value, str) or not value.isascii() or "\r" in value or "\n" in value:
            raise InvalidRequestError(
                f"{operation_id}: header {name!r} must be ASCII text without line breaks, got {_shown(value)}"
            )
        headers[name] = value


_API_SEND: Mapping[str, Any] = {"stream": True}
_IDENTITY_SEND: Mapping[str, Any] = {"stream": True, "auth": None, "follow_redirects": False}


@lru_cache(maxsize=512)
def parsed_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, parsed once per distinct URL (before its query): parsing and
    validating a URL is a good part of building a request, and most calls reuse a few URLs.
    ``httpx.URL`` is immutable, so sharing one between requests is safe."""
    return httpx.URL(url)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def attempt_deadline(call: Call) -> float | None:
    """The ``time.monotonic()`` by which the attempt starting now must be done (no later than
    the call's own bound, if it has one)."""
    deadline = None if call.deadline is None else time.monotonic() + call.deadline
    if call.give_up_at is not None and (deadline is None or call.give_up_at < deadline):
        return call.give_up_at
    return deadline


def past_deadline(exc: Exception, deadline: float | None) -> Exception:
    """A timeout that happened because the attempt's deadline came (the socket waits were cut
    to it) is reported as the deadline, not as a plain read timeout."""
    if deadline is not None and isinstance(exc, httpx.TimeoutException) and time.monotonic() >= deadline:
        return DeadlinePassed(DEADLINE_MESSAGE)
    return exc


def scrubbed_cause(exc: BaseException) -> BaseException:
    """What an SDK error may chain to: an httpx error carries the ``httpx.Request`` (with its
    Authorization header) and its own cause chain, so a copy with the same type and message
    and neither is chained instead."""
    if isinstance(exc, httpx.HTTPError):
        try:
            copy = type(exc)(str(exc))
        except Exception:  # an exotic subclass: chain nothing rather than the request
            return RuntimeError(f"{type(exc).__name__}: {exc}")
        copy.__traceback__ = None
        return copy
    return exc


def _prepare_part(part: MultipartPart) -> tuple[str, tuple[str | None, bytes, str]]:
    name, (filename, data, content_type) = part
    return name, (filename, _read_io(data), content_type)


def decode_error_body(content: bytes) -> Any:
    """An error body as JSON (Decimal numbers) when it is JSON, else as text, else ``None``."""
    if not content.strip():
        return None
    try:
        return loads(content)
    except ValueError:
        return content.decode("utf-8", "replace")


def unreadable(call: Call, response: httpx.Response, what: str) -> ResponseError:
    """The error for an answer to ``call`` that cannot be read, ``what`` saying why."""
    return ResponseError(
        f"{call.operation_id} ({call.method} {call.path}): HTTP {response.status_code} {what}",
        status=response.status_code,
        operation_id=call.operation_id,
        method=call.method,
        url=call.url,
    )
