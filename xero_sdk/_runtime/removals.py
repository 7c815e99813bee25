"""Warnings for operations Xero has announced it will remove."""

from __future__ import annotations

import warnings

__all__ = ["warn_removal"]


def warn_removal(operation_id: str, when: str) -> None:
    """Warn the caller of a generated method (two frames up) that Xero removes it in ``when``."""
    warnings.warn(
        f"{operation_id}: Xero removes this operation in {when} (classic expense claims and "
        "receipts are retired in favour of Xero Expenses); move off it before then",
        DeprecationWarning,
        stacklevel=3,
    )
