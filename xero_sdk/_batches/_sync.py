"""``org.batches`` on :class:`~xero_sdk.Xero`: save any number of records, one request per chunk."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from xero_sdk._runtime.operation import RequestOptions

from ._base import BatchesBase, RecordBatchesBase
from ._chunks import CHUNK_ERRORS, DEFAULT_CHUNK_SIZE, BatchRun, Plan, make_plan
from ._kinds import Mode, Record, kind_named
from ._outcomes import BatchResult

if TYPE_CHECKING:
    # named (quoted) in the base classes below, where ruff does not look
    from xero_sdk._generated.accounting.facade import AccountingApi  # type: ignore[import-not-found, unused-ignore]  # noqa: F401

__all__ = ["Batches", "RecordBatches"]

T = TypeVar("T")


def run(api: Any, plan: Plan, *, stop_on_error: bool) -> BatchResult[Any]:
    """Send the chunks in order, each as its own call of the generated operation (so each has
    its own ``Idempotency-Key``, kept across that call's retries)."""
    state = BatchRun(plan, stop_on_error=stop_on_error)
    for chunk, call in state.calls(api):
        try:
            response = call()
        except CHUNK_ERRORS as exc:
            state.failed(chunk, exc)
        else:
            state.succeeded(chunk, response)
    return state.result()


class RecordBatches(RecordBatchesBase["AccountingApi", T]):
    """Batches of one kind, e.g. ``org.batches.invoices``: records may be models or plain mappings
    of Xero's JSON (``{"Type": "ACCREC", ...}``)."""

    __slots__ = ()

    def save(
        self,
        records: Iterable[T | Mapping[str, Any]],
        *,
        mode: Mode = "create",
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        stop_on_error: bool = False,
        unitdp: int | None = None,
        idempotency_key: str | None = None,
        options: RequestOptions | None = None,
    ) -> BatchResult[T]:
        """Create (``mode="create"``, ``PUT``) or update-or-create (``"create_or_update"``,
        ``POST``) every record, ``chunk_size`` per request, each request with
        ``summarizeErrors=false``.

        Returns every record's outcome in input order: saved (``OK``/``WARNING``, with the record
        as Xero returned it), refused (``ERROR``, with Xero's messages), ``FAILED`` when its whole
        request failed (a network error after retries, a 5xx, a 429 beyond the retry budget: the
        other chunks still run), or ``SKIPPED``. ``stop_on_error=True`` sends no further chunk
        after one with any record not saved. ``idempotency_key`` (optional) is a prefix: chunk
        ``n`` (from 1) is sent with ``<prefix>-<n>``, so re-running the same batch after a crash
        cannot save a chunk twice; by default each chunk gets a random key. ``unitdp=4`` keeps
        four-decimal unit amounts (invoices, credit notes, bank transactions, items).
        ``options`` applies to every request (``max_retries``, ``timeout``, ``extra_headers``).
        """
        plan = make_plan(
            self.kind,
            records,
            mode=mode,
            chunk_size=chunk_size,
            unitdp=unitdp,
            idempotency_key=idempotency_key,
            options=options,
        )
        return run(self._api, plan, stop_on_error=stop_on_error)


class Batches(BatchesBase["AccountingApi"]):
    """Save many Accounting records with per-record outcomes: ``org.batches``.

    ::

        result = org.batches.save(invoices, mode="create_or_update")   # kind from the type
        for outcome in result.failed:
            print(outcome.index, outcome.status, outcome.errors)
        saved = result.raise_for_errors().saved

        org.batches.contacts.save([{"Name": "Acme"}, {"Name": "Globex"}])  # mappings too
    """

    __slots__ = ()
    _record_batches = RecordBatches

    def save(
        self,
        records: Iterable[Record],
        *,
        mode: Mode = "create",
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        stop_on_error: bool = False,
        unitdp: int | None = None,
        idempotency_key: str | None = None,
        options: RequestOptions | None = None,
    ) -> BatchResult[Record]:
        """Save Accounting models of one kind, inferred from their type (``Invoice`` ->
        invoices). Arguments and result as for :meth:`RecordBatches.save`; records of different
        kinds raise ``TypeError`` before anything is sent."""
        plan = make_plan(
            None,
            records,
            mode=mode,
            chunk_size=chunk_size,
            unitdp=unitdp,
            idempotency_key=idempotency_key,
            options=options,
        )
        return run(self._api, plan, stop_on_error=stop_on_error)

    def of(self, name: str) -> RecordBatches[Any]:
        """The batches of the kind called ``name`` (``"invoices"``), for code choosing at run time."""
        return RecordBatches(self._api, kind_named(name))
