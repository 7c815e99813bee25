"""9. Memory retained by parsed invoices, measured in a fresh interpreter per contender.

The parent writes the pages (1000 invoices each, distinct) to a temporary folder; each child
imports its SDK, parses one small page to load every module it needs, then starts
``tracemalloc`` and parses the pages, keeping only the parsed results (the bytes and the
decoded JSON are dropped). Retained = traced memory after ``gc.collect()`` minus before. With
``--rss`` the child skips tracemalloc and reports the growth of its resident set instead
(coarser: includes allocator slack).

Child: ``python -m benchmarks.bench_memory <contender> <mode> <page files...>``.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from benchmarks import payload
from benchmarks._common import FLOOR, PYXERO, ROOT, SDK, XERO_PYTHON, Row, Section, Settings, Target
from benchmarks._peers import pyxero_version, xero_python_version

PAGE = 1000


def _parser(contender: str) -> Callable[[bytes], Any]:
    if contender == SDK:
        from xero_sdk.accounting import Invoices

        return Invoices.from_json
    if contender == XERO_PYTHON:
        from benchmarks._peers import XeroPython

        return XeroPython().parse
    if contender == PYXERO:
        from benchmarks._peers import PyXero

        return PyXero().parse
    return lambda data: json.loads(data, parse_float=Decimal)


def _count(result: Any) -> int:
    if isinstance(result, list):  # pyxero
        return len(result)
    if isinstance(result, dict):  # the floor
        return len(result["Invoices"])
    return len(result.invoices)


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def child(contender: str, mode: str, files: list[str]) -> dict[str, Any]:
    parse = _parser(contender)
    parse(payload.encode(payload.invoices_page(3, start=10**6)))  # load every module now
    kept: list[Any] = []
    gc.collect()
    if mode == "tracemalloc":
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
    else:
        before = _rss()
    invoices = 0
    for path in files:
        with open(path, "rb") as fh:
            data = fh.read()
        result = parse(data)
        del data
        kept.append(result)
        invoices += _count(result)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0] if mode == "tracemalloc" else _rss()
    return {"bytes": after - before, "invoices": invoices, "objects": len(gc.get_objects())}


def _write_pages(folder: str, total: int) -> list[str]:
    files = []
    for start in range(0, total, PAGE):
        path = os.path.join(folder, f"page-{start}.json")
        with open(path, "wb") as fh:
            fh.write(payload.encode(payload.invoices_page(min(PAGE, total - start), start=start)))
        files.append(path)
    return files


def _measure(contender: str, mode: str, files: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_memory", contender, mode, *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"memory child {contender} failed: {proc.stderr.strip()[-800:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def run(settings: Settings) -> Section:
    total = settings.memory_invoices
    section = Section("memory", f"9. Memory retained by {total:,} parsed invoices (MB)")
    contenders = [SDK]
    if xero_python_version():
        contenders.append(XERO_PYTHON)
    if pyxero_version():
        contenders.append(PYXERO)
    contenders.append(FLOOR)
    modes = ["tracemalloc"] + (["rss"] if settings.memory_rss else [])
    results: dict[str, dict[str, dict[str, Any]]] = {mode: {} for mode in modes}
    with tempfile.TemporaryDirectory(prefix="xero-bench-") as folder:
        start = time.perf_counter()
        files = _write_pages(folder, total)
        section.details["payload_seconds"] = time.perf_counter() - start
        for mode in modes:
            for contender in contenders:
                results[mode][contender] = _measure(contender, mode, files)
    labels = {
        SDK: "xero-sdk: Invoices models",
        XERO_PYTHON: "xero-python: Invoices models",
        PYXERO: "pyxero: dicts (floats, not typed)",
        FLOOR: "floor: json.loads(parse_float=Decimal) dicts",
    }
    traced = results["tracemalloc"]
    ref = traced.get(XERO_PYTHON)
    ref_name = XERO_PYTHON if ref else FLOOR  # bytes retained are deterministic: one round
    for contender in contenders:
        got = traced[contender]
        mb = got["bytes"] / 1e6
        ratio = got["bytes"] / traced[ref_name]["bytes"] if contender != ref_name else None
        note = f"{got['bytes'] / max(1, got['invoices']) / 1000:.1f} KB per invoice"
        if "rss" in results:
            note += f"; RSS +{results['rss'][contender]['bytes'] / 1e6:.0f} MB"
        section.rows.append(Row(labels[contender], mb, "MB", ratio, ref_name if ratio else "", note))
    measured = traced[SDK]["bytes"] / ref["bytes"] if ref else None
    section.targets.append(
        Target(
            "memory <= 0.6x xero-python",
            measured,
            "<=",
            0.6,
            "x",
            "" if ref else "xero-python not installed",
        )
    )
    section.notes.append(
        "tracemalloc, retained after gc.collect(); xero-sdk also keeps fields beyond the document"
    )
    section.details["results"] = results
    return section


if __name__ == "__main__":
    out = child(sys.argv[1], sys.argv[2], sys.argv[3:])
    sys.stdout.write(json.dumps(out) + "\n")
