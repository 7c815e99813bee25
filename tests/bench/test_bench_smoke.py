"""The benchmark harness works: ``python -m benchmarks --quick`` runs every section and writes its
JSON. Timings are never asserted (the machine may be shared); only that each section produced
figures and a PASS/MISS/n/a status per target."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks import payload
from benchmarks.bench_http import ideal_elapsed
from benchmarks.bench_tenants import window_spans
from benchmarks.run import SECTIONS

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    data = json.loads(out.read_text()) if out.exists() else {}
    return proc.returncode, data, proc.stdout + proc.stderr


def test_payload_is_deterministic_and_xero_shaped() -> None:
    data = payload.encode(payload.invoices_page(3, start=7))
    assert data == payload.encode(payload.invoices_page(3, start=7))
    assert data != payload.encode(payload.invoices_page(3, start=8))
    body = json.loads(data, parse_float=Decimal)
    assert body["Status"] == "OK"
    invoice = body["Invoices"][0]
    assert invoice["InvoiceNumber"] == "INV-000008"
    assert len(invoice["LineItems"]) == 5 and len(invoice["Payments"]) == 1
    assert invoice["Date"].startswith("/Date(") and invoice["Date"].endswith("+0000)/")
    assert b'"CurrencyRate":1.000000' in data  # decimals keep their digits
    assert invoice["SubTotal"] == sum(line["LineAmount"] for line in invoice["LineItems"])
    request = json.loads(payload.encode(payload.request_invoices(2)))
    assert set(request) == {"Invoices"} and "InvoiceID" not in request["Invoices"][0]


def test_ideal_schedule() -> None:
    # fewer pages than slots: one round trip
    assert ideal_elapsed(3, per_window=60, window=2.0, max_concurrent=5, latency=0.02) == 0.02
    # concurrency bound: 10 pages, 5 at a time
    assert abs(ideal_elapsed(10, 60, 2.0, 5, 0.02) - 0.04) < 1e-9
    # window bound: page 61 waits for the first one's window to pass
    assert abs(ideal_elapsed(61, 60, 2.0, 60, 0.02) - 2.02) < 1e-9


def test_window_spans_measure_each_windows_arrivals() -> None:
    # two rounds of 5 answered requests (and a refusal, not counted) in windows of 2
    first = {"log": [[0.0, 200], [0.3, 200], [2.0, 200], [2.1, 429], [2.5, 200], [4.0, 200]]}
    second = {"log": [[0.0, 200], [0.1, 200], [2.0, 200], [2.1, 200], [4.0, 200]]}
    spans = window_spans([first, second], 2)
    assert [round(s, 6) for s in spans] == [0.2, 0.3, 0.0]  # medians of (0.3, 0.1), (0.5, 0.1), (0, 0)


def test_quick_run_covers_every_section(tmp_path: Path) -> None:
    code, data, output = _run(tmp_path)
    assert code == 0, output[-3000:]
    sections = {s["key"]: s for s in data["sections"]}
    assert list(sections) == list(SECTIONS)
    for key, section in sections.items():
        assert section["error"] is None, (key, section["error"])
        assert section["rows"], key
        assert all(t["status"] in ("PASS", "MISS", "n/a") for t in section["targets"]), key
    assert data["settings"]["quick"] is True
    assert "Targets" in output


def test_quick_run_without_peers(tmp_path: Path) -> None:
    """CI installs no peers: their rows disappear and their targets say n/a."""
    code, data, output = _run(tmp_path, "--only", "parse,serialise", env={"XERO_BENCH_NO_PEERS": "1"})
    assert code == 0, output[-3000:]
    parse = data["sections"][0]
    assert not any("xero-python" in row["name"] for row in parse["rows"])
    statuses = {t["name"]: t["status"] for t in parse["targets"]}
    assert statuses["parse <= 0.4x xero-python"] == "n/a"
    assert statuses["parse <= 3x floor"] in ("PASS", "MISS")
