"""The I/O-free part of a batch: checking arguments, cutting chunks, reading each chunk's answer.

The sync and async runners only make each call :meth:`BatchRun.calls` hands them (awaiting it or
not) and give what came back (a response model or an exception) to :class:`BatchRun`.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from xero_sdk._runtime.elements import element_state, messages
from xero_sdk._runtime.model import SHAPE_ERRORS, Model
from xero_sdk._runtime.operation import RequestOptions
from xero_sdk._transport._retry import MAX_IDEMPOTENCY_KEY
from xero_sdk.errors import (
    APIError,
    AuthenticationError,
    BatchResponseError,
    MissingTenantError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    XeroError,
)

from ._kinds import BatchKind, Mode, check_mode, kind_of_record
from ._outcomes import BatchResult, ChunkResult, OutcomeStatus, RecordOutcome

__all__ = [
    "CHUNK_ERRORS",
    "DEFAULT_CHUNK_SIZE",
    "MAX_CONCURRENCY",
    "BatchRun",
    "Chunk",
    "Plan",
    "check_concurrency",
    "halts_batch",
    "make_plan",
    "read_failure",
    "read_response",
]

#: Xero recommends about 50 elements per request.
DEFAULT_CHUNK_SIZE = 50
#: Xero allows 5 concurrent requests per tenant.
MAX_CONCURRENCY = 5
#: What a chunk may fail with and still leave the other chunks' results standing.
CHUNK_ERRORS: tuple[type[BaseException], ...] = (XeroError, OAuthError)


@attrs.frozen(slots=True)
class Chunk:
    """One request: records ``start`` to ``start + len(records)`` of the input."""

    number: int
    start: int
    records: tuple[Any, ...]
    idempotency_key: str
    body: Mapping[str, Any] = attrs.field(repr=False)
    """The request document, ``{"Invoices": [...]}``, built before anything is sent."""

    @property
    def stop(self) -> int:
        return self.start + len(self.records)


def _body(kind: BatchKind[Any], records: Sequence[Any]) -> dict[str, Any]:
    return {kind.list_key: [r.to_dict() if isinstance(r, Model) else dict(r) for r in records]}


@attrs.frozen(slots=True)
class Plan:
    """Everything decided before the first request."""

    kind: BatchKind[Any] | None
    method: str
    chunks: tuple[Chunk, ...]
    call_kwargs: Mapping[str, Any]
    """Keyword arguments every chunk's call shares (``summarize_errors``, ``unitdp``, ``options``)."""


def check_chunk_size(chunk_size: int) -> int:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, not {chunk_size!r}")
    return chunk_size


def check_concurrency(concurrency: int) -> int:
    if (
        isinstance(concurrency, bool)
        or not isinstance(concurrency, int)
        or not 1 <= concurrency <= MAX_CONCURRENCY
    ):
        raise ValueError(
            f"concurrency must be an int from 1 to {MAX_CONCURRENCY} (Xero allows {MAX_CONCURRENCY} "
            f"concurrent requests per tenant), not {concurrency!r}"
        )
    return concurrency


def _chunk_keys(prefix: str | None, count: int) -> list[str]:
    if prefix is None:
        return [str(uuid.uuid4()) for _ in range(count)]
    if not isinstance(prefix, str) or not prefix:
        raise ValueError("idempotency_key must be a non-empty string (a prefix; each chunk adds -<n>)")
    keys = [f"{prefix}-{n + 1}" for n in range(count)]
    if keys and len(keys[-1]) > MAX_IDEMPOTENCY_KEY:
        raise ValueError(
            f"idempotency_key is too long: with the chunk suffix it must stay within "
            f"{MAX_IDEMPOTENCY_KEY} characters"
        )
    return keys


def _check_records(kind: BatchKind[Any] | None, records: Sequence[Any]) -> BatchKind[Any] | None:
    """The kind (inferred from the first record when not given); every record must fit it."""
    if kind is None:
        if not records:
            return None
        kind = kind_of_record(records[0])
        model = kind.model()
        for i, record in enumerate(records):
            if not isinstance(record, model):
                raise TypeError(
                    f"record #{i} is a {type(record).__name__}, but record #0 makes this a batch of "
                    f"{kind.name} ({model.__name__}); one batch saves one kind"
                )
        return kind
    model = kind.model()
    for i, record in enumerate(records):
        if not isinstance(record, (model, Mapping)):
            raise TypeError(
                f"record #{i} is a {type(record).__name__}: a batch of {kind.name} takes "
                f"{model.__name__} models or mappings of Xero's JSON"
            )
    return kind


def make_plan(
    kind: BatchKind[Any] | None,
    records: Iterable[Any],
    *,
    mode: Mode,
    chunk_size: int,
    unitdp: int | None,
    idempotency_key: str | None,
    options: RequestOptions | None,
) -> Plan:
    """Check every argument and cut the chunks; raises before anything is sent."""
    if isinstance(records, (str, bytes, Mapping, Model)):
        raise TypeError("records must be an iterable of records, not a single record")
    items = list(records)
    check_chunk_size(chunk_size)
    if options is not None and (
        options.idempotency_key
        or any(name.lower() == "idempotency-key" for name in (options.extra_headers or {}))
    ):
        raise ValueError(
            "an Idempotency-Key in RequestOptions would give every chunk the same key: pass "
            "idempotency_key= to the batch instead (a prefix; each chunk adds -<n>)"
        )
    kind = _check_records(kind, items)
    if kind is None:
        check_mode(mode)
        return Plan(kind=None, method="", chunks=(), call_kwargs={})
    method = kind.method_for(mode)
    # each record's outcome is read from the answer: the call must not raise for refused elements
    call_kwargs: dict[str, Any] = {
        "summarize_errors": False,
        "raise_on_element_errors": False,
        "options": options,
    }
    if unitdp is not None:
        if not kind.unitdp:
            raise ValueError(f"{kind.name}: Xero's operation takes no unitdp")
        call_kwargs["unitdp"] = unitdp
    starts = range(0, len(items), chunk_size)
    keys = _chunk_keys(idempotency_key, len(starts))
    chunks = []
    for n, start in enumerate(starts):
        records_of_chunk = tuple(items[start : start + chunk_size])
        chunks.append(
            Chunk(
                number=n,
                start=start,
                records=records_of_chunk,
                idempotency_key=keys[n],
                body=_body(kind, records_of_chunk),
            )
        )
    return Plan(kind=kind, method=method, chunks=tuple(chunks), call_kwargs=call_kwargs)


# -- reading answers ------------------------------------------------------------------------------


def _element_outcome(chunk: Chunk, offset: int, element: Any) -> RecordOutcome[Any]:
    status, errors, warnings = element_state(element)
    return RecordOutcome(
        index=chunk.start + offset,
        chunk=chunk.number,
        status=status,
        submitted=chunk.records[offset],
        record=element,
        errors=errors,
        warnings=warnings,
    )


def _all(chunk: Chunk, status: OutcomeStatus, exception: BaseException | None) -> list[RecordOutcome[Any]]:
    return [
        RecordOutcome(
            index=chunk.start + i, chunk=chunk.number, status=status, submitted=r, exception=exception
        )
        for i, r in enumerate(chunk.records)
    ]


def read_response(kind: BatchKind[Any], chunk: Chunk, response: Any) -> list[RecordOutcome[Any]]:
    """One outcome per record from a 200 answer: Xero returns the elements in request order."""
    elements = getattr(response, kind.list_attr, None)
    if not isinstance(elements, list) or len(elements) != len(chunk.records):
        got = len(elements) if isinstance(elements, list) else "no"
        error = BatchResponseError(
            f"chunk {chunk.number} sent {len(chunk.records)} {kind.name} and Xero returned {got} "
            "elements: the records cannot be matched to them"
        )
        return _all(chunk, "FAILED", error)
    return [_element_outcome(chunk, i, element) for i, element in enumerate(elements)]


def read_failure(kind: BatchKind[Any], chunk: Chunk, exc: BaseException) -> list[RecordOutcome[Any]]:
    """Outcomes for a chunk whose call raised. A 400 listing one element per record gives each
    refused record its own messages (``ERROR``); every other record of the chunk is ``FAILED``."""
    elements = _elements_of(exc)
    if elements is None or len(elements) != len(chunk.records):
        return _all(chunk, "FAILED", exc)
    outcomes: list[RecordOutcome[Any]] = []
    for i, element in enumerate(elements):
        errors = messages(element.get("ValidationErrors")) if isinstance(element, Mapping) else ()
        warnings = messages(element.get("Warnings")) if isinstance(element, Mapping) else ()
        outcomes.append(
            RecordOutcome(
                index=chunk.start + i,
                chunk=chunk.number,
                status="ERROR" if errors else "FAILED",
                submitted=chunk.records[i],
                record=_parse_element(kind, element) if errors else None,
                errors=errors,
                warnings=warnings,
                exception=exc,
            )
        )
    return outcomes


def _elements_of(exc: BaseException) -> list[Any] | None:
    if not isinstance(exc, APIError) or exc.status not in (400, 422) or not isinstance(exc.body, Mapping):
        return None
    elements = exc.body.get("Elements")
    return elements if isinstance(elements, list) and elements else None


def _parse_element(kind: BatchKind[Any], element: Any) -> Any:
    if not isinstance(element, Mapping):
        return None
    try:
        return kind.model().from_dict(element)
    except SHAPE_ERRORS:
        return None


def skipped(chunk: Chunk, cause: BaseException | None) -> list[RecordOutcome[Any]]:
    return _all(chunk, "SKIPPED", cause)


def halts_batch(exc: BaseException) -> bool:
    """A failure every later chunk would repeat: stop sending (the rest are ``SKIPPED``)."""
    if isinstance(exc, (AuthenticationError, PermissionDeniedError, OAuthError)):
        return True
    return isinstance(exc, RateLimitError) and exc.problem == "day"


class BatchRun:
    """The state of one batch while its chunks are sent (in any order, by one runner)."""

    def __init__(self, plan: Plan, *, stop_on_error: bool) -> None:
        self.plan = plan
        self.stop_on_error = stop_on_error
        count = len(plan.chunks)
        self._outcomes: list[list[RecordOutcome[Any]]] = [[] for _ in range(count)]
        self._chunks: list[ChunkResult | None] = [None] * count
        self._stopped = False
        self._cause: BaseException | None = None

    @property
    def stopped(self) -> bool:
        """No further chunk may be sent."""
        return self._stopped

    def calls(self, api: Any) -> Iterator[tuple[Chunk, Callable[[], Any]]]:
        """Each chunk to send, in input order, with the call sending it: its own call of the
        generated operation on ``api`` (its own ``Idempotency-Key``, kept across that call's
        retries). Ends once the batch is stopped; concurrent workers may share one iterator,
        each chunk is then taken by exactly one of them."""
        if self.plan.kind is None:
            return
        send = getattr(api, self.plan.method)
        for chunk in self.plan.chunks:
            if self._stopped:
                return
            yield (
                chunk,
                functools.partial(
                    send, body=chunk.body, idempotency_key=chunk.idempotency_key, **self.plan.call_kwargs
                ),
            )

    def skip(self, chunk: Chunk) -> None:
        self._outcomes[chunk.number] = skipped(chunk, self._cause)
        self._chunks[chunk.number] = _chunk_result(chunk, sent=False)

    def succeeded(self, chunk: Chunk, response: Any) -> None:
        assert self.plan.kind is not None
        outcomes = read_response(self.plan.kind, chunk, response)
        self._outcomes[chunk.number] = outcomes
        self._chunks[chunk.number] = _chunk_result(chunk, sent=True)
        if self.stop_on_error and any(not o.ok for o in outcomes):
            self._stopped = True

    def failed(self, chunk: Chunk, exc: BaseException) -> None:
        """Record a chunk's exception; re-raise it when it is the caller's mistake."""
        if isinstance(exc, MissingTenantError):
            raise exc
        assert self.plan.kind is not None
        self._outcomes[chunk.number] = read_failure(self.plan.kind, chunk, exc)
        self._chunks[chunk.number] = _chunk_result(chunk, sent=True, exception=exc)
        if halts_batch(exc):
            self._stopped = True
            self._cause = exc
        elif self.stop_on_error:
            self._stopped = True

    def result(self) -> BatchResult[Any]:
        """Every outcome in input order; chunks never reached count as skipped."""
        for chunk in self.plan.chunks:
            if self._chunks[chunk.number] is None:
                self.skip(chunk)
        return BatchResult(
            kind=self.plan.kind.name if self.plan.kind is not None else None,
            outcomes=tuple(o for per_chunk in self._outcomes for o in per_chunk),
            chunks=tuple(c for c in self._chunks if c is not None),
        )


def _chunk_result(chunk: Chunk, *, sent: bool, exception: BaseException | None = None) -> ChunkResult:
    return ChunkResult(
        number=chunk.number,
        start=chunk.start,
        stop=chunk.stop,
        idempotency_key=chunk.idempotency_key,
        sent=sent,
        exception=exception,
    )
