"""``python -m benchmarks --profile``: where xero-sdk spends its time and memory.

- import: ``-X importtime`` of ``from xero_sdk import Xero; from xero_sdk.accounting import
  Invoice``, of the whole Accounting surface and of the cold start's imports + client (largest
  cumulative times; ``-X importtime`` does not see modules loaded by ``importlib.import_module``,
  which is how every model loads), then the whole surface's CPU split between ``attrs.define``,
  enum classes and the rest (loading modules, class bodies), in a fresh interpreter;
- parse / serialise / per call: ``cProfile`` of ``Invoices.from_json``, ``Invoices.to_json`` and
  ``get_organisations`` against the local server (largest internal times);
- per call, by layer: the CPU of ``get_organisations`` (``Xero``, ``AsyncXero`` on httpx's
  transport and on aiohttp) split between xero-sdk, the generated code, httpx, httpcore/h11,
  aiohttp and the rest (cProfile on the process clock: shares, not absolute times);
- memory: ``tracemalloc`` snapshot of 1000 parsed invoices, by allocating line.
"""

from __future__ import annotations

import asyncio
import collections
import cProfile
import gc
import io
import pstats
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

from benchmarks import payload

TOP = 15


def _cprofile(fn: Any, repeat: int) -> list[str]:
    profiler = cProfile.Profile()
    gc.collect()
    profiler.enable()
    for _ in range(repeat):
        fn()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(TOP)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    head = [line for line in lines[:start] if "function calls" in line]
    return head + lines[start : start + TOP + 1]


# Run in a fresh interpreter before the surface statement: times (process CPU) spent in
# attrs.define's class building and in building enum classes while the statement runs.
_SPLIT = """
import builtins, enum, time, attr._next_gen as next_gen
clock = time.process_time
spent = {"attrs.define": 0.0, "enum classes": 0.0}
build_attrs, build_class = next_gen.attrs, builtins.__build_class__
def timed_attrs(*args, **kwargs):
    start = clock()
    try:
        return build_attrs(*args, **kwargs)
    finally:
        spent["attrs.define"] += clock() - start
def timed_build_class(func, name, *bases, **kwargs):
    start = clock()
    try:
        return build_class(func, name, *bases, **kwargs)
    finally:
        if any(isinstance(b, type) and issubclass(b, enum.Enum) for b in bases):
            spent["enum classes"] += clock() - start
next_gen.attrs, builtins.__build_class__ = timed_attrs, timed_build_class
start = clock()
exec(compile(STATEMENT, "<surface>", "exec"), {})
total = clock() - start
import sys
print(f"{total * 1000:8.1f} ms CPU  the whole statement", file=sys.stderr)
for what, seconds in spent.items():
    print(f"{seconds * 1000:8.1f} ms CPU  {what}", file=sys.stderr)
print(f"{(total - sum(spent.values())) * 1000:8.1f} ms CPU  the rest (imports, module code, class bodies)", file=sys.stderr)
"""


def surface_split(statement: str) -> list[str]:
    """Where the whole surface's import goes: attrs.define, enum classes, the rest (CPU)."""
    import subprocess
    import sys
    import tempfile

    code = f"STATEMENT = {statement!r}\n{_SPLIT}"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=120
    )
    if proc.returncode != 0:
        return [f"failed: {proc.stderr.strip()[-300:]}"]
    return proc.stderr.splitlines()


def profile_imports() -> dict[str, list[str]]:
    from benchmarks._common import SDK
    from benchmarks.bench_imports import CLIENT, SURFACE, importtime_top

    cold = (
        "from xero_sdk import Xero\nXero(access_token='t', tenant_id='00000000-0000-0000-0000-000000000001')"
    )
    out = {}
    for label, stmt in (("client", CLIENT[SDK]), ("surface", SURFACE[SDK]), ("cold start, no call", cold)):
        rows = importtime_top(stmt, TOP)
        out[label] = [f"{cum:8.1f} ms cumulative {self_:7.1f} ms self  {name}" for name, self_, cum in rows]
    out["surface, split"] = surface_split(SURFACE[SDK])
    return out


def profile_parse(count: int = 1000) -> list[str]:
    from xero_sdk.accounting import Invoices

    data = payload.encode(payload.invoices_page(count))
    Invoices.from_json(data)
    return _cprofile(lambda: Invoices.from_json(data), 3)


def profile_serialise(count: int = 1000) -> list[str]:
    from xero_sdk.accounting import Invoices

    model = Invoices.from_json(payload.encode(payload.request_invoices(count)))
    return _cprofile(model.to_json, 5)


def profile_call(calls: int = 500) -> list[str]:
    from benchmarks._peers import TOKEN
    from benchmarks._server import ServerProcess
    from benchmarks.bench_http import TENANT
    from xero_sdk import Xero

    with ServerProcess() as server, Xero(access_token=TOKEN, tenant_id=TENANT, api_url=server.url) as xero:
        api = xero.accounting
        for _ in range(20):
            api.get_organisations()
        return _cprofile(api.get_organisations, calls)


_LAYERS = (
    ("/xero_sdk/_generated/", "generated"),
    ("xero_sdk/", "xero-sdk"),
    ("httpx_aiohttp/", "aiohttp"),
    ("/httpx/", "httpx"),
    ("/httpcore/", "httpcore+h11"),
    ("/h11/", "httpcore+h11"),
    ("/anyio/", "httpcore+h11"),
    ("/aiohttp/", "aiohttp"),
    ("/multidict/", "aiohttp"),
    ("/yarl/", "aiohttp"),
)


def _layer(filename: str) -> str:
    for marker, layer in _LAYERS:
        if marker in filename:
            return layer
    return "python (stdlib, builtins, event loop)"


def _by_layer(profiler: cProfile.Profile, calls: int) -> list[str]:
    totals: collections.Counter[str] = collections.Counter()
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, own, _, _) in stats.items():
        totals[_layer(filename)] += own
    whole = sum(totals.values()) or 1.0
    return [f"{100 * t / whole:5.1f}%  {layer}" for layer, t in totals.most_common()] + [
        f"(profiled: {1e6 * whole / calls:,.0f} us CPU per call, several times the unprofiled cost)"
    ]


def profile_layers(calls: int = 1000) -> dict[str, list[str]]:
    from benchmarks._peers import TOKEN
    from benchmarks._server import ServerProcess
    from benchmarks.bench_http import TENANT, _drive, _has_aiohttp
    from xero_sdk import AsyncXero, Xero

    out: dict[str, list[str]] = {}
    with ServerProcess() as server:
        with Xero(access_token=TOKEN, tenant_id=TENANT, api_url=server.url) as xero:
            api = xero.accounting
            for _ in range(20):
                api.get_organisations()
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(calls):
                api.get_organisations()
            profiler.disable()
            out["Xero"] = _by_layer(profiler, calls)

        async def run_async(transport: str) -> cProfile.Profile:
            async with AsyncXero(
                access_token=TOKEN,
                tenant_id=TENANT,
                api_url=server.url,
                transport="aiohttp" if transport == "aiohttp" else "httpx",
            ) as xero:
                call: Callable[[], Awaitable[Any]] = xero.accounting.get_organisations
                await _drive(call, 20, 5)
                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
                await _drive(call, calls, 5)
                profiler.disable()
                return profiler

        for transport in ("httpx", "aiohttp") if _has_aiohttp() else ("httpx",):
            out[f"AsyncXero, {transport}, 5 in flight"] = _by_layer(asyncio.run(run_async(transport)), calls)
    return out


def profile_memory(count: int = 1000) -> list[str]:
    from xero_sdk.accounting import Invoices

    data = payload.encode(payload.invoices_page(count))
    Invoices.from_json(payload.encode(payload.invoices_page(2, start=10**6)))
    gc.collect()
    tracemalloc.start()
    kept = Invoices.from_json(data)
    del data
    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    stats = snapshot.statistics("lineno")
    total = sum(s.size for s in stats)
    lines = [f"total {total / 1e6:.2f} MB retained by {count} invoices ({total / count:.0f} B each)"]
    for stat in stats[:TOP]:
        frame = stat.traceback[0]
        lines.append(
            f"{stat.size / count:8.0f} B/invoice {stat.count / count:6.1f} blocks/invoice  "
            f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno}"
        )
    del kept
    return lines


def run() -> dict[str, Any]:
    return {
        "import": profile_imports(),
        "parse": profile_parse(),
        "serialise": profile_serialise(),
        "call": profile_call(),
        "call by layer": profile_layers(),
        "memory": profile_memory(),
    }


def render(profile: dict[str, Any]) -> str:
    out: list[str] = []
    for key, value in profile.items():
        if isinstance(value, dict):
            for sub, lines in value.items():
                out.append(f"--- profile: {key} ({sub})")
                out.extend(lines)
        else:
            out.append(f"--- profile: {key}")
            out.extend(value)
    return "\n".join(out)
