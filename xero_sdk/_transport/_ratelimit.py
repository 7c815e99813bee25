"""What Xero said about its rate limits, per tenant and for the whole app.

Every Xero response carries ``X-DayLimit-Remaining`` and ``X-MinLimit-Remaining`` (per
tenant) and ``X-AppMinLimit-Remaining`` (per app, across tenants). The tracker keeps the
latest values per tenant; ``org.rate_limits`` returns a :class:`RateLimits` snapshot.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

import attrs

DAY_HEADER = "X-DayLimit-Remaining"
MINUTE_HEADER = "X-MinLimit-Remaining"
APP_MINUTE_HEADER = "X-AppMinLimit-Remaining"


@attrs.frozen(slots=True)
class RateLimits:
    """Remaining requests as last reported by Xero (``None``: never reported)."""

    tenant_id: str | None
    day_remaining: int | None
    minute_remaining: int | None
    app_minute_remaining: int | None
    seen_at: datetime
    """When the response carrying these values arrived (UTC)."""


def int_header(headers: Mapping[str, str], name: str) -> int | None:
    """The integer value of header ``name`` (``None``: absent or not a number)."""
    raw = headers.get(name)  # httpx.Headers: case-insensitive
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        return None


_RATE_NAMES = {
    name.lower().encode(): i for i, name in enumerate((DAY_HEADER, MINUTE_HEADER, APP_MINUTE_HEADER))
}


def rate_headers(headers: Mapping[str, str]) -> tuple[int | None, int | None, int | None]:
    """The day, minute and app-minute values remaining that ``headers`` state (each ``None``
    when absent or not a number), as :func:`int_header` reads them. For ``httpx.Headers`` in one
    pass over the raw pairs instead of one scan per name; a repeated header is joined with
    ``", "`` as ``httpx.Headers`` joins it, so it is not a number either."""
    raw = getattr(headers, "raw", None)
    if raw is None:
        return (
            int_header(headers, DAY_HEADER),
            int_header(headers, MINUTE_HEADER),
            int_header(headers, APP_MINUTE_HEADER),
        )
    found: list[bytes | None] = [None, None, None]
    for name, value in raw:
        i = _RATE_NAMES.get(name.lower())
        if i is not None:
            seen = found[i]
            found[i] = value if seen is None else seen + b", " + value
    return _int(found[0]), _int(found[1]), _int(found[2])


def _int(raw: bytes | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)  # like int(str): surrounding whitespace is allowed
    except ValueError:
        return None


class RateLimitTracker:
    """Thread-safe store of the latest :class:`RateLimits` per tenant (one per client family)."""

    def __init__(self, wall_clock: Callable[[], float] | None = None) -> None:
        self._wall_clock = wall_clock or time.time
        self._lock = threading.Lock()
        self._by_tenant: dict[str | None, RateLimits] = {}
        self._app_seen: tuple[int, datetime] | None = None

    def record(self, tenant_id: str | None, headers: Mapping[str, str]) -> RateLimits | None:
        """Remember the values in ``headers`` (case-insensitive mapping); return the new snapshot."""
        return self.record_values(tenant_id, *rate_headers(headers))

    def record_values(
        self, tenant_id: str | None, day: int | None, minute: int | None, app_minute: int | None
    ) -> RateLimits | None:
        """:meth:`record` with the values already read (:func:`rate_headers`)."""
        if day is None and minute is None and app_minute is None:
            return None
        seen = datetime.fromtimestamp(self._wall_clock(), tz=timezone.utc)
        with self._lock:
            old = self._by_tenant.get(tenant_id)
            snap = RateLimits(
                tenant_id=tenant_id,
                day_remaining=day if day is not None else (old.day_remaining if old else None),
                minute_remaining=minute if minute is not None else (old.minute_remaining if old else None),
                app_minute_remaining=app_minute
                if app_minute is not None
                else (old.app_minute_remaining if old else None),
                seen_at=seen,
            )
            self._by_tenant[tenant_id] = snap
            if app_minute is not None:
                self._app_seen = (app_minute, seen)  # the snapshot is made when asked for
            return snap

    def get(self, tenant_id: str | None) -> RateLimits | None:
        with self._lock:
            return self._by_tenant.get(tenant_id)

    def app(self) -> RateLimits | None:
        """The app-wide minute budget, from the latest response of any tenant."""
        with self._lock:
            if self._app_seen is None:
                return None
            app_minute, seen = self._app_seen
            return RateLimits(None, None, None, app_minute, seen)

    def all(self) -> dict[str | None, RateLimits]:
        with self._lock:
            return dict(self._by_tenant)
