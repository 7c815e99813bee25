"""The egress meter: bytes received from Xero, per tenant and per API.

From 2 March 2026 Xero bills data egress above a monthly allowance per app tier
(Xero's developer pricing, 2026). Every response a client family receives is counted here once
its body has been read, streamed downloads included: the bytes as they came over the network
(``httpx``'s ``num_bytes_downloaded``: compressed when Xero compressed them), for every
attempt, retries and errors too, since each is billed. The meter is shared by a client and its
``for_tenant`` / ``with_options`` clones, and each count is also handed to the client's
``on_egress`` hooks as an :class:`Egress`.
"""

from __future__ import annotations

import threading
from collections import Counter
from uuid import UUID

import attrs

__all__ = ["Egress", "EgressMeter"]


@attrs.frozen(slots=True)
class Egress:
    """One response's bytes, as reported to ``on_egress`` hooks."""

    tenant_id: str | None
    """The tenant the request was for (``None``: Identity, App Store, client credentials)."""
    api: str
    """The API key (``accounting``, ``payroll_uk``, ``connections``...)."""
    operation_id: str
    status: int
    bytes: int


class EgressMeter:
    """Thread-safe byte counts of everything a client family received."""

    __slots__ = ("_by_tenant_api", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_tenant_api: Counter[tuple[str | None, str]] = Counter()

    def record(self, event: Egress) -> None:
        """Add the bytes of one answer to its tenant's and API's count."""
        with self._lock:
            self._by_tenant_api[event.tenant_id, event.api] += event.bytes

    @property
    def total(self) -> int:
        """Bytes received in all."""
        with self._lock:
            return sum(self._by_tenant_api.values())

    def by_tenant(self) -> dict[str | None, int]:
        """Bytes received per tenant id (``None`` for calls made without one)."""
        out: Counter[str | None] = Counter()
        with self._lock:
            for (tenant, _api), n in self._by_tenant_api.items():
                out[tenant] += n
        return dict(out)

    def by_api(self, tenant_id: UUID | str | None = None) -> dict[str, int]:
        """Bytes received per API, for every tenant or for ``tenant_id`` only (a ``UUID`` or its
        text, as every tenant-taking call accepts)."""
        tenant_id = _text(tenant_id)
        out: Counter[str] = Counter()
        with self._lock:
            for (tenant, api), n in self._by_tenant_api.items():
                if tenant_id is None or tenant == tenant_id:
                    out[api] += n
        return dict(out)

    def tenant(self, tenant_id: UUID | str | None) -> int:
        """Bytes received for one tenant (a ``UUID`` or its text)."""
        tenant_id = _text(tenant_id)
        with self._lock:
            return sum(n for (tenant, _api), n in self._by_tenant_api.items() if tenant == tenant_id)

    def reset(self) -> None:
        """Start counting from zero (e.g. at the start of a billing month)."""
        with self._lock:
            self._by_tenant_api.clear()

    def __repr__(self) -> str:
        return f"EgressMeter(total={self.total}, by_api={self.by_api()})"


def _text(tenant_id: UUID | str | None) -> str | None:
    """The tenant id as the meter keys it: the text the request carried."""
    return None if tenant_id is None else str(tenant_id)
