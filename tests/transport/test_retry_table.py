"""The retry table: every row runs on the sync and the async client (parity)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from xero_sdk._runtime.headers import parse_retry_after
from xero_sdk._runtime.operation import RequestOptions
from xero_sdk._transport._retry import RetryPolicy
from xero_sdk.errors import (
    APIConnectionError,
    APITimeoutError,
    InvalidTokenError,
    RateLimitError,
    ServerError,
    TokenExpiredError,
)

from .conftest import NEW_ACCESS_TOKEN, Harness, Script, get_request, post_request

OK = httpx.Response(200, json={"ok": True})


def r429(retry_after: str | None = None, problem: str = "Minute") -> httpx.Response:
    headers = {"X-Rate-Limit-Problem": problem}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return httpx.Response(429, headers=headers)


def conn_reset() -> Exception:
    return httpx.ReadError("[Errno 104] Connection reset by peer")


TOKEN_EXPIRED: dict[str, Any] = {
    "Type": None,
    "Title": "Unauthorized",
    "Status": 401,
    "Detail": "TokenExpired: token expired at 04/09/2023 05:16:59",
    "Instance": "c4b4fd2d-0bb1-4e51-a4c4-0b5b7a5f9f0a",
    "Extensions": {},
}

# (id, request factory, steps, expected attempts, expected sleeps, expected result or error class)
# With MaxRng, decorrelated jitter waits are: 1.5, 4.5, 8 (cap), 8...
TABLE: list[tuple[str, Any, list[Any], int, list[float], Any]] = [
    ("429 with Retry-After", get_request, [r429("3"), OK], 2, [3.0], {"ok": True}),
    (
        "429 without Retry-After (concurrent)",
        get_request,
        [r429(None, "Concurrent"), OK],
        2,
        [1.5],
        {"ok": True},
    ),
    ("429 Retry-After above cap: raise at once", get_request, [r429("3600", "Day")], 1, [], RateLimitError),
    ("429 twice then ok", get_request, [r429("1"), r429("2"), OK], 3, [1.0, 2.0], {"ok": True}),
    ("429 exhausts retries", get_request, [r429("1"), r429("1"), r429("1")], 3, [1.0, 1.0], RateLimitError),
    ("503", get_request, [httpx.Response(503), OK], 2, [1.5], {"ok": True}),
    ("502", get_request, [httpx.Response(502), OK], 2, [1.5], {"ok": True}),
    ("504", get_request, [httpx.Response(504), OK], 2, [1.5], {"ok": True}),
    (
        "503 with Retry-After",
        get_request,
        [httpx.Response(503, headers={"Retry-After": "7"}), OK],
        2,
        [7.0],
        {"ok": True},
    ),
    ("5xx exhausts retries", get_request, [httpx.Response(503)] * 3, 3, [1.5, 4.5], ServerError),
    ("500 not retried", get_request, [httpx.Response(500)], 1, [], ServerError),
    ("connection reset", get_request, [conn_reset(), OK], 2, [1.5], {"ok": True}),
    ("ConnectError", get_request, [httpx.ConnectError("refused"), OK], 2, [1.5], {"ok": True}),
    (
        "ConnectError exhausts",
        get_request,
        [httpx.ConnectError("refused")] * 3,
        3,
        [1.5, 4.5],
        APIConnectionError,
    ),
    ("ReadTimeout", get_request, [httpx.ReadTimeout("slow"), OK], 2, [1.5], {"ok": True}),
    ("ReadTimeout exhausts", get_request, [httpx.ReadTimeout("slow")] * 3, 3, [1.5, 4.5], APITimeoutError),
    (
        "server disconnected",
        get_request,
        [httpx.RemoteProtocolError("Server disconnected"), OK],
        2,
        [1.5],
        {"ok": True},
    ),
    (
        "DELETE retried",
        lambda: get_request(method="DELETE", operation_id="deleteX"),
        [httpx.Response(503), OK],
        2,
        [1.5],
        {"ok": True},
    ),
    (
        "POST without idempotency support: no retry",
        lambda: post_request(method="POST", idempotent_key_header=False),
        [httpx.Response(503)],
        1,
        [],
        ServerError,
    ),
    (
        "POST without idempotency support: no retry on timeout",
        lambda: post_request(method="POST", idempotent_key_header=False),
        [httpx.ReadTimeout("slow")],
        1,
        [],
        APITimeoutError,
    ),
    (
        "PUT with SDK key retried",
        post_request,
        [httpx.Response(503), r429("2"), OK],
        3,
        [1.5, 2.0],
        {"ok": True},
    ),
    (
        "401 TokenExpired: one refresh, no sleep",
        get_request,
        [httpx.Response(401, json=TOKEN_EXPIRED), OK],
        2,
        [],
        {"ok": True},
    ),
    (
        "401 TokenExpired twice: one refresh then raise",
        get_request,
        [httpx.Response(401, json=TOKEN_EXPIRED)] * 2,
        2,
        [],
        TokenExpiredError,
    ),
    (
        "401 AuthorizationUnsuccessful: no refresh",
        get_request,
        [httpx.Response(401, json={**TOKEN_EXPIRED, "Detail": "AuthorizationUnsuccessful"})],
        1,
        [],
        InvalidTokenError,
    ),
    (
        "refresh does not use up retries",
        get_request,
        [httpx.Response(401, json=TOKEN_EXPIRED), httpx.Response(503), httpx.Response(503), OK],
        4,
        [1.5, 4.5],
        {"ok": True},
    ),
    (
        "POST without key after 401: resent once (401 means not processed)",
        lambda: post_request(method="POST", idempotent_key_header=False),
        [httpx.Response(401, json=TOKEN_EXPIRED), OK],
        2,
        [],
        {"ok": True},
    ),
]


@pytest.mark.parametrize(
    ("factory", "steps", "attempts", "sleeps", "expected"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_retry_table(
    harness: Harness, factory: Any, steps: list[Any], attempts: int, sleeps: list[float], expected: Any
) -> None:
    script = Script(steps)
    client = harness.client(script)
    if isinstance(expected, type):
        with pytest.raises(expected):
            harness.request(client, factory())
    else:
        assert harness.request(client, factory()) == expected
    assert script.attempts == attempts
    assert harness.sleeps == sleeps


def test_rate_limit_error_fields(harness: Harness) -> None:
    client = harness.client(Script([r429("3600", "Day")]))
    with pytest.raises(RateLimitError) as info:
        harness.request(client, get_request())
    assert info.value.problem == "day"
    assert info.value.retry_after == 3600
    assert "limit 'day'" in str(info.value) and "getInvoices" in str(info.value)


def test_retry_after_http_date(harness: Harness) -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=20)
    script = Script([r429(format_datetime(when, usegmt=True)), OK])
    client = harness.client(script)
    assert harness.request(client, get_request()) == {"ok": True}
    assert len(harness.sleeps) == 1 and 17 <= harness.sleeps[0] <= 20


def test_refresh_sends_new_token(harness: Harness) -> None:
    script = Script([httpx.Response(401, json=TOKEN_EXPIRED), OK])
    client = harness.client(script)
    harness.request(client, get_request())
    assert harness.tokens.refreshes == ["at-SECRET-0001"]
    assert script.requests[1].headers["Authorization"] == f"Bearer {NEW_ACCESS_TOKEN}"


def test_sdk_idempotency_key_same_on_every_attempt(harness: Harness) -> None:
    script = Script([httpx.Response(503), httpx.ReadTimeout("slow"), OK])
    client = harness.client(script)
    harness.request(client, post_request())
    keys = [r.headers.get("Idempotency-Key") for r in script.requests]
    assert len(keys) == 3 and keys[0] and len(set(keys)) == 1
    # a new logical call gets a new key
    script.steps = [OK]
    harness.request(client, post_request())
    assert script.requests[3].headers["Idempotency-Key"] != keys[0]


@pytest.mark.parametrize("where", ["options", "headers"])
def test_user_idempotency_key_kept(harness: Harness, where: str) -> None:
    script = Script([httpx.Response(503), OK])
    client = harness.client(script)
    if where == "options":
        harness.request(client, post_request(), RequestOptions(idempotency_key="my-key-1"))
    else:
        harness.request(client, post_request(headers={"Idempotency-Key": "my-key-1"}))
    assert [r.headers["Idempotency-Key"] for r in script.requests] == ["my-key-1", "my-key-1"]


def test_user_key_makes_plain_post_retryable(harness: Harness) -> None:
    script = Script([httpx.Response(503), OK])
    client = harness.client(script)
    req = post_request(method="POST", idempotent_key_header=False)
    harness.request(client, req, RequestOptions(idempotency_key="k"))
    assert script.attempts == 2


def test_max_retries_per_client(harness: Harness) -> None:
    script = Script([httpx.Response(503)] * 10)
    client = harness.client(script, max_retries=0)
    with pytest.raises(ServerError):
        harness.request(client, get_request())
    assert script.attempts == 1 and harness.sleeps == []


def test_max_retries_per_call(harness: Harness) -> None:
    script = Script([httpx.Response(503)] * 4 + [OK])
    client = harness.client(script)
    harness.request(client, get_request(), RequestOptions(max_retries=4))
    assert script.attempts == 5
    assert harness.sleeps == [1.5, 4.5, 8.0, 8.0]


def test_max_retries_with_options_clone(harness: Harness) -> None:
    script = Script([httpx.Response(503)] * 10)
    client = harness.client(script)
    with pytest.raises(ServerError):
        harness.request(client.with_options(max_retries=1), get_request())
    assert script.attempts == 2
    assert client.max_retries == 2


def test_retry_after_cap_configurable(harness: Harness) -> None:
    script = Script([r429("90"), OK])
    client = harness.client(script, retry_policy=RetryPolicy(max_retry_after=120))
    harness.request(client, get_request())
    assert harness.sleeps == [90.0]


def test_seeded_full_jitter(harness: Harness) -> None:
    script = Script([httpx.Response(503)] * 3 + [OK])
    policy = RetryPolicy(jitter="full", rng=random.Random(7))
    client = harness.client(script, retry_policy=policy, max_retries=3)
    harness.request(client, get_request())
    expected = random.Random(7)
    assert harness.sleeps == [expected.uniform(0, 0.5), expected.uniform(0, 1.0), expected.uniform(0, 2.0)]


@pytest.mark.parametrize(
    ("jitter", "retry", "previous", "low", "high"),
    [
        ("none", 1, None, 0.5, 0.5),
        ("none", 3, None, 2.0, 2.0),
        ("none", 10, None, 8.0, 8.0),
        ("full", 2, None, 0.0, 1.0),
        ("full", 9, None, 0.0, 8.0),
        ("decorrelated", 1, None, 0.5, 1.5),
        ("decorrelated", 2, 1.0, 0.5, 3.0),
        ("decorrelated", 5, 7.0, 0.5, 8.0),
    ],
)
def test_backoff_bounds(jitter: Any, retry: int, previous: float | None, low: float, high: float) -> None:
    policy = RetryPolicy(jitter=jitter, rng=random.Random(1))
    for _ in range(200):
        delay = policy.backoff(retry, previous)
        assert low <= delay <= high


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("12", 12.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_retry_after(value: str, expected: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=timezone.utc).timestamp()
    assert parse_retry_after(httpx.Headers({"Retry-After": value}), now) == expected


def test_parse_retry_after_absent() -> None:
    assert parse_retry_after(httpx.Headers(), 0.0) is None
