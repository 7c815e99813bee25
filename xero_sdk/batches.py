"""Save any number of Accounting records in chunks, with every record's outcome in input order.

::

    from xero_sdk.accounting import Invoice
    from xero_sdk.batches import BatchError

    result = org.batches.save(invoices, mode="create_or_update", chunk_size=50)
    for outcome in result:              # one per input, in input order
        if not outcome.ok:
            print(outcome.index, outcome.status, outcome.errors or outcome.exception)
    saved: list[Invoice] = result.raise_for_errors().saved

    org.batches.contacts.save([{"Name": "Acme"}], mode="create_or_update")   # plain mappings
    await async_org.batches.save(invoices, concurrency=3)                   # AsyncXero

Each chunk is one request with ``summarizeErrors=false`` and its own ``Idempotency-Key`` (kept
across that request's retries). A chunk that fails as a whole (network error after retries,
5xx, 429 beyond the retry budget, a 400 without per-record detail) marks its records ``FAILED``
with the exception; the other chunks' results stand and later chunks still run.
"""

from xero_sdk._batches._async import AsyncBatches, AsyncRecordBatches
from xero_sdk._batches._chunks import DEFAULT_CHUNK_SIZE, MAX_CONCURRENCY
from xero_sdk._batches._kinds import EXCLUDED_OPERATIONS, KINDS, BatchKind, Mode
from xero_sdk._batches._outcomes import BatchResult, ChunkResult, OutcomeStatus, RecordOutcome
from xero_sdk._batches._sync import Batches, RecordBatches
from xero_sdk._runtime.lazy import module_dir
from xero_sdk.errors import BatchError, BatchResponseError

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "EXCLUDED_OPERATIONS",
    "KINDS",
    "MAX_CONCURRENCY",
    "AsyncBatches",
    "AsyncRecordBatches",
    "BatchError",
    "BatchKind",
    "BatchResponseError",
    "BatchResult",
    "Batches",
    "ChunkResult",
    "Mode",
    "OutcomeStatus",
    "RecordBatches",
    "RecordOutcome",
]
__dir__ = module_dir(__all__)
