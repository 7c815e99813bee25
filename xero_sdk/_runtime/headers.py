"""The header names Xero's answers carry, and the parsing of the values errors report.

A leaf module (standard library only): the transport and ``xero_sdk.errors`` both read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timezone

#: Header carrying the organisation. Xero's documents spell it ``xero-tenant-id`` and
#: ``Xero-Tenant-Id``; HTTP header names are case-insensitive, so one constant serves all.
TENANT_HEADER = "xero-tenant-id"
CORRELATION_HEADER = "Xero-Correlation-Id"


def parse_retry_after(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date), else ``None``.

    ``headers`` must look names up case-insensitively (``httpx.Headers`` does)."""
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = when.timestamp() - now
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)
