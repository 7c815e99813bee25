"""``org.batches`` on :class:`~xero_sdk.AsyncXero`: the async twin, chunks optionally concurrent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from xero_sdk._operation import RequestOptions

from . import _kinds as k
from ._chunks import CHUNK_ERRORS, DEFAULT_CHUNK_SIZE, BatchRun, Chunk, Plan, check_concurrency, make_plan
from ._kinds import BatchKind, Mode, Record, kind_named
from ._outcomes import BatchResult

if TYPE_CHECKING:
    from xero_generated.accounting.facade import AsyncAccountingApi  # type: ignore[import-not-found, unused-ignore]
    from xero_generated.accounting.models import (  # type: ignore[import-not-found, unused-ignore]
        BankTransaction,
        BatchPayment,
        Contact,
        CreditNote,
        Invoice,
        Item,
        ManualJournal,
        Payment,
        PurchaseOrder,
        Quote,
        RepeatingInvoice,
    )

__all__ = ["AsyncBatches", "AsyncRecordBatches"]

T = TypeVar("T")


async def run(api: Any, plan: Plan, *, stop_on_error: bool, concurrency: int) -> BatchResult[Any]:
    """Send the chunks, at most ``concurrency`` at a time, started in input order; each chunk is
    its own call of the generated operation (its own ``Idempotency-Key``, kept across retries)."""
    state = BatchRun(plan, stop_on_error=stop_on_error)
    if plan.kind is None:
        return state.result()
    send = getattr(api, plan.method)
    pending = iter(plan.chunks)

    async def send_one(chunk: Chunk) -> None:
        try:
            response = await send(body=chunk.body, idempotency_key=chunk.idempotency_key, **plan.call_kwargs)
        except CHUNK_ERRORS as exc:
            state.failed(chunk, exc)
        else:
            state.succeeded(chunk, response)

    async def worker() -> None:
        for chunk in pending:  # shared: each chunk is taken by exactly one worker
            if state.stopped:
                return
            await send_one(chunk)

    workers = [asyncio.ensure_future(worker()) for _ in range(min(concurrency, len(plan.chunks)))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return state.result()


class AsyncRecordBatches(Generic[T]):
    """Batches of one kind, e.g. ``org.batches.invoices``: records may be models or plain mappings."""

    __slots__ = ("_api", "kind")

    def __init__(self, accounting: AsyncAccountingApi, kind: BatchKind[T]) -> None:
        self._api = accounting
        self.kind = kind

    def __repr__(self) -> str:
        return f"AsyncRecordBatches({self.kind.name!r})"

    async def save(
        self,
        records: Iterable[T | Mapping[str, Any]],
        *,
        mode: Mode = "create",
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        stop_on_error: bool = False,
        unitdp: int | None = None,
        idempotency_key: str | None = None,
        options: RequestOptions | None = None,
        concurrency: int = 1,
    ) -> BatchResult[T]:
        """As :meth:`xero_sdk.batches.RecordBatches.save`; ``concurrency`` (1 to 5, Xero's limit
        of concurrent requests per tenant) chunks may be in flight at once. Outcomes stay in
        input order whatever order the answers arrive in."""
        check_concurrency(concurrency)
        plan = make_plan(
            self.kind,
            records,
            mode=mode,
            chunk_size=chunk_size,
            unitdp=unitdp,
            idempotency_key=idempotency_key,
            options=options,
        )
        return await run(self._api, plan, stop_on_error=stop_on_error, concurrency=concurrency)


class _Kind(Generic[T]):
    """An ``AsyncBatches`` attribute giving the :class:`AsyncRecordBatches` of one kind."""

    def __init__(self, kind: BatchKind[T]) -> None:
        self.kind = kind

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _Kind[T]: ...
    @overload
    def __get__(self, obj: AsyncBatches, owner: type[Any]) -> AsyncRecordBatches[T]: ...
    def __get__(self, obj: AsyncBatches | None, owner: type[Any]) -> _Kind[T] | AsyncRecordBatches[T]:
        if obj is None:
            return self
        return AsyncRecordBatches(obj._api, self.kind)


class AsyncBatches:
    """The async twin of :class:`xero_sdk.batches.Batches`: ``await org.batches.save(records)``."""

    __slots__ = ("_api",)

    def __init__(self, accounting: AsyncAccountingApi) -> None:
        self._api = accounting

    def __repr__(self) -> str:
        return "AsyncBatches()"

    async def save(
        self,
        records: Iterable[Record],
        *,
        mode: Mode = "create",
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        stop_on_error: bool = False,
        unitdp: int | None = None,
        idempotency_key: str | None = None,
        options: RequestOptions | None = None,
        concurrency: int = 1,
    ) -> BatchResult[Record]:
        """Save Accounting models of one kind, inferred from their type; see
        :meth:`AsyncRecordBatches.save`."""
        check_concurrency(concurrency)
        plan = make_plan(
            None,
            records,
            mode=mode,
            chunk_size=chunk_size,
            unitdp=unitdp,
            idempotency_key=idempotency_key,
            options=options,
        )
        return await run(self._api, plan, stop_on_error=stop_on_error, concurrency=concurrency)

    def of(self, name: str) -> AsyncRecordBatches[Any]:
        """The batches of the kind called ``name`` (``"invoices"``), for code choosing at run time."""
        return AsyncRecordBatches(self._api, kind_named(name))

    bank_transactions: _Kind[BankTransaction] = _Kind(k.BANK_TRANSACTIONS)
    batch_payments: _Kind[BatchPayment] = _Kind(k.BATCH_PAYMENTS)
    contacts: _Kind[Contact] = _Kind(k.CONTACTS)
    credit_notes: _Kind[CreditNote] = _Kind(k.CREDIT_NOTES)
    invoices: _Kind[Invoice] = _Kind(k.INVOICES)
    items: _Kind[Item] = _Kind(k.ITEMS)
    manual_journals: _Kind[ManualJournal] = _Kind(k.MANUAL_JOURNALS)
    payments: _Kind[Payment] = _Kind(k.PAYMENTS)
    purchase_orders: _Kind[PurchaseOrder] = _Kind(k.PURCHASE_ORDERS)
    quotes: _Kind[Quote] = _Kind(k.QUOTES)
    repeating_invoices: _Kind[RepeatingInvoice] = _Kind(k.REPEATING_INVOICES)
