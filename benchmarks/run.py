"""``python -m benchmarks``: measure xero-sdk, its peers and the floor in one run.

::

    python -m benchmarks                      # everything (make bench): a few minutes
    python -m benchmarks --quick              # small counts, one API generated (CI smoke)
    python -m benchmarks --only parse,memory  # some sections
    python -m benchmarks --profile            # and where xero-sdk spends time and memory

Prints a table of values and ratios with a PASS/MISS column per target and writes the same as
JSON (``--json``, default ``.bench/results.json``). Exit status: 0 when every section ran
(MISS included: no threshold is enforced), 1 when a section failed, 2 on bad arguments;
``--strict`` also makes a MISS exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

from benchmarks._common import ROOT, Section, Settings, fmt_ratio, fmt_value
from benchmarks._peers import pyxero_version, version, xero_python_version

SECTIONS: dict[str, str] = {
    "import": "benchmarks.bench_imports:run",
    "parse": "benchmarks.bench_codec:run_parse",
    "serialise": "benchmarks.bench_codec:run_serialise",
    "overhead": "benchmarks.bench_http:run_overhead",
    "async": "benchmarks.bench_http:run_async",
    "bulk": "benchmarks.bench_http:run_bulk",
    "tenants": "benchmarks.bench_tenants:run",
    "coldstart": "benchmarks.bench_coldstart:run",
    "memory": "benchmarks.bench_memory:run",
    "generate": "benchmarks.bench_generate:run",
    "distributed": "benchmarks.bench_distributed:run",
}


def _load(spec: str) -> Callable[[Settings], Section]:
    import importlib

    module, _, name = spec.partition(":")
    fn: Callable[[Settings], Section] = getattr(importlib.import_module(module), name)
    return fn


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _git() -> dict[str, Any]:
    """The commit measured, and whether the work tree differed from it (others may be editing)."""
    import subprocess

    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "xero_sdk", "generated"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"commit": head, "changed_files_in_xero_sdk_and_generated": len(dirty)}


def environment() -> dict[str, Any]:
    return {
        "git": _git(),
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_start": _load_average(),
        "versions": {
            "xero-sdk": version("xero-sdk"),
            "xero-python": xero_python_version(),
            "pyxero": pyxero_version(),
            "httpx": version("httpx"),
            "urllib3": version("urllib3"),
            "requests": version("requests"),
            "attrs": version("attrs"),
        },
    }


def render(sections: Sequence[Section], env: dict[str, Any]) -> str:
    lines = [
        f"xero-sdk benchmarks, {env['when']}: Python {env['python']} on {env['platform']}, "
        f"{env['cpus']} CPUs, load average {env['load_average_start']} -> {env.get('load_average_end')}",
        "versions: " + ", ".join(f"{k} {v or '(not installed)'}" for k, v in env["versions"].items()),
        f"tree: {env['git']}",
        "ratios are medians of per-round ratios (same-run, paired), [lowest-highest round]; values are medians",
    ]
    width = 72
    for section in sections:
        lines.append("")
        lines.append(f"{section.title}  [{section.seconds:.1f} s]")
        if section.error:
            lines.append(f"  ERROR: {section.error}")
            continue
        for row in section.rows:
            ratio = fmt_ratio(row.ratio, row.ratio_to, row.ratio_range)
            value = f"{fmt_value(row.value, row.unit)} {row.unit}".strip()
            text = f"  {row.name:<{width}} {value:>14}  {ratio:<32}"
            lines.append((text + f" {row.note}").rstrip())
        for note in section.notes:
            lines.append(f"  note: {note}")
    lines.append("")
    lines.append("Targets")
    for section in sections:
        for target in section.targets:
            measured = (
                f"{fmt_value(target.measured, target.unit)}{target.unit}"
                if target.measured is not None
                else "-"
            )
            if target.range is not None:
                low, high = (fmt_value(v, target.unit) for v in target.range)
                measured += f" [{low}-{high}]"
            limit = f"{target.op} {target.limit:g}{target.unit}"
            text = f"  {target.status:<5} {target.name:<48} {measured:>22}  ({limit})"
            lines.append((text + (f"  {target.note}" if target.note else "")).rstrip())
        if section.error:
            lines.append(f"  ERROR {section.key}: {section.error}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small counts and few repeats (CI)")
    parser.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument("--skip", help="comma-separated sections to leave out")
    parser.add_argument("--json", default=os.path.join(".bench", "results.json"), help="where to write JSON")
    parser.add_argument("--no-json", action="store_true", help="write no JSON file")
    parser.add_argument(
        "--profile", action="store_true", help="also profile xero-sdk (cProfile, tracemalloc)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--bulk-window", type=float, help="seconds standing for Xero's minute (default 2)")
    parser.add_argument("--bulk-pages", type=int, help="pages to pull in the bulk benchmark")
    args = parser.parse_args(argv)

    chosen = list(SECTIONS)
    if args.only:
        chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    if args.skip:
        skipped = {s.strip() for s in args.skip.split(",")}
        chosen = [s for s in chosen if s not in skipped]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {unknown}; known: {list(SECTIONS)}")

    settings = Settings.quick_settings() if args.quick else Settings.full()
    overrides: dict[str, Any] = {}
    if args.bulk_window is not None:
        overrides["bulk_window"] = args.bulk_window
    if args.bulk_pages is not None:
        overrides["bulk_pages"] = args.bulk_pages
    if overrides:
        import dataclasses

        settings = dataclasses.replace(settings, **overrides)

    env = environment()
    sections: list[Section] = []
    for key in chosen:
        print(f"running {key} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            section = _load(SECTIONS[key])(settings)
        except Exception as exc:  # report and go on: one broken peer must not hide the rest
            section = Section(key, key, error=f"{type(exc).__name__}: {exc}")
        section.seconds = time.perf_counter() - start
        sections.append(section)
    profile: dict[str, Any] | None = None
    if args.profile:
        from benchmarks import profiling

        print("profiling ...", file=sys.stderr, flush=True)
        profile = profiling.run()
    env["load_average_end"] = _load_average()

    print(render(sections, env))
    if profile is not None:
        from benchmarks import profiling

        print()
        print(profiling.render(profile))
    if not args.no_json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as fh:
            json.dump(
                {
                    "environment": env,
                    "settings": settings.to_json(),
                    "sections": [s.to_json() for s in sections],
                    "profile": profile,
                },
                fh,
                indent=2,
            )
        print(f"\nwrote {args.json}", file=sys.stderr)
    if any(s.error for s in sections):
        return 1
    if args.strict and any(t.status == "MISS" for s in sections for t in s.targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
