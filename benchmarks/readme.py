"""``python -m benchmarks.readme``: write README.md's benchmark tables from ``.bench/results.json``.

The tables sit between two markers in README.md and are never edited by hand: ``make bench``
rewrites them after a full run (``make bench-readme`` does it for an existing results file).
A quick run, or a run that left sections out or failed in one, is refused unless ``--force``:
the README shows one complete run, with its date, commit and machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from benchmarks._common import ROOT, fmt_ratio, fmt_value

START = "<!-- bench-table:start: written by `make bench` from .bench/results.json; do not edit -->"
END = "<!-- bench-table:end -->"


class Refused(Exception):
    """The results are not a complete full run."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _range(low_high: Sequence[float] | None, unit: str) -> str:
    if not low_high:
        return ""
    low, high = low_high
    return f" [{fmt_value(low, unit)}-{fmt_value(high, unit)}]" if low != high else ""


def _target_rows(sections: list[dict[str, Any]]) -> list[str]:
    lines = ["| target | measured [lowest-highest round] | status |", "|---|---|---|"]
    for section in sections:
        for target in section["targets"]:
            unit = target["unit"]
            measured = target["measured"]
            value = f"{fmt_value(measured, unit)}{unit}" if measured is not None else "-"
            value += _range(target.get("range"), unit)
            note = f" ({target['note']})" if target.get("note") else ""
            lines.append(f"| {_cell(target['name'])} | {value} | {target['status']}{_cell(note)} |")
    return lines


def _section_rows(sections: list[dict[str, Any]]) -> list[str]:
    lines = ["| figure | value | ratio [lowest-highest round] | note |", "|---|---|---|---|"]
    for section in sections:
        lines.append(f"| **{_cell(section['title'])}** | | | |")
        for row in section["rows"]:
            value = f"{fmt_value(row['value'], row['unit'])} {row['unit']}".strip()
            rng = row.get("ratio_range")
            ratio = fmt_ratio(row["ratio"], row["ratio_to"], tuple(rng) if rng else None)
            lines.append(
                f"| {_cell(row['name'].strip())} | {value} | {_cell(ratio)} | {_cell(row['note'])} |"
            )
        for note in section["notes"]:
            lines.append(f"| *note: {_cell(note)}* | | | |")
    return lines


def render(results: dict[str, Any], *, force: bool = False) -> str:
    """The block between the markers (markers included)."""
    env, sections = results["environment"], results["sections"]
    if not force:
        from benchmarks.run import SECTIONS

        if results["settings"].get("quick"):
            raise Refused("a --quick run: run `make bench` (or pass --force)")
        missing = [key for key in SECTIONS if key not in {s["key"] for s in sections}]
        if missing:
            raise Refused(f"sections left out of this run: {missing} (or pass --force)")
        failed = [s["key"] for s in sections if s["error"]]
        if failed:
            raise Refused(f"sections failed in this run: {failed} (or pass --force)")
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v)
    git = env.get("git", {})
    changed = git.get("changed_files_in_xero_sdk_and_generated")
    head = (
        f"Run of {env['when'].replace('T', ' ').replace('+00:00', ' UTC')}, commit {git.get('commit', '?')}"
        + (f" (+{changed} changed files)" if changed else "")
        + f", Python {env['python']} on {env['platform']}, {env['cpus']} CPUs, load average "
        f"{env['load_average_start']} -> {env.get('load_average_end')}; {versions}. Ratios are the median of "
        "the per-round ratios of one run (paired: same rounds, same load), with the lowest and highest "
        "round in brackets."
    )
    lines = [START, "", head, "", *_target_rows(sections), "", "<details><summary>Every figure</summary>", ""]
    lines += [*_section_rows(sections), "", "</details>", "", END]
    return "\n".join(lines)


def replace_block(readme: str, block: str) -> str:
    """``readme`` with the text between the markers replaced by ``block``."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise Refused(f"README.md has no {START!r} ... {END!r} block")
    return readme[:start] + block + readme[end + len(END) :]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readme", description=__doc__)
    parser.add_argument("--json", default=os.path.join(ROOT, ".bench", "results.json"))
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    parser.add_argument("--force", action="store_true", help="also from a quick or partial run")
    args = parser.parse_args(argv)
    try:
        with open(args.json, encoding="utf-8") as fh:
            results = json.load(fh)
        with open(args.readme, encoding="utf-8") as fh:
            readme = fh.read()
        updated = replace_block(readme, render(results, force=args.force))
    except (OSError, Refused) as exc:
        print(f"README not updated: {exc}", file=sys.stderr)
        return 1
    with open(args.readme, "w", encoding="utf-8") as fh:
        fh.write(updated)
    print(f"wrote the benchmark tables of {args.readme} from {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
