"""The lowest-versions CI run (``.ci/run``) pins exactly the lower bounds ``pyproject.toml``
declares: raising or adding a dependency without updating the constraints file fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_REQUIREMENT = re.compile(r'^\s*"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)[^"]*",?\s*$')


def _lower_bounds(opening: str = "dependencies = [") -> dict[str, str]:
    text = (ROOT / "pyproject.toml").read_text()
    block = text.split(opening, 1)[1].split("]", 1)[0]
    bounds = {}
    for line in block.splitlines():
        match = _REQUIREMENT.match(line)
        if match:
            bounds[match.group(1).lower()] = match.group(2)
    return bounds


def _pins(name: str = "constraints-lowest.txt") -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def _padded(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def test_every_runtime_dependency_is_pinned_at_its_lower_bound() -> None:
    bounds, pins = _lower_bounds(), _pins()
    assert bounds, "no dependencies with a lower bound found in pyproject.toml"
    assert set(pins) == set(bounds), f"constraints {sorted(pins)} != dependencies {sorted(bounds)}"
    for name, bound in bounds.items():
        assert _padded(pins[name]) == _padded(bound), f"{name}: pinned {pins[name]}, lower bound {bound}"


def test_the_extras_of_the_lowest_run_are_pinned_at_their_lower_bounds() -> None:
    """The run installs the ``aiohttp`` and ``cli`` extras (``.ci/run``)."""
    bounds = {**_lower_bounds("aiohttp = ["), **_lower_bounds("cli = [")}
    pins = _pins("constraints-lowest-extras.txt")
    assert "click" in bounds and "aiohttp" in bounds, bounds
    assert set(pins) == set(bounds), f"constraints {sorted(pins)} != extras {sorted(bounds)}"
    for name, bound in bounds.items():
        assert _padded(pins[name]) == _padded(bound), f"{name}: pinned {pins[name]}, lower bound {bound}"


def test_the_installed_attrs_supports_slotted_cached_properties() -> None:
    """The bound raised to 23.2: with 23.1 every request failed (``Call`` is slotted and caches)."""
    import httpx

    from xero_sdk._runtime.operation import ApiRequest
    from xero_sdk._transport._core import CallSettings, TransportConfig, TransportCore

    core = TransportCore(TransportConfig(base_urls={"accounting": "https://example.test"}, user_agent="t"))
    req = ApiRequest(
        api="accounting", operation_id="getInvoices", method="get", path="/Invoices", tenant=False
    )
    call = core.prepare(req, None, CallSettings())
    assert call.method == "GET" and call.path == "/Invoices"
    assert isinstance(core.build(httpx.Client(), call, "token-123456"), httpx.Request)
