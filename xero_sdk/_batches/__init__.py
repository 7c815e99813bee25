"""Batch saves of Accounting records with one outcome per record (see :mod:`xero_sdk.batches`)."""

from ._async import AsyncBatches, AsyncRecordBatches
from ._chunks import DEFAULT_CHUNK_SIZE, MAX_CONCURRENCY, BatchResponseError
from ._kinds import EXCLUDED_OPERATIONS, KINDS, BatchKind, Mode, Record
from ._outcomes import BatchError, BatchResult, ChunkResult, OutcomeStatus, RecordOutcome
from ._sync import Batches, RecordBatches

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
    "Record",
    "RecordBatches",
    "RecordOutcome",
]
