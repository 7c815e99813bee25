"""The contract between the generated request code and the handwritten runtime.

Generated endpoint code (``generated/xero_sdk/_generated/<api>/``) never does I/O. For each call it
builds an :class:`ApiRequest` (method, path relative to the API's base URL, query, headers,
body) and hands it to a :class:`Sender` together with a ``parse`` function that turns the
decoded JSON body into the operation's typed model. The sender (``xero_sdk._transport``)
adds what every operation shares: base URL, tenant header, authorisation, ``Accept``,
idempotency key, ``unitdp`` default, retries, rate limits, errors and logging.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import IO, Any, Protocol, TypeVar
from urllib.parse import quote
from uuid import UUID

import attrs

T = TypeVar("T")

#: A query string as (name, value) pairs, already rendered to text, in the order given.
Query = list[tuple[str, str]]


def path_segment(value: object) -> str:
    """A path parameter, percent-encoded as one segment. ``""``, ``.`` and ``..`` are refused:
    an HTTP client would drop or resolve them and the request would reach another resource
    (``/Invoices/..`` is ``/``)."""
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"{text!r} cannot be a path parameter: it would address another resource")
    return quote(text, safe="")


def join_list(name: str, values: Iterable[object], *, guid: bool = False) -> str:
    """A list query parameter Xero takes comma-separated (``IDs=a,b``). An element containing
    the separator is refused (``["INV-1,INV-2"]`` would otherwise send two filters), and so is
    an empty element; with ``guid`` every element must be a GUID (a ``UUID`` or its text)."""
    from xero_sdk.errors import InvalidRequestError

    parts = []
    for value in values:
        if guid:
            try:
                text = str(value if isinstance(value, UUID) else UUID(str(value)))
            except ValueError:
                raise InvalidRequestError(f"{name}: {value!r} is not a GUID") from None
        else:
            text = str(value)
        if "," in text or not text:
            raise InvalidRequestError(
                f"{name}: element {text!r} cannot be sent in a comma-separated list "
                "(it is empty or contains a comma)"
            )
        parts.append(text)
    return ",".join(parts)


class BinaryWriter(Protocol):
    """Anything with ``write(bytes)``: an open binary file, ``io.BytesIO``, a socket file, a hasher
    wrapper... Only ``write`` is called, once per chunk."""

    def write(self, data: bytes, /) -> object:  # pragma: no cover - protocol
        ...


#: Where a downloaded body may be written: a path, or a binary writer (only ``write`` is used).
Destination = str | os.PathLike[str] | BinaryWriter
#: A multipart part: (field name, (file name or None, content, content type)).
MultipartPart = tuple[str, tuple[str | None, bytes | IO[bytes], str]]


@attrs.frozen(slots=True)
class RequestOptions:
    """Per-call options; every field left as ``None`` falls back to the client's setting."""

    max_retries: int | None = None
    timeout: float | None = None
    idempotency_key: str | None = None
    extra_headers: dict[str, str] | None = None


@attrs.frozen(slots=True)
class ApiRequest:
    """One HTTP request of one operation, as the generated code describes it."""

    api: str
    """API key on the client: ``accounting``, ``payroll_uk``, ..."""
    operation_id: str
    """Xero's operationId, e.g. ``getInvoices``."""
    method: str
    path: str
    """Path below the API's base URL, path parameters already percent-encoded."""
    params: Query = attrs.field(factory=list)
    headers: dict[str, str] = attrs.field(factory=dict)
    json: Any = None
    """A JSON document (dicts, lists, str, int, Decimal, bool, None) to send as the body."""
    content: bytes | IO[bytes] | None = None
    """A raw body (attachments, uploads)."""
    content_type: str | None = None
    files: list[MultipartPart] | None = None
    """Multipart form parts (Files API uploads)."""
    accept: str = "application/json"
    tenant: bool = True
    """The operation takes the tenant header; the client fills it in."""
    idempotent_key_header: bool = False
    """The operation accepts ``Idempotency-Key``; the client adds one per logical call."""
    unitdp: bool = False
    """The operation takes ``unitdp``; the client's default applies when not given."""
    problem: Callable[[Any], Any] | None = None
    """Reads an ``application/problem+json`` error body into the operation's typed problem model
    (``APIError.problem_details``), for the operations whose document declares one."""


class Sender(Protocol):
    """What generated sync code needs from the client."""

    def request(
        self, req: ApiRequest, parse: Callable[[Any], T], options: RequestOptions | None
    ) -> T:  # pragma: no cover - protocol
        """Send ``req``; decode the JSON body (numbers as Decimal) and return ``parse(body)``.

        ``parse`` receives ``None`` when the response has no body."""
        ...

    def request_bytes(
        self, req: ApiRequest, destination: Destination | None, options: RequestOptions | None
    ) -> bytes | int:  # pragma: no cover - protocol
        """Send ``req`` and return the body as bytes, or stream it to ``destination`` in chunks
        and return the number of bytes written."""
        ...


class AsyncSender(Protocol):
    """What generated async code needs from the client."""

    async def request(
        self, req: ApiRequest, parse: Callable[[Any], T], options: RequestOptions | None
    ) -> T:  # pragma: no cover - protocol
        ...

    async def request_bytes(
        self, req: ApiRequest, destination: Destination | None, options: RequestOptions | None
    ) -> bytes | int:  # pragma: no cover - protocol
        ...
