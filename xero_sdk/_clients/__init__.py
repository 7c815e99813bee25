"""The clients users construct: :class:`Xero` and :class:`AsyncXero`."""

from ._async import AsyncXero
from ._sync import Xero

__all__ = ["AsyncXero", "Xero"]
