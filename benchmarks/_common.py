"""What every benchmark shares: settings, results, and the paired-rounds timer.

Timing on a shared machine: contenders are measured in *rounds*; each round runs every
contender once (in an order that rotates from round to round, after a ``gc.collect()``), so
the contenders of one round see the same machine load. A contender's value is the median of
its rounds; a ratio is the median of the per-round ratios (a paired estimate, which a burst of
load during one round cannot move much). No timing is ever asserted.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
"""The repository (benchmarks run their children there)."""

SDK = "xero-sdk"
XERO_PYTHON = "xero-python"
PYXERO = "pyxero"
FLOOR = "floor"
CEILING = "ceiling"
"""What the machine allows with no library at all (async: raw asyncio streams)."""


@dataclass(frozen=True)
class Settings:
    """Sizes and repeat counts; :meth:`full` for ``make bench``, :meth:`quick` for CI."""

    quick: bool
    import_repeats: int
    parse_invoices: int
    parse_repeats: int
    serialise_invoices: int
    serialise_repeats: int
    overhead_calls: int
    overhead_rounds: int
    async_calls: int
    async_concurrency: int
    async_delay: float
    async_repeats: int
    bulk_pages: int
    bulk_window: float
    bulk_per_window: int
    bulk_max_concurrent: int
    bulk_threads: int
    bulk_delay: float
    bulk_page_size: int
    tenants_count: int
    tenants_pages: int
    tenants_window: float
    tenants_per_window: int
    tenants_app_per_window: int
    tenants_max_concurrent: int
    tenants_rounds: int
    coldstart_rounds: int
    memory_invoices: int
    memory_rss: bool
    generate_only: tuple[str, ...]
    budget: float
    """Seconds one timed loop may run before it stops early (a bound, not a target)."""

    @classmethod
    def full(cls) -> Settings:
        return cls(
            quick=False,
            import_repeats=7,
            parse_invoices=1000,
            parse_repeats=7,
            serialise_invoices=1000,
            serialise_repeats=7,
            overhead_calls=2000,
            overhead_rounds=5,
            async_calls=500,
            async_concurrency=5,
            async_delay=0.020,
            async_repeats=3,
            bulk_pages=150,
            bulk_window=2.0,
            bulk_per_window=60,
            bulk_max_concurrent=5,
            bulk_threads=10,
            bulk_delay=0.020,
            bulk_page_size=10,
            tenants_count=50,
            tenants_pages=8,
            tenants_window=2.0,
            tenants_per_window=5,
            tenants_app_per_window=150,
            tenants_max_concurrent=5,
            tenants_rounds=3,
            coldstart_rounds=7,
            memory_invoices=10_000,
            memory_rss=True,
            generate_only=(),
            budget=120.0,
        )

    @classmethod
    def quick_settings(cls) -> Settings:
        return cls(
            quick=True,
            import_repeats=2,
            parse_invoices=100,
            parse_repeats=3,
            serialise_invoices=100,
            serialise_repeats=3,
            overhead_calls=200,
            overhead_rounds=2,
            async_calls=50,
            async_concurrency=5,
            async_delay=0.020,
            async_repeats=1,
            bulk_pages=24,
            bulk_window=1.0,
            bulk_per_window=10,
            bulk_max_concurrent=5,
            bulk_threads=8,
            bulk_delay=0.010,
            bulk_page_size=5,
            tenants_count=50,
            tenants_pages=2,
            tenants_window=1.0,
            tenants_per_window=2,
            tenants_app_per_window=60,
            tenants_max_concurrent=5,
            tenants_rounds=1,
            coldstart_rounds=2,
            memory_invoices=500,
            memory_rss=False,
            generate_only=("identity",),
            budget=20.0,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Row:
    """One measured figure."""

    name: str
    value: float | None
    unit: str
    ratio: float | None = None
    """To the section's reference (``ratio_to``): a paired median where timings allow it."""
    ratio_to: str = ""
    note: str = ""
    ratio_range: tuple[float, float] | None = None
    """Lowest and highest per-round ratio (the spread a single run would show)."""


@dataclass
class Target:
    """One target of the issue, checked against this run's figures."""

    name: str
    measured: float | None
    op: str
    limit: float
    unit: str
    note: str = ""
    range: tuple[float, float] | None = None
    """Lowest and highest of ``measured`` over the rounds of this run."""

    @classmethod
    def paired(
        cls,
        name: str,
        samples: Mapping[str, Sequence[float]],
        contender: str,
        reference: str,
        op: str,
        limit: float,
        note: str = "",
    ) -> Target:
        """A ratio target: the median of the per-round ``contender / reference``, and its range."""
        return cls(
            name,
            paired_ratio(samples, contender, reference),
            op,
            limit,
            "x",
            note,
            paired_range(samples, contender, reference),
        )

    @property
    def status(self) -> str:
        if self.measured is None:
            return "n/a"
        ok = self.measured <= self.limit if self.op == "<=" else self.measured >= self.limit
        return "PASS" if ok else "MISS"


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for target, data in zip(self.targets, out["targets"], strict=True):
            data["status"] = target.status
        return out


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def paired_ratios(samples: Mapping[str, Sequence[float]], name: str, reference: str) -> list[float]:
    """``name / reference`` in each round where both ran."""
    a, b = samples.get(name, ()), samples.get(reference, ())
    return [x / y for x, y in zip(a, b, strict=False) if y > 0]


def paired_ratio(samples: Mapping[str, Sequence[float]], name: str, reference: str) -> float | None:
    """Median over rounds of ``name / reference`` (rounds where both ran)."""
    return median(paired_ratios(samples, name, reference))


def spread(values: Sequence[float]) -> tuple[float, float] | None:
    """(lowest, highest) of ``values``, ``None`` when empty."""
    return (min(values), max(values)) if values else None


def paired_range(
    samples: Mapping[str, Sequence[float]], name: str, reference: str
) -> tuple[float, float] | None:
    """Lowest and highest per-round ``name / reference``."""
    return spread(paired_ratios(samples, name, reference))


def paired_row(
    label: str,
    samples: Mapping[str, Sequence[float]],
    name: str,
    reference: str,
    scale: float,
    unit: str,
    note: str = "",
) -> Row:
    """A row for ``name``: its median value (times ``scale``), its paired ratio to
    ``reference`` with the range over rounds (none for the reference itself)."""
    value = median(samples[name])
    ratio = paired_ratio(samples, name, reference) if name != reference else None
    return Row(
        label,
        value * scale if value is not None else None,
        unit,
        ratio,
        reference if ratio is not None else "",
        note,
        paired_range(samples, name, reference) if ratio is not None else None,
    )


def fmt_ratio(ratio: float | None, to: str, rng: tuple[float, float] | None) -> str:
    """``1.18x floor [1.14-1.41]`` (the bracket: lowest and highest round)."""
    if ratio is None:
        return ""
    text = f"{ratio:.2f}x {to}".rstrip()
    if rng is not None and rng[0] != rng[1]:
        text += f" [{rng[0]:.2f}-{rng[1]:.2f}]"
    return text


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call, after a ``gc.collect()``."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def rounds(
    contenders: Mapping[str, Callable[[], Any]],
    repeats: int,
    budget: float,
    cpu: dict[str, list[float]] | None = None,
) -> dict[str, list[float]]:
    """Wall seconds per call of each contender, ``repeats`` paired rounds (fewer if over
    ``budget``); CPU seconds go to ``cpu`` when given."""
    names = list(contenders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    deadline = time.perf_counter() + budget
    for i in range(repeats):
        shift = i % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            wall, used = timed(contenders[name])
            samples[name].append(wall)
            if cpu is not None:
                cpu.setdefault(name, []).append(used)
        if time.perf_counter() > deadline and i >= 1:
            break
    return samples


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("%",):
        return f"{value:.1f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
