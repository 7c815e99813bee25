"""Batch saves of Accounting records with one outcome per record.

The public names are re-exported by :mod:`xero_sdk.batches`; the clients take their
``org.batches`` from here.
"""

from ._async import AsyncBatches
from ._sync import Batches

__all__ = ["AsyncBatches", "Batches"]
