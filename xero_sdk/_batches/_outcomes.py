"""What a batch returns: one outcome per input record, in input order, and one result per chunk."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, Literal, TypeVar, overload

import attrs

from xero_sdk.errors import BatchError

__all__ = ["BatchResult", "ChunkResult", "OutcomeStatus", "RecordOutcome"]

T = TypeVar("T")

#: ``OK`` saved; ``WARNING`` saved, with warnings; ``ERROR`` refused by Xero's validation (see
#: ``errors``); ``FAILED`` its chunk failed as a whole (see ``exception``; after a connection error
#: Xero may or may not have saved it: sending the batch again with the same ``idempotency_key``
#: prefix is safe while Xero remembers the keys); ``SKIPPED`` never sent (``stop_on_error``, or an
#: earlier chunk failed in a way every later one would, such as an authentication error).
OutcomeStatus = Literal["OK", "WARNING", "ERROR", "FAILED", "SKIPPED"]

_SAVED = ("OK", "WARNING")


@attrs.frozen(slots=True)
class RecordOutcome(Generic[T]):
    """What happened to one input record."""

    index: int
    """The record's position in the input."""
    chunk: int
    """The number (0-based) of the request that carried it."""
    status: OutcomeStatus
    submitted: Any = attrs.field(repr=False)
    """The record as given (a model or a mapping)."""
    record: T | None = attrs.field(default=None, repr=False)
    """The element Xero returned (typed): the saved record when :attr:`ok`, the refused one
    (with Xero's messages) for ``ERROR``; ``None`` when the chunk failed or was skipped."""
    errors: tuple[str, ...] = ()
    """Xero's validation messages for this record."""
    warnings: tuple[str, ...] = ()
    exception: BaseException | None = None
    """Why the whole chunk failed (or, for ``SKIPPED``, the failure that stopped the batch)."""

    @property
    def ok(self) -> bool:
        """Saved (``OK`` or ``WARNING``)."""
        return self.status in _SAVED

    def describe(self) -> str:
        """One line: ``#3 ERROR: Email address must be valid.``"""
        text = f"#{self.index} {self.status}"
        details = list(self.errors)
        if self.exception is not None and not details:
            details.append(f"{type(self.exception).__name__}: {_first_line(self.exception)}")
        if self.status == "WARNING":
            details = list(self.warnings)
        return f"{text}: {'; '.join(details)}" if details else text


@attrs.frozen(slots=True)
class ChunkResult:
    """One request of the batch."""

    number: int
    """0-based, in input order."""
    start: int
    """Index of its first record."""
    stop: int
    """Index after its last record."""
    idempotency_key: str
    """The ``Idempotency-Key`` it was sent with (the same on each of its retries)."""
    sent: bool
    """Whether it was sent (``False``: skipped)."""
    exception: BaseException | None = None
    """Why it failed as a whole, if it did."""

    @property
    def size(self) -> int:
        """How many records it carried (``stop - start``)."""
        return self.stop - self.start


@attrs.frozen(slots=True)
class BatchResult(Generic[T]):
    """Every input's outcome, in input order; iterating yields :class:`RecordOutcome`."""

    kind: str | None
    """The kind saved (``"invoices"``), ``None`` for an empty input whose kind was not named."""
    outcomes: tuple[RecordOutcome[T], ...]
    chunks: tuple[ChunkResult, ...]

    def __len__(self) -> int:
        return len(self.outcomes)

    def __iter__(self) -> Iterator[RecordOutcome[T]]:
        return iter(self.outcomes)

    @overload
    def __getitem__(self, index: int) -> RecordOutcome[T]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RecordOutcome[T]]: ...
    def __getitem__(self, index: int | slice) -> RecordOutcome[T] | Sequence[RecordOutcome[T]]:
        return self.outcomes[index]

    @property
    def ok(self) -> bool:
        """Every record was saved (warnings allowed)."""
        return all(o.ok for o in self.outcomes)

    @property
    def saved(self) -> list[T]:
        """The records Xero saved, as it returned them, in input order."""
        return [o.record for o in self.outcomes if o.ok and o.record is not None]

    @property
    def failed(self) -> list[RecordOutcome[T]]:
        """The outcomes that are not saved: ``ERROR``, ``FAILED`` and ``SKIPPED``."""
        return [o for o in self.outcomes if not o.ok]

    @property
    def with_warnings(self) -> list[RecordOutcome[T]]:
        """Saved records that came back with warnings."""
        return [o for o in self.outcomes if o.status == "WARNING"]

    @property
    def exceptions(self) -> list[BaseException]:
        """Each failed chunk's exception, in chunk order."""
        return [c.exception for c in self.chunks if c.exception is not None]

    def raise_for_errors(self) -> BatchResult[T]:
        """Raise :class:`BatchError` unless every record was saved; return ``self`` otherwise."""
        if not self.ok:
            error = BatchError(self)
            cause = next(iter(self.exceptions), None)
            if cause is not None:
                raise error from cause
            raise error
        return self

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        shown = ", ".join(f"{k}={v}" for k, v in counts.items())
        return f"BatchResult(kind={self.kind!r}, records={len(self.outcomes)}, chunks={len(self.chunks)}, {shown})"


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else ""
