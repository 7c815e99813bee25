"""``org.batches`` on :class:`~xero_sdk.AsyncXero`: the async twin, chunks optionally concurrent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from xero_sdk._runtime.operation import RequestOptions

from ._base import BatchesBase, RecordBatchesBase
from ._chunks import CHUNK_ERRORS, DEFAULT_CHUNK_SIZE, BatchRun, Plan, check_concurrency, make_plan
from ._kinds import Mode, Record, kind_named
from ._outcomes import BatchResult

if TYPE_CHECKING:
    # named (quoted) in the base classes below, where ruff does not look
    from xero_sdk._generated.accounting.facade import AsyncAccountingApi  # type: ignore[import-not-found, unused-ignore]  # noqa: F401

__all__ = ["AsyncBatches", "AsyncRecordBatches"]

T = TypeVar("T")


async def run(api: Any, plan: Plan, *, stop_on_error: bool, concurrency: int) -> BatchResult[Any]:
    """Send the chunks, at most ``concurrency`` at a time, started in input order; each chunk is
    its own call of the generated operation (its own ``Idempotency-Key``, kept across retries)."""
    import asyncio  # only async callers pay for it

    state = BatchRun(plan, stop_on_error=stop_on_error)
    pending = state.calls(api)  # shared: each chunk is taken by exactly one worker

    async def worker() -> None:
        for chunk, call in pending:
            try:
                response = await call()
            except CHUNK_ERRORS as exc:
                state.failed(chunk, exc)
            else:
                state.succeeded(chunk, response)

    workers = [asyncio.ensure_future(worker()) for _ in range(min(concurrency, len(plan.chunks)))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return state.result()


class AsyncRecordBatches(RecordBatchesBase["AsyncAccountingApi", T]):
    """Batches of one kind, e.g. ``org.batches.invoices``: records may be models or plain mappings."""

    __slots__ = ()

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


class AsyncBatches(BatchesBase["AsyncAccountingApi"]):
    """The async twin of :class:`xero_sdk.batches.Batches`: ``await org.batches.save(records)``."""

    __slots__ = ()
    _record_batches = AsyncRecordBatches

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
