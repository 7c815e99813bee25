"""The retry policy: what is retried, how long to wait, when to give up at once.

I/O-free: the loops in ``_sync`` / ``_async`` ask it and do the sleeping.

- Retried: HTTP 429, 502, 503, 504, connection errors and timeouts, but only for requests
  that are safe to repeat: GET, HEAD, OPTIONS and DELETE, and POST/PUT/PATCH carrying an
  ``Idempotency-Key`` header.
- Wait: ``Retry-After`` (seconds or an HTTP-date) when the response has it, at least
  ``min_retry_after`` (default 1 s) and up to ``max_retry_after`` (default 60 s). A longer ``Retry-After`` (Xero's daily limit says
  hours) is not slept on: the error is raised at once. Without ``Retry-After``: exponential
  back-off from ``base_delay`` (0.5 s) to ``max_delay`` (8 s) with jitter.
- Never retried: a 429 or 503 whose ``X-Rate-Limit-Problem`` is ``day`` (no retry can succeed
  before the daily quota resets), with or without ``Retry-After``.
- Jitter: ``"decorrelated"`` (default: each wait is uniform between the base and three
  times the previous wait, so a retry never fires immediately, which matters for Xero's
  "5 concurrent" 429 that carries no Retry-After), ``"full"`` (uniform between 0 and the
  exponential value) or ``"none"``.
"""

from __future__ import annotations

import random
from typing import Literal

import attrs

Jitter = Literal["decorrelated", "full", "none"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 128
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


def is_safe_to_repeat(method: str, idempotency_key: str | None) -> bool:
    """Whether sending the request twice cannot do the work twice: a safe method, or a
    non-empty ``Idempotency-Key`` (the value the request carries)."""
    return method.upper() in SAFE_METHODS or bool(idempotency_key)


@attrs.frozen(slots=True)
class RetryPolicy:
    """How requests are retried; one per client, shared by its clones."""

    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """Longest ``Retry-After`` the client will sleep on; beyond it the error is raised at once."""
    min_retry_after: float = 1.0
    """Shortest wait on a ``Retry-After``: ``0``, a negative value or a date in the past would
    otherwise resend at once, over and over."""
    jitter: Jitter = "decorrelated"
    retry_statuses: frozenset[int] = RETRYABLE_STATUSES
    rng: random.Random = attrs.field(factory=random.Random, eq=False, repr=False)
    """Source of jitter; pass ``random.Random(seed)`` (or a stub) for reproducible waits."""

    def backoff(self, retry_number: int, previous: float | None) -> float:
        """Wait before retry ``retry_number`` (1 for the first retry) without ``Retry-After``."""
        exponential = min(self.max_delay, self.base_delay * (2.0 ** max(0, retry_number - 1)))
        if self.jitter == "none":
            return exponential
        if self.jitter == "full":
            return self.rng.uniform(0.0, exponential)
        upper = max(self.base_delay, (previous if previous is not None else self.base_delay) * 3)
        return min(self.max_delay, self.rng.uniform(self.base_delay, upper))

    def retryable_status(self, status: int) -> bool:
        """Whether an answer with ``status`` may be retried (it is in ``retry_statuses``)."""
        return status in self.retry_statuses
