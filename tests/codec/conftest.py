"""Run the date tests under several host time zones in one pytest run.

``host_tz`` is parametrised over UTC, Pacific/Auckland (UTC+12/+13, the other side of the date
line from most users' servers) and America/Los_Angeles (UTC-8/-7), plus whatever ``TZ`` the run
was started with, if it is another one. It sets ``os.environ["TZ"]``, calls ``time.tzset()``
and restores both afterwards. It is module-scoped so that hypothesis tests may use it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from xero_sdk._runtime.codec import dates

HOST_ZONES = ["UTC", "Pacific/Auckland", "America/Los_Angeles"]
_EXTERNAL_TZ = os.environ.get("TZ")
if _EXTERNAL_TZ and _EXTERNAL_TZ not in HOST_ZONES:
    HOST_ZONES.append(_EXTERNAL_TZ)


@pytest.fixture(scope="module", params=HOST_ZONES)
def host_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    zone: str = request.param
    if not hasattr(time, "tzset"):  # Windows: the host zone cannot be switched
        if zone != HOST_ZONES[0]:
            pytest.skip("time.tzset() is not available on this platform")
        yield zone
        return
    saved = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    # parse_date memoises; start each zone from scratch so a cached result cannot hide a
    # host-dependent computation.
    dates._DATE_CACHE.clear()
    try:
        yield zone
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
        dates._DATE_CACHE.clear()
