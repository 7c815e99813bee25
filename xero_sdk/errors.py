"""Every exception class a user of the SDK can meet, one per kind of failure, all defined here.

The subpackages re-export the ones that concern them under the same names
(``xero_sdk.auth.ScopeError is xero_sdk.errors.ScopeError``), so either import works::

    XeroError                          base of everything below
    ├── APIError                       Xero answered with a non-2xx status
    │   ├── BadRequestError            400 (and 422): .errors holds every message; also a 200
    │   │                              with refused elements (summarize_errors=False)
    │   ├── AuthenticationError        401
    │   │   ├── TokenExpiredError      Detail "TokenExpired: ..." (refreshed once automatically)
    │   │   └── InvalidTokenError      Detail "AuthorizationUnsuccessful ..."
    │   ├── PermissionDeniedError      403 (scope missing, tenant not connected)
    │   │   └── AdvancedTierRequiredError  403 from an Advanced-tier endpoint (the Journals)
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
    ├── OAuthError                     the identity service or the token layer failed
    │   │                              (``xero_sdk.auth``; raised by the token manager, OAuth2App
    │   │                              and the token stores, not by an HTTP call to an API)
    │   ├── InvalidGrantError          refresh token (or authorization code) dead: consent again
    │   ├── AuthorizationError         the callback carried ``error=`` (user denied, ...)
    │   ├── StateMismatchError         the callback's ``state`` is not the one sent (CSRF)
    │   ├── ScopeError                 unknown scope, or a string where a list belongs
    │   │                              (also a ValueError)
    │   ├── NoTokenError               the token store is empty: run the authorization flow
    │   ├── TokenStoreError            the token store cannot be read, written or locked
    │   │   └── TokenStoreUnavailableError  its Redis / database stayed unreachable
    │   └── OAuthTransportError        the identity service could not be reached
    ├── AttachmentError                an attachment call Xero would refuse (``xero_sdk.attachments``;
    │   │                              also a ValueError; raised before any request)
    │   └── AttachmentExistsError      ``upload(..., replace=False)`` found the file name
    ├── BatchError                     some records of a batch were not saved (``xero_sdk.batches``)
    ├── BatchResponseError             a chunk's answer cannot be matched to its records
    └── WebhookPayloadError            a body that is not a webhook payload (``xero_sdk.webhooks``;
                                       also a ValueError)

    Not XeroErrors: two ValueErrors about a value the caller passed (as Python's own are), and
    the local Xero's failed assertion:
    UnsafeStringError (ValueError)     a where value that cannot be quoted safely
    JSONDepthError (ValueError)        JSON nested deeper than the decoder follows (``from_json``)
    ContractViolation (AssertionError) the local Xero (``xero_sdk.testing``, ``strict=True``) saw
                                       a request or answer that breaks Xero's document

An :class:`APIError` carries the operation id, HTTP method, URL (secret query values
redacted), status, Xero's own message, the ``Xero-Correlation-Id`` (quote it to Xero
support), the decoded body and the response headers minus secrets. Its ``str()`` names the
operation, the status, Xero's message and the correlation id, and lists every validation
message. No error ever contains an access token, a refresh token, a client secret or an
Authorization header.

The class for a status comes from one map, :data:`STATUS_ERRORS`, via :func:`error_class_for`.

``ValidationError``, the 400 class's name until 0.2.0 (it collided with Accounting's
``ValidationError`` model), is a deprecated alias of :class:`BadRequestError`, removed in 0.3.0:
accessing it warns, and ``except errors.ValidationError`` still catches every 400.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol
from urllib.parse import urlsplit

from xero_sdk._runtime.headers import CORRELATION_HEADER, parse_retry_after
from xero_sdk._runtime.lazy import module_dir
from xero_sdk._runtime.redact import redact_headers, redact_url

# Importing this module loads the standard library only (the where builder and the JSON codec
# raise classes defined here, and must stay cheap): the error-body parser and the retry
# helpers, which need attrs, load when an answer is turned into an exception.
if TYPE_CHECKING:
    from xero_sdk._runtime.error_body import ErrorDetail, ParsedErrorBody

__all__ = [
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AdvancedTierRequiredError",
    "AttachmentError",
    "AttachmentExistsError",
    "AuthenticationError",
    "AuthorizationError",
    "BadRequestError",
    "BatchError",
    "BatchResponseError",
    "ConflictError",
    "ContractViolation",
    "ErrorDetail",
    "InvalidGrantError",
    "InvalidRequestError",
    "InvalidTokenError",
    "JSONDepthError",
    "MissingTenantError",
    "NoTokenError",
    "NotFoundError",
    "OAuthError",
    "OAuthTransportError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimiterUnavailableError",
    "ResponseError",
    "ScopeError",
    "ServerError",
    "StateMismatchError",
    "TokenExpiredError",
    "TokenStoreError",
    "TokenStoreUnavailableError",
    "UnknownFieldError",
    "UnsafeStringError",
    "WebhookPayloadError",
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
        # (its own and its bases'), so help(errors.BadRequestError) lists .errors, .status ...
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


class BadRequestError(APIError):
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
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
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
    from xero_sdk._runtime.error_body import parse_error_body

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


# -- OAuth2 and the token layer (re-exported by xero_sdk.auth) ---------------------------------


class OAuthError(XeroError):
    """An OAuth2 / identity-service failure. Messages never contain a secret: tokens, the client
    secret, the PKCE code verifier and ``Authorization`` headers are redacted first."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "message": "the message (never a token or secret)",
        "error": "the OAuth2 error code the server sent (``invalid_grant``, ``access_denied``...)",
        "description": "the server's ``error_description`` (redacted)",
        "status_code": "the HTTP status, when there was a response",
    }

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        description: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error = error
        self.description = description
        self.status_code = status_code


class InvalidGrantError(OAuthError):
    """The grant is dead: a refresh token that was already used, expired (60 days unused) or
    revoked, or an authorization code that was used, expired or paired with the wrong PKCE
    verifier. The user must go through the authorization (consent) flow again."""


class AuthorizationError(OAuthError):
    """The authorization callback carried ``error=`` instead of a code (e.g. ``access_denied``
    when the user declined consent)."""


class StateMismatchError(OAuthError):
    """The callback's ``state`` differs from the one sent with the authorization request; the
    callback may be forged (CSRF) or belong to another login attempt. Nothing was exchanged."""


class ScopeError(OAuthError, ValueError):
    """A scope list is malformed: an unknown scope name, or a single string where a list of
    scopes belongs. Raised before any user is sent to Xero."""


class NoTokenError(OAuthError):
    """The token store holds no token: run the authorization flow (or use client credentials)."""


class TokenStoreError(OAuthError):
    """The token store could not be read, written or locked (corrupt file, lock timeout...)."""


class TokenStoreUnavailableError(TokenStoreError):
    """The token store's server (Redis, the database) could not be reached, or kept failing,
    after the store's bounded retries. No token was lost: nothing was sent without a token, and a
    refresh whose save failed is retried from the stored token by the next caller."""


class OAuthTransportError(OAuthError):
    """The identity service could not be reached (connection error, timeout). ``timeout`` says
    which. The underlying httpx exception is not chained (its request carries credentials); its
    type name and redacted message are part of this message."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {"timeout": "whether it was a timeout"}

    def __init__(self, message: str, *, timeout: bool = False) -> None:
        super().__init__(message)
        self.timeout = timeout


# -- the helpers' own checks (re-exported by xero_sdk.attachments, .batches, .webhooks) ---------


class AttachmentError(XeroError, ValueError):
    """An attachment call Xero would refuse (bad file name, too large, empty, unknown entity,
    ``include_online`` where Xero has none...): raised before any request is sent."""


class AttachmentExistsError(AttachmentError):
    """``upload(..., replace=False)`` found an attachment with that file name already."""


class _RecordOutcome(Protocol):
    def describe(self) -> str: ...


class _BatchResult(Protocol):
    """What :class:`BatchError` reads of a ``xero_sdk.batches.BatchResult``."""

    @property
    def kind(self) -> str | None: ...
    @property
    def failed(self) -> Sequence[_RecordOutcome]: ...
    def __len__(self) -> int: ...


class BatchError(XeroError):
    """Raised by ``BatchResult.raise_for_errors()``: some records were not saved.

    ``.result`` holds every outcome (the saved ones too); ``.failed`` the others."""

    _ATTRIBUTES: ClassVar[Mapping[str, str]] = {
        "result": "the BatchResult: every record's outcome, the saved ones too",
        "failed": "the outcomes of the records that were not saved",
    }

    MAX_LISTED = 20

    result: Any
    """The ``xero_sdk.batches.BatchResult``: every record's outcome, the saved ones too."""

    def __init__(self, result: _BatchResult) -> None:
        failed = result.failed
        lines = [f"{len(failed)} of {len(result)} {result.kind or 'records'} were not saved"]
        lines += [f"  - {o.describe()}" for o in failed[: self.MAX_LISTED]]
        if len(failed) > self.MAX_LISTED:
            lines.append(f"  ... and {len(failed) - self.MAX_LISTED} more")
        super().__init__("\n".join(lines))
        self.result = result

    @property
    def failed(self) -> list[Any]:
        """The outcomes (``RecordOutcome``) of the records that were not saved (``result.failed``)."""
        return list(self.result.failed)


class BatchResponseError(XeroError):
    """Xero's answer to a chunk cannot be matched to its records (wrong number of elements)."""


class WebhookPayloadError(XeroError, ValueError):
    """The body is not a webhook payload at all (not JSON, not an object, ``events`` not a list).

    The message describes the shape, never the body's content.
    """


# -- ValueErrors about a value the caller passed (not XeroErrors) --------------------------------

#: The three reasons a where string value is refused (:attr:`UnsafeStringError.reason`).
REFUSED_BACKSLASH: Final = "backslash"
REFUSED_CONTROL: Final = "control character"
REFUSED_SURROGATE: Final = "lone surrogate"

_ADVICE: Final = {
    REFUSED_BACKSLASH: "a backslash may be read as an escape character, which could end the "
    "string literal early, so it is refused",
    REFUSED_CONTROL: "control characters (U+0000-U+001F, U+007F-U+009F) are refused: they cannot "
    "occur in the fields Xero filters on and may end the text early for some parsers",
    REFUSED_SURROGATE: "a lone surrogate cannot be encoded as UTF-8, so it cannot be sent",
}


class UnsafeStringError(ValueError):
    """A string value that cannot be written as a where literal without risk.

    Attributes:
        value: the string refused.
        index: the position of its first offending character.
        reason: one of ``REFUSED_BACKSLASH``, ``REFUSED_CONTROL``, ``REFUSED_SURROGATE``.
    """

    def __init__(self, value: str, index: int, reason: str) -> None:
        self.value = value
        self.index = index
        self.reason = reason
        char = value[index]
        super().__init__(
            f"cannot use this string in a where filter: it contains a {reason} "
            f"(U+{ord(char):04X} at index {index}); {_ADVICE[reason]}"
        )

    def __reduce__(self) -> tuple[type[UnsafeStringError], tuple[str, int, str]]:
        return (UnsafeStringError, (self.value, self.index, self.reason))


class JSONDepthError(ValueError):
    """The JSON text nests arrays/objects deeper than the decoder can follow (Python's
    recursion limit, about 1000 levels; Xero's documents nest fewer than 20)."""


class ContractViolation(AssertionError):
    """The local Xero (``xero_sdk.testing.LocalXero(strict=True)``) saw a request or an answer
    that does not match Xero's document: a failed assertion about the code under test."""


# -- the 400 class's old name ------------------------------------------------------------------

#: When ``ValidationError`` became :class:`BadRequestError`, and when the alias goes.
BAD_REQUEST_RENAMED_IN: Final = "0.2.0"
VALIDATION_ERROR_REMOVED_IN: Final = "0.3.0"

_DEPRECATED_ALIASES: Final = {"ValidationError": BadRequestError}

if TYPE_CHECKING:
    # Type checkers see the old name as the same class; at run time it warns (__getattr__).
    ValidationError = BadRequestError
else:

    def __getattr__(name: str) -> Any:
        if name == "ErrorDetail":  # one message of an error body, from the parser (needs attrs)
            from xero_sdk._runtime.error_body import ErrorDetail

            globals()[name] = ErrorDetail
            return ErrorDetail
        cls = _DEPRECATED_ALIASES.get(name)
        if cls is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        warnings.warn(
            f"xero_sdk.errors.{name} is deprecated: use xero_sdk.errors.{cls.__name__} (renamed in "
            f"{BAD_REQUEST_RENAMED_IN} so that it no longer shares its name with Accounting's "
            f"ValidationError model); the alias is removed in {VALIDATION_ERROR_REMOVED_IN}",
            DeprecationWarning,
            stacklevel=2,
        )
        return cls  # never cached, so every access warns

    __dir__ = module_dir(__all__)
