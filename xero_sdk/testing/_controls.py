"""What a test turns on around the API: injected faults, Xero's rate limits, Idempotency-Key
replay, and signed webhooks."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from ._http import Answer, Request, problem
from ._limits import Limits

__all__ = ["Fault", "Idempotency", "RateLimits", "Webhooks"]


@dataclasses.dataclass
class Fault:
    """One injected failure, for the next ``times`` requests matching ``method``, ``path`` (a
    regular expression searched in the path) and ``query`` (parameters the request must carry with
    these values, such as ``{"page": "3"}``); None matches all.

    ``status`` answers that status instead (429 with ``Retry-After`` and
    ``X-Rate-Limit-Problem``, 5xx with Xero's problem body); ``delay`` seconds are slept before
    answering (slow answers, client timeouts); ``drop`` closes the connection without an answer;
    ``expire_token`` expires every access token first (the request meets a 401 TokenExpired).
    """

    status: int | None = None
    times: int | None = 1
    method: str | None = None
    path: str | None = None
    delay: float = 0.0
    drop: bool = False
    expire_token: bool = False
    retry_after: int = 1
    problem: str = "minute"
    hits: int = 0
    query: Mapping[str, str] | None = None

    def matches(self, request: Request) -> bool:
        """Whether this fault applies to ``request``: it has hits left and its method and path match."""
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method.upper() != request.method:
            return False
        if self.query is not None and any(request.query.get(k) != v for k, v in self.query.items()):
            return False
        return self.path is None or re.search(self.path, request.path, re.IGNORECASE) is not None

    def answer(self) -> Answer | None:
        """The injected answer (429 with its rate-limit headers, or a 5xx problem), or ``None`` when the fault
        sets no ``status``."""
        if self.status is None:
            return None
        if self.status == 429:
            headers = {"X-Rate-Limit-Problem": self.problem}
            if self.problem in ("minute", "day"):
                headers["Retry-After"] = str(self.retry_after)
            return Answer(429, None, headers)
        titles = {
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
            504: "Gateway Timeout",
        }
        return problem(self.status, titles.get(self.status, "Error"), "Injected by the local Xero")


@dataclasses.dataclass
class RateLimits:
    """Xero's limits, off unless given: ``concurrent`` calls in flight and ``per_minute`` /
    ``per_day`` per tenant, ``app_per_minute`` across tenants, in Xero's fixed windows (the rules
    are :class:`~xero_sdk.testing._limits.Limits`). ``minute`` and ``day`` are the window lengths in
    seconds, shortened in tests (``RateLimits(per_minute=3, minute=0.5)``)."""

    concurrent: int = 5
    per_minute: int = 60
    per_day: int = 5000
    app_per_minute: int = 10000
    minute: float = 60.0
    day: float = 86400.0
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._limits = Limits(
            concurrent=self.concurrent,
            per_minute=self.per_minute,
            per_day=self.per_day,
            app_per_minute=self.app_per_minute,
            minute=self.minute,
            day=self.day,
            rolling=False,
        )

    def enter(self, tenant: str) -> Answer | None:
        """Count a call (None) or refuse it with Xero's 429."""
        with self._lock:
            now = self.clock()
            refusal = self._limits.enter(tenant, now)
            if refusal is None:
                return None
            return Answer(429, None, {**refusal.headers(), **self._limits.remaining(tenant, now)})

    def leave(self, tenant: str) -> None:
        """A call counted by :meth:`enter` has finished: it is no longer in flight."""
        with self._lock:
            self._limits.leave(tenant)

    def headers(self, tenant: str) -> dict[str, str]:
        """The ``X-*Limit-Remaining`` headers Xero sends on every answer."""
        with self._lock:
            return self._limits.remaining(tenant, self.clock())


class Idempotency:
    """A repeated ``Idempotency-Key`` (per tenant) gets the first answer again; the same key with a
    different request gets Xero's 400."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[str, Answer]] = {}

    @staticmethod
    def fingerprint(request: Request) -> str:
        return hashlib.sha256(f"{request.method} {request.target}\n".encode() + request.body).hexdigest()

    def replay(self, tenant: str, key: str, request: Request) -> Answer | None:
        if len(key) > 128:
            return Answer(
                400,
                {
                    "ErrorNumber": 10,
                    "Type": "ValidationException",
                    "Message": "Idempotency-Key must be at most 128 characters",
                    "Elements": [],
                },
            )
        seen = self._seen.get((tenant, key))
        if seen is None:
            return None
        fingerprint, answer = seen
        if fingerprint != self.fingerprint(request):
            return Answer(
                400,
                {
                    "ErrorNumber": 10,
                    "Type": "ValidationException",
                    "Message": f"Idempotency Key: {key} is used with a different request.",
                    "Elements": [],
                },
            )
        return dataclasses.replace(answer, headers={**answer.headers, "Idempotent-Replayed": "true"})

    def remember(self, tenant: str, key: str, request: Request, answer: Answer) -> None:
        self._seen[(tenant, key)] = (self.fingerprint(request), answer)


Deliver = Callable[[bytes, Mapping[str, str]], int]


class Webhooks:
    """Signed deliveries of what changed, as Xero sends them: on subscribing, the
    intent-to-receive check (one correctly signed post with no events that must be answered 200,
    one wrongly signed that must be answered 401); then, when it passed, one post per change.
    ``deliver`` posts the raw body and headers and returns the receiver's status."""

    def __init__(self, key: str, deliver: Deliver) -> None:
        self.key = key
        self._deliver = deliver
        self.sequence = 0
        self.delivered: list[dict[str, Any]] = []
        self.active = self._intent_to_receive()

    def sign(self, body: bytes) -> str:
        """The ``x-xero-signature`` of ``body``: base64 of its HMAC-SHA256 under the webhook key."""
        return base64.b64encode(hmac.new(self.key.encode(), body, hashlib.sha256).digest()).decode()

    def _post(self, payload: Mapping[str, Any], *, good_signature: bool = True) -> int:
        body = json.dumps(payload, separators=(",", ":")).encode()
        signature = self.sign(body) if good_signature else self.sign(body + b"x")
        return self._deliver(body, {"Content-Type": "application/json", "x-xero-signature": signature})

    def _intent_to_receive(self) -> bool:
        empty = {
            "events": [],
            "firstEventSequence": 0,
            "lastEventSequence": 0,
            "entropy": secrets.token_hex(10).upper(),
        }
        return self._post(empty) == 200 and self._post(empty, good_signature=False) == 401

    def send(self, base_url: str, tenant_id: str, events: list[tuple[str, str, str]]) -> None:
        """Deliver one signed post for ``events`` (``(category, event type, resource id)``), numbered on from
        the last sequence; nothing if the receiver failed the intent-to-receive check."""
        if not self.active or not events:
            return
        first = self.sequence + 1
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        items = []
        for category, kind, resource_id in events:
            self.sequence += 1
            collection = {"INVOICE": "Invoices", "CONTACT": "Contacts", "CREDITNOTE": "CreditNotes"}[category]
            items.append(
                {
                    "resourceUrl": f"{base_url}/api.xro/2.0/{collection}/{resource_id}",
                    "resourceId": resource_id,
                    "eventDateUtc": now,
                    "eventType": kind,
                    "eventCategory": category,
                    "tenantId": tenant_id,
                    "tenantType": "ORGANISATION",
                }
            )
        payload = {
            "events": items,
            "firstEventSequence": first,
            "lastEventSequence": self.sequence,
            "entropy": secrets.token_hex(10).upper(),
        }
        self.delivered.append(payload)
        self._post(payload)
