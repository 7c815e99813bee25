"""The clients users construct: :class:`Xero` and :class:`AsyncXero`.

Each is imported on first use, so a synchronous program never loads asyncio's machinery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xero_sdk._runtime.lazy import lazy_module

if TYPE_CHECKING:
    from ._async import AsyncXero
    from ._sync import Xero

__all__ = ["AsyncXero", "Xero"]

if not TYPE_CHECKING:  # mypy sees the imports above, never a catch-all __getattr__
    __getattr__, __dir__ = lazy_module(__name__, {"AsyncXero": "_async", "Xero": "_sync"})
