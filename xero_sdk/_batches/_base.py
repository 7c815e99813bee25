"""What the sync and async facades share: their state, their reprs and one attribute per kind.

:class:`~xero_sdk.batches.Batches` and :class:`~xero_sdk.batches.AsyncBatches` (and their
per-kind ``RecordBatches``) differ only in their ``save`` (``def`` or ``async def``) and in the
API they are given; everything else is here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from . import _kinds as k
from ._kinds import BatchKind

if TYPE_CHECKING:
    from ._async import AsyncBatches, AsyncRecordBatches
    from ._sync import Batches, RecordBatches

__all__ = ["BatchesBase", "KindAttribute", "RecordBatchesBase"]

T = TypeVar("T")
Api = TypeVar("Api")


class RecordBatchesBase(Generic[Api, T]):
    """The batches of one kind, sending through ``accounting`` (the generated Accounting API)."""

    __slots__ = ("_api", "kind")

    def __init__(self, accounting: Api, kind: BatchKind[T]) -> None:
        self._api = accounting
        self.kind = kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.kind.name!r})"


class KindAttribute(Generic[T]):
    """A ``Batches`` or ``AsyncBatches`` attribute giving the record batches of one kind."""

    def __init__(self, kind: BatchKind[T]) -> None:
        self.kind = kind

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> KindAttribute[T]: ...
    @overload
    def __get__(self, obj: Batches, owner: type[Any]) -> RecordBatches[T]: ...
    @overload
    def __get__(self, obj: AsyncBatches, owner: type[Any]) -> AsyncRecordBatches[T]: ...
    def __get__(self, obj: BatchesBase[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return obj._record_batches(obj._api, self.kind)


class BatchesBase(Generic[Api]):
    """``org.batches``: the API it sends through and the record batches of every kind."""

    __slots__ = ("_api",)

    _record_batches: ClassVar[type[RecordBatchesBase[Any, Any]]]
    """The class of the per-kind batches (``RecordBatches`` or ``AsyncRecordBatches``)."""

    def __init__(self, accounting: Api) -> None:
        self._api = accounting

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    bank_transactions = KindAttribute(k.BANK_TRANSACTIONS)
    batch_payments = KindAttribute(k.BATCH_PAYMENTS)
    contacts = KindAttribute(k.CONTACTS)
    credit_notes = KindAttribute(k.CREDIT_NOTES)
    invoices = KindAttribute(k.INVOICES)
    items = KindAttribute(k.ITEMS)
    manual_journals = KindAttribute(k.MANUAL_JOURNALS)
    payments = KindAttribute(k.PAYMENTS)
    purchase_orders = KindAttribute(k.PURCHASE_ORDERS)
    quotes = KindAttribute(k.QUOTES)
    repeating_invoices = KindAttribute(k.REPEATING_INVOICES)
