"""2. Parse a page of invoices into typed models; 3. serialise invoices into a request body.

Inputs come from :mod:`benchmarks.payload` (deterministic). Every contender's result is checked
once before timing (count and a few values), then timed in paired rounds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from benchmarks import payload
from benchmarks._common import (
    FLOOR,
    PYXERO,
    SDK,
    XERO_PYTHON,
    Section,
    Settings,
    Target,
    fmt_ratio,
    paired_range,
    paired_ratio,
    paired_row,
    rounds,
)
from benchmarks._peers import PyXero, XeroPython, pyxero_version, xero_python_version


def _peers() -> tuple[XeroPython | None, PyXero | None]:
    xp = XeroPython() if xero_python_version() else None
    px = PyXero() if pyxero_version() else None
    return xp, px


def parse_contenders(data: bytes, count: int) -> tuple[dict[str, Callable[[], Any]], dict[str, str]]:
    """The parse contenders, each checked once on ``data`` (a page of ``count`` invoices)."""
    from xero_sdk._runtime.codec import loads
    from xero_sdk.accounting import Invoices

    xp, px = _peers()
    decoded = loads(data)
    contenders: dict[str, Callable[[], Any]] = {
        SDK: lambda: Invoices.from_json(data),
        "sdk-loads": lambda: loads(data),
        "sdk-from_dict": lambda: Invoices.from_dict(decoded),
        FLOOR: lambda: json.loads(data, parse_float=Decimal),
    }
    if xp is not None:
        contenders[XERO_PYTHON] = lambda: xp.parse(data)
    if px is not None:
        contenders[PYXERO] = lambda: px.parse(data)

    sdk = Invoices.from_json(data)
    assert sdk.invoices is not None and len(sdk.invoices) == count
    first, last = decoded["Invoices"][0], decoded["Invoices"][-1]
    assert sdk.invoices[0].total == first["Total"] and sdk.invoices[-1].total == last["Total"]
    assert sdk.invoices[-1].line_items is not None and len(sdk.invoices[-1].line_items) == 5
    if xp is not None:
        peer = xp.parse(data)
        assert len(peer.invoices) == count and peer.invoices[-1].total == last["Total"]
        assert str(sdk.invoices[-1].invoice_id) == peer.invoices[-1].invoice_id
        assert sdk.invoices[-1].date == peer.invoices[-1].date
    if px is not None:
        dicts = px.parse(data)
        assert len(dicts) == count and dicts[-1]["InvoiceID"] == last["InvoiceID"]
    labels = {
        SDK: "xero-sdk: Invoices.from_json(bytes)",
        "sdk-loads": "  of which xero-sdk loads (exact-Decimal JSON)",
        "sdk-from_dict": "  of which xero-sdk Invoices.from_dict (decoded)",
        XERO_PYTHON: "xero-python: ApiClient.deserialize(response, 'Invoices')",
        PYXERO: "pyxero: _parse_api_response (dicts + dates, floats; not typed)",
        FLOOR: "floor: json.loads(parse_float=Decimal)",
    }
    return contenders, labels


def serialise_contenders(count: int) -> tuple[dict[str, Callable[[], Any]], dict[str, str]]:
    """The serialise contenders over ``count`` request-shaped invoices, each checked once."""
    from xero_sdk.accounting import Invoices

    xp, px = _peers()
    data = payload.encode(payload.request_invoices(count))
    sdk_model = Invoices.from_json(data)
    plain = json.loads(data)
    contenders: dict[str, Callable[[], Any]] = {
        SDK: sdk_model.to_json,
        "sdk-to_dict": sdk_model.to_dict,
        FLOOR: lambda: json.dumps(plain, separators=(",", ":")).encode("utf-8"),
    }
    body = json.loads(sdk_model.to_json(), parse_float=Decimal)
    assert len(body["Invoices"]) == count
    assert (
        body["Invoices"][-1]["LineItems"][0]["UnitAmount"]
        == json.loads(data, parse_float=Decimal)["Invoices"][-1]["LineItems"][0]["UnitAmount"]
    )
    if xp is not None:
        xp_model = xp.parse(data)
        contenders[XERO_PYTHON] = lambda: xp.dumps(xp_model)
        assert len(json.loads(xp.dumps(xp_model))["Invoices"]) == count
    if px is not None:
        px_dicts = px.dicts(data)["Invoices"]
        contenders[PYXERO] = lambda: px.xml(px_dicts)
        assert px.xml(px_dicts).count(b"<Invoice>") == count
    labels = {
        SDK: "xero-sdk: Invoices.to_json() (= dumps(to_dict()))",
        "sdk-to_dict": "  of which xero-sdk Invoices.to_dict()",
        XERO_PYTHON: "xero-python: json.dumps(serialize(model))",
        PYXERO: "pyxero: _prepare_data_for_save (XML from dicts; not typed)",
        FLOOR: "floor: json.dumps(plain dicts, floats)",
    }
    return contenders, labels


def _rows(
    section: Section, samples: dict[str, list[float]], labels: dict[str, str], unit_scale: float, unit: str
) -> None:
    ref = XERO_PYTHON if XERO_PYTHON in samples else FLOOR
    for name in labels:
        if name not in samples:
            continue
        floor_ratio = paired_ratio(samples, name, FLOOR) if name != FLOOR else None
        note = fmt_ratio(floor_ratio, FLOOR, paired_range(samples, name, FLOOR))
        section.rows.append(paired_row(labels[name], samples, name, ref, unit_scale, unit, note))


def run_parse(settings: Settings) -> Section:
    n = settings.parse_invoices
    section = Section("parse", f"2. Parse a page of {n} invoices into models (ms per page)")
    data = payload.encode(payload.invoices_page(n))
    contenders, labels = parse_contenders(data, n)
    samples = rounds(contenders, settings.parse_repeats, settings.budget)
    _rows(section, samples, labels, 1000, "ms")
    has_xp = XERO_PYTHON in samples
    section.targets.append(
        Target.paired(
            "parse <= 0.4x xero-python",
            samples,
            SDK,
            XERO_PYTHON,
            "<=",
            0.4,
            "" if has_xp else "xero-python not installed",
        )
    )
    section.targets.append(Target.paired("parse <= 3x floor", samples, SDK, FLOOR, "<=", 3.0))
    section.notes.append(
        f"payload: {len(data) / 1e6:.2f} MB; xero-sdk also parses GUIDs to UUID and keeps the fields Xero "
        "sends beyond its document; xero-python keeps GUIDs as str and drops unknown fields"
    )
    section.details = {"samples_s": samples, "payload_bytes": len(data)}
    return section


def run_serialise(settings: Settings) -> Section:
    n = settings.serialise_invoices
    section = Section("serialise", f"3. Serialise {n} invoices into a request body (ms)")
    contenders, labels = serialise_contenders(n)
    samples = rounds(contenders, settings.serialise_repeats, settings.budget)
    _rows(section, samples, labels, 1000, "ms")
    has_xp = XERO_PYTHON in samples
    section.targets.append(
        Target.paired(
            "serialise <= 0.5x xero-python",
            samples,
            SDK,
            XERO_PYTHON,
            "<=",
            0.5,
            "" if has_xp else "xero-python not installed",
        )
    )
    section.notes.append(
        "xero-sdk writes Decimals digit for digit; xero-python writes them through float (lossy)"
    )
    section.details = {"samples_s": samples}
    return section
