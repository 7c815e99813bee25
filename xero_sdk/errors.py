"""Every exception the SDK raises, one class per kind of failure.

::

    XeroError                          base of everything below
    ├── APIError                       Xero answered with a non-2xx status
    │   ├── ValidationError            400 (and 422): .errors holds every message; also a 200
    │   │                              with refused elements (summarize_errors=False)
    │   ├── AuthenticationError        401
    │   │   ├── TokenExpiredError      Detail "TokenExpired: ..." (refreshed once automatically)
    │   │   └── InvalidTokenError      Detail "AuthorizationUnsuccessful ..."
    │   ├── PermissionDeniedError      403 (scope missing, tenant not connected)
    │   ├── NotFoundError              404
    │   ├── ConflictError              409 (Bank Feeds duplicate statements, Assets)
    │   ├── RateLimitError             429: .problem ("minute", "day", "concurrent", "appminute"),
    │   │                              .retry_after (seconds)
    │   └── ServerError                5xx (.problem / .retry_after as for 429 when Xero sends them)
    ├── APIConnectionError             no answer: DNS, refused, reset, TLS, protocol error
    │   └── APITimeoutError            connect/read/write/pool timeout, or the attempt's deadline
    ├── ResponseError                  an answer that cannot be read: corrupt Content-Encoding,
    │                                  larger than the body limits, not JSON, nested too deeply
    ├── InvalidRequestError            a call that cannot be sent as given (header value not
    │                                  ASCII, list element holding the separator...; also a
    │                                  ValueError)
    ├── MissingTenantError             a tenant-scoped operation was called without a tenant
    │                                  (also a ValueError)
    ├── UnknownFieldError              a where/order field name the operation's model lacks
    │                                  (also a ValueError; raised before any request)
    ├── RateLimiterUnavailableError    the shared (Redis) rate limiter could not be reached
    └── OAuthError                     from ``xero_sdk.auth``, re-exported here: the identity
        └── InvalidGrantError          server refused a token request / the refresh token is
                                       dead (consent again). Raised by the token manager and
                                       OAuth2App, not by an HTTP call to an API.

    UnsafeStringError (a ValueError)   a where value that cannot be quoted safely (from the
                                       filter builder; not a XeroError)

An :class:`APIError` carries the operation id, HTTP method, URL (secret query values
redacted), status, Xero's own message, the ``Xero-Correlation-Id`` (quote it to Xero
support), the decoded body and the response headers minus secrets. Its ``str()`` names the
operation, the status, Xero's message and the correlation id, and lists every validation
message. No error ever contains an access token, a refresh token or an Authorization header.

The class for a status comes from one map, :data:`STATUS_ERRORS`, via :func:`error_class_for`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from xero_sdk._runtime.error_body import ErrorDetail, ParsedErrorBody, parse_error_body
from xero_sdk._runtime.headers import CORRELATION_HEADER, parse_retry_after
from xero_sdk._runtime.lazy import module_dir
from xero_sdk._runtime.redact import redact_headers, redact_url

if TYPE_CHECKING:
    from xero_sdk._runtime.where._literals import UnsafeStringError
    from xero_sdk.auth._errors import InvalidGrantError, OAuthError

__all__ = [
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AdvancedTierRequiredError",
    "AuthenticationError",
    "ConflictError",
    "ErrorDetail",
    "InvalidGrantError",
    "InvalidRequestError",
    "InvalidTokenError",
    "MissingTenantError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimiterUnavailableError",
    "ResponseError",
    "ServerError",
    "TokenExpiredError",
    "UnknownFieldError",
    "UnsafeStringError",
    "ValidationError",
    "XeroError",
    "error_class_for",
    "error_from_response",
]

RATE_LIMIT_PROBLEM_HEADER = "X-Rate-Limit-Problem"


def _restore(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    obj = cls.__new__(cls)
    BaseException.__init__(obj, *args)
    obj.__dict__.update(state)
    return obj


class XeroError(Exception):
    """Base class of every exception raised by ``xero_sdk``."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {}
    """The attributes a class adds to its instances, documented (see ``__init_subclass__``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # help() shows a class's own docstring only: append every attribute its instances carry
        # (its own and its bases'), so help(errors.ValidationError) lists .errors, .status ...
        super().__init_subclass__(**kwargs)
        documented: dict[str, str] = {}
        for base in reversed(cls.__mro__):
            documented.update(base.__dict__.get("_ATTRIBUTES", {}))
        if documented:
            own = (cls.__dict__.get("__doc__") or cls.__name__).rstrip()
            lines = "".join(f"\n    {name}: {text}" for name, text in documented.items())
            cls.__doc__ = f"{own}\n\nAttributes:{lines}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors below: pickle through the instance state instead.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class RateLimiterUnavailableError(XeroError):
    """The shared rate limiter's Redis stayed unreachable after its retries, and the limiter
    fails closed (its default): the request was not sent. The message says how to fail open."""


class MissingTenantError(XeroError, ValueError):
    """A tenant-scoped operation was called on a client that has no tenant.

    Use ``xero.for_tenant(tenant_id)`` (ids come from ``xero.connections()``) or pass
    ``tenant_id=`` to the client, or ``client_credentials=True`` for a Custom Connection."""


class InvalidRequestError(XeroError, ValueError):
    """The call cannot be sent as given: a header value that is not ASCII or holds a line
    break, a list parameter element that contains the separator, a malformed GUID."""


class UnknownFieldError(XeroError, ValueError):
    """A ``where``/``order`` field name (from ``F``, ``where(...)`` or ``order_by``) that the
    operation's model does not have; raised before any request. Raw strings are not checked."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "name": "the dotted name as rendered (``Staus``, ``Contact.ContactNme``)",
        "model": "the model (or the field) that lacks it",
        "suggestions": "the closest existing names, best first",
    }
    name: str
    model: str
    suggestions: list[str]

    def __init__(self, message: str, *, name: str, model: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.name = name
        self.model = model
        self.suggestions = list(suggestions)


class APIError(XeroError):
    """Xero answered with a non-2xx status."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "status": "the HTTP status",
        "operation_id": "Xero's operationId of the call (``createInvoices``)",
        "method": "the HTTP method",
        "url": "the URL, secret query values redacted",
        "xero_message": "Xero's own summary message",
        "error_type": "Xero's error type (``ValidationException``, a Bank Feeds slug)",
        "detail": "Xero's ``Detail`` text, if any",
        "correlation_id": "the ``Xero-Correlation-Id`` header: quote it to Xero support",
        "body": "the decoded JSON body (numbers as Decimal), or its text",
        "headers": "the response headers, secret values replaced by ``[REDACTED]``",
        "errors": "every message (``ErrorDetail``: message, field, index, severity...)",
        "messages": "every message as text",
        "problem_details": "an ``application/problem+json`` body as the operation's typed model (Bank Feeds v2), else None",
    }
    status: int
    operation_id: str | None
    method: str | None
    url: str | None
    xero_message: str | None
    """Xero's own summary message (``Message``, ``detail``, ``message`` or ``title``)."""
    error_type: str | None
    """Xero's error type, e.g. ``ValidationException`` or a Bank Feeds slug."""
    detail: str | None
    correlation_id: str | None
    body: Any
    """The decoded JSON body (numbers as Decimal), or its text when it is not JSON."""
    headers: dict[str, str]
    """Response headers, with secret values replaced by ``[REDACTED]``."""
    errors: tuple[ErrorDetail, ...]
    """Every message in the body: validation errors (with element index), warnings,
    invalid fields, model-state entries, per-statement errors."""
    problem_details: Any
    """The body as the operation's typed problem model (``type`` an open enum of Xero's slugs)
    when the document declares ``application/problem+json`` errors (Bank Feeds), else ``None``.
    (Named after RFC 9457 "problem details"; ``RateLimitError.problem`` is which limit was hit.)"""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        operation_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
        xero_message: str | None = None,
        error_type: str | None = None,
        detail: str | None = None,
        correlation_id: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        errors: Sequence[ErrorDetail] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.operation_id = operation_id
        self.method = method
        self.url = redact_url(url) if url else url
        self.xero_message = xero_message
        self.error_type = error_type
        self.detail = detail
        self.correlation_id = correlation_id
        self.body = body
        self.headers = redact_headers(headers or {})
        self.errors = tuple(errors)
        self.problem_details = None

    @property
    def messages(self) -> list[str]:
        """Every message as text, Xero's summary first when there are no detailed ones."""
        if self.errors:
            return [str(e) for e in self.errors]
        return [self.xero_message] if self.xero_message else []

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(operation_id={self.operation_id!r}, status={self.status!r}, "
            f"xero_message={self.xero_message!r}, correlation_id={self.correlation_id!r}, "
            f"errors={len(self.errors)})"
        )


class ValidationError(APIError):
    """HTTP 400 (or 422): the request was refused; ``.errors`` lists every message.

    Also raised for a ``200`` in which Xero refused some elements of a request sent with
    ``summarize_errors=False`` (``status`` is then 200): ``.errors`` holds every refused
    element's messages with its ``index`` in the request, ``.succeeded`` the elements Xero
    saved, ``.response`` the whole typed response. Pass ``raise_on_element_errors=False`` to
    get the response instead (its ``raise_for_errors()`` does the same check)."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "succeeded": "the elements Xero saved (typed models), when raised for per-element errors",
        "response": "the whole typed response whose elements were refused (``None`` for a 400)",
    }
    succeeded: list[Any]
    """The elements Xero accepted (typed models), when raised for per-element errors."""
    response: Any
    """The typed response whose elements were refused (``None`` for a 400)."""

    def __init__(
        self,
        message: str,
        *,
        succeeded: Sequence[Any] = (),
        response: Any = None,
        **fields: Any,
    ) -> None:
        super().__init__(message, **fields)
        self.succeeded = list(succeeded)
        self.response = response


class AuthenticationError(APIError):
    """HTTP 401: the access token was not accepted."""


class TokenExpiredError(AuthenticationError):
    """HTTP 401 with ``Detail: TokenExpired...``; the client refreshes once and resends by itself,
    so this is only seen when the refreshed token is refused too."""


class InvalidTokenError(AuthenticationError):
    """HTTP 401 with ``Detail: AuthorizationUnsuccessful``: the token is not valid for Xero."""


class PermissionDeniedError(APIError):
    """HTTP 403: missing scope, or the tenant is not (or no longer) connected to the app.

    ``required_scopes`` lists every scope that allows the operation (any one is enough: broad
    and granular); ``granted_scopes`` those the access token carries, when it says (Xero's
    tokens are JWTs with a ``scope`` claim), else ``None``; ``missing_scopes`` is
    ``required_scopes`` when the token carries none of them (the likely cause), else ``()``."""

    required_scopes: tuple[str, ...] = ()
    granted_scopes: tuple[str, ...] | None = None
    missing_scopes: tuple[str, ...] = ()


class AdvancedTierRequiredError(PermissionDeniedError):
    """HTTP 403 from an endpoint Xero keeps for apps on its Advanced tier (from 2 March 2026:
    the Journals), while the token carries the operation's scope: the app's plan, not its
    consent, is what is missing."""


class NotFoundError(APIError):
    """HTTP 404."""


class ConflictError(APIError):
    """HTTP 409 (e.g. Bank Feeds duplicate statements; ``.errors`` per statement)."""


class _LimitedError(APIError):
    """An answer that may say which limit was hit (``X-Rate-Limit-Problem``) and how long to
    wait (``Retry-After``): 429, and 503 (Xero's legacy rate-limit answer)."""

    problem: str | None = None
    retry_after: float | None = None

    def __init__(
        self,
        message: str,
        *,
        problem: str | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.problem = problem
        self.retry_after = retry_after


class RateLimitError(_LimitedError):
    """HTTP 429 (or the client-side limiter's daily quota): a Xero rate limit was hit."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "problem": "which limit: ``minute``, ``day``, ``concurrent``, ``appminute`` (or None)",
        "retry_after": "seconds Xero asked to wait (``Retry-After``), if it said",
    }
    problem: str | None
    """Which limit, from ``X-Rate-Limit-Problem`` lower-cased: ``minute``, ``day``,
    ``concurrent``, ``appminute``; ``None`` when Xero did not say."""
    retry_after: float | None
    """Seconds Xero asked to wait (``Retry-After``), if it said."""

    def __repr__(self) -> str:
        return (
            f"RateLimitError(operation_id={self.operation_id!r}, problem={self.problem!r}, "
            f"retry_after={self.retry_after!r}, correlation_id={self.correlation_id!r})"
        )


class ServerError(_LimitedError):
    """HTTP 5xx: Xero failed or is unavailable (503 is also the legacy rate-limit answer)."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "problem": "``X-Rate-Limit-Problem`` lower-cased when Xero sent it (a 503 rate limit), else None",
        "retry_after": "seconds Xero asked to wait (``Retry-After``), if it said",
    }


class _CallError(XeroError):
    """A call that got no readable answer: which call it was (no status class applies)."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "operation_id": "Xero's operationId of the call",
        "method": "the HTTP method",
        "url": "the URL, secret query values redacted",
    }

    def __init__(
        self,
        message: str,
        *,
        operation_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.operation_id = operation_id
        self.method = method
        self.url = redact_url(url) if url else url


class APIConnectionError(_CallError):
    """No HTTP answer: connection refused or reset, DNS, TLS or protocol failure."""


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or waiting for a pooled connection), or the
    attempt as a whole passed its deadline."""


class ResponseError(_CallError):
    """Xero (or something in between) answered, but the answer cannot be read: its
    ``Content-Encoding`` is corrupt or unsupported, it is larger than the client's
    ``BodyLimits``, it is not JSON, or its JSON is nested too deeply. Not retried."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "status": "the HTTP status of the unreadable answer, if there was one",
    }

    def __init__(self, message: str, *, status: int | None = None, **call: str | None) -> None:
        super().__init__(message, **call)
        self.status = status


#: The one status -> class map; statuses not listed use APIError, or ServerError for 5xx.
STATUS_ERRORS: Mapping[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


def error_class_for(status: int, parsed: ParsedErrorBody | None = None) -> type[APIError]:
    """The exception class for ``status``, refined for 401 by the body's ``Detail``."""
    cls = STATUS_ERRORS.get(status)
    if cls is None:
        return ServerError if 500 <= status <= 599 else APIError
    if cls is AuthenticationError and parsed is not None:
        detail = (parsed.detail or parsed.message or "").lstrip()
        if detail.startswith("TokenExpired"):
            return TokenExpiredError
        if detail.startswith("AuthorizationUnsuccessful"):
            return InvalidTokenError
    return cls


def _format_message(
    *,
    status: int,
    operation_id: str | None,
    method: str | None,
    path: str | None,
    parsed: ParsedErrorBody,
    correlation_id: str | None,
    extra: str = "",
) -> str:
    where = operation_id or "request"
    if method and path:
        where += f" ({method} {path})"
    kind = parsed.type or parsed.title
    text = f"{where} failed with HTTP {status}"
    if kind and kind != parsed.message:
        text += f" {kind}"
    if parsed.message:
        text += f": {parsed.message}"
    if extra:
        text += f" ({extra})"
    if correlation_id:
        text += f" [correlation id {correlation_id}]"
    for detail in parsed.errors:
        text += f"\n  - {detail}"
    return text


def error_from_response(
    *,
    status: int,
    headers: Mapping[str, str],
    body: Any,
    operation_id: str | None = None,
    method: str | None = None,
    url: str | None = None,
    now: float | None = None,
) -> APIError:
    """Build the exception for one non-2xx response.

    ``headers`` must look names up case-insensitively (pass ``httpx.Headers``); ``body`` is the
    decoded JSON (or text); ``now`` is the wall-clock time used for an HTTP-date Retry-After."""
    parsed = parse_error_body(body)
    cls = error_class_for(status, parsed)
    if cls is AuthenticationError and "expired" in (headers.get("www-authenticate") or "").lower():
        cls = TokenExpiredError  # RFC 6750 form (error="invalid_token", "...expired"); Xero's is Detail
    correlation_id = headers.get(CORRELATION_HEADER)
    fields: dict[str, Any] = {
        "status": status,
        "operation_id": operation_id,
        "method": method,
        "url": url,
        "xero_message": parsed.message,
        "error_type": parsed.type,
        "detail": parsed.detail,
        "correlation_id": correlation_id,
        "body": body,
        "headers": headers,
        "errors": parsed.errors,
    }
    extra = ""
    if issubclass(cls, (RateLimitError, ServerError)):
        raw_problem = headers.get(RATE_LIMIT_PROBLEM_HEADER)
        problem = raw_problem.strip().lower() if raw_problem else None
        retry_after = parse_retry_after(headers, time.time() if now is None else now)
        extra = ", ".join(
            p
            for p in (
                f"limit {problem!r}" if problem else "",
                f"retry after {retry_after:g} s" if retry_after is not None else "",
            )
            if p
        )
        fields.update(problem=problem, retry_after=retry_after)
    message = _format_message(
        status=status,
        operation_id=operation_id,
        method=method,
        path=_path_of(url),
        parsed=parsed,
        correlation_id=correlation_id,
        extra=extra,
    )
    return cls(message, **fields)


def _path_of(url: str | None) -> str | None:
    return (urlsplit(url).path or "/") if url else None


if not TYPE_CHECKING:  # mypy sees the imports at the top, never a catch-all __getattr__

    def __getattr__(name: str) -> Any:
        # The OAuth errors live with the token code (xero_sdk.auth); importing them lazily keeps
        # ``import xero_sdk.errors`` cheap and free of an import cycle.
        if name in ("InvalidGrantError", "OAuthError"):
            from xero_sdk.auth import _errors

            value = getattr(_errors, name)
            globals()[name] = value
            return value
        if name == "UnsafeStringError":  # a ValueError from the where-filter builder
            from xero_sdk._runtime.where._literals import UnsafeStringError

            globals()[name] = UnsafeStringError
            return UnsafeStringError
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    __dir__ = module_dir(__all__)
