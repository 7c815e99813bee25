"""Xero's rate-limit rules shared by the local Xero, the shared-state tests' limited server and
the benchmarks' server: fixed windows (Xero's) against rolling ones, the order limits are
checked in, Retry-After, and the remaining-calls headers."""

from __future__ import annotations

from xero_sdk.testing._limits import Limits, Refusal


def limits(
    *,
    rolling: bool,
    concurrent: int | None = None,
    per_day: int | None = None,
    app_per_minute: int | None = None,
) -> Limits:
    """Three calls a 10-second minute, and the other limits as given."""
    return Limits(
        concurrent=concurrent,
        per_minute=3,
        per_day=per_day,
        app_per_minute=app_per_minute,
        minute=10.0,
        rolling=rolling,
    )


def fill(rules: Limits, tenant: str, times: list[float]) -> None:
    for now in times:
        assert rules.enter(tenant, now) is None
        rules.leave(tenant)


def test_a_fixed_window_empties_at_once_a_rolling_one_call_by_call() -> None:
    fixed, rolling = limits(rolling=False), limits(rolling=True)
    for rules in (fixed, rolling):
        fill(rules, "t", [0.0, 4.0, 8.0])
    # the fixed window started at 0 and ends at 10: all three calls leave together
    assert fixed.enter("t", 9.0) == Refusal("minute", 1)
    fill(fixed, "t", [10.0, 10.5, 11.0])
    # the rolling window frees one call 10 s after each arrival
    assert rolling.enter("t", 9.0) == Refusal("minute", 1)
    fill(rolling, "t", [10.0])
    assert rolling.enter("t", 10.5) == Refusal("minute", 4)  # the call of 4.0 leaves at 14.0
    fill(rolling, "t", [14.0])


def test_refused_calls_are_not_counted_and_tenants_are_apart() -> None:
    rules = limits(rolling=True)
    fill(rules, "t", [0.0, 1.0, 2.0])
    for now in (3.0, 4.0, 5.0):
        assert rules.enter("t", now) is not None
    fill(rules, "u", [5.0, 5.0, 5.0])
    fill(rules, "t", [10.0])
    assert rules.remaining("t", 10.0)["X-MinLimit-Remaining"] == "0"  # 1.0, 2.0 and 10.0


def test_limits_are_checked_concurrent_day_minute_then_app() -> None:
    rules = limits(rolling=False, concurrent=1, per_day=2, app_per_minute=2)
    assert rules.enter("t", 0.0) is None
    assert rules.enter("t", 0.0) == Refusal("concurrent", None)  # no Retry-After for concurrency
    rules.leave("t")
    assert rules.enter("u", 0.0) is None
    rules.leave("u")
    assert rules.enter("v", 1.0) == Refusal("appminute", 9)
    assert rules.enter("t", 20.0) is None
    rules.leave("t")
    assert rules.enter("t", 40.0) == Refusal("day", 86400 - 40)


def test_headers_say_the_problem_and_retry_after_and_what_is_left() -> None:
    assert Refusal("minute", 7).headers() == {"X-Rate-Limit-Problem": "minute", "Retry-After": "7"}
    assert Refusal("concurrent", None).headers() == {"X-Rate-Limit-Problem": "concurrent"}
    rules = limits(rolling=True, per_day=5, app_per_minute=100)
    fill(rules, "t", [0.0, 1.0])
    assert rules.remaining("t", 1.0) == {
        "X-DayLimit-Remaining": "3",
        "X-MinLimit-Remaining": "1",
        "X-AppMinLimit-Remaining": "98",
    }
    # a limit that is off reports the configured headroom
    off = Limits(
        concurrent=None, per_minute=None, per_day=None, app_per_minute=None, minute=1.0, rolling=True
    )
    fill(off, "t", [0.0] * 100)
    assert off.remaining("t", 0.0) == {
        "X-DayLimit-Remaining": "4999",
        "X-MinLimit-Remaining": "59",
        "X-AppMinLimit-Remaining": "9999",
    }
