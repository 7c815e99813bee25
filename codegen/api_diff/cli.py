"""``python -m codegen.api_diff OLD_DIR NEW_DIR``: the command line of the differ."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from codegen.api_diff.compare import diff_dirs
from codegen.api_diff.documents import locked_documents
from codegen.api_diff.text import render_text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen.api_diff",
        description="API-surface diff of the Xero OpenAPI documents named in specs/lock.json "
        "between two folders (operations, parameters, models, fields, enum values).",
    )
    parser.add_argument("old_dir", type=Path, metavar="OLD_DIR")
    parser.add_argument("new_dir", type=Path, metavar="NEW_DIR")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--docs", action="store_true", help="also report changed summaries and descriptions")
    parser.add_argument(
        "--api",
        action="append",
        default=None,
        metavar="KEY",
        help="only this API (repeatable), e.g. accounting",
    )
    parser.add_argument("--jobs", type=int, default=None, help="parallel parser processes (default: CPUs)")
    args = parser.parse_args(argv)

    for d in (args.old_dir, args.new_dir):
        if not d.is_dir():
            parser.error(f"{d} is not a directory")
    try:
        refs = locked_documents()
    except Exception as exc:  # SpecsError and friends: the lock is unusable
        parser.error(f"cannot read specs/lock.json: {exc}")
    if args.api:
        unknown = sorted(set(args.api) - {r.api for r in refs})
        if unknown:
            parser.error(
                f"unknown API key(s): {', '.join(unknown)} (known: {', '.join(r.api for r in refs)})"
            )
        refs = [r for r in refs if r.api in set(args.api)]

    report = diff_dirs(
        args.old_dir,
        args.new_dir,
        documents=refs,
        docs=args.docs,
        jobs=args.jobs,
    )
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(report))
    return 0
