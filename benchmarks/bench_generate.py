"""10. Wall time of ``make generate`` (``python -m codegen.generate --out <tmp>``).

Generates into a temporary folder (``generated/`` is never touched) and removes it. The quick
mode generates one small API only, to prove the step works; its time is not the target's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from benchmarks._common import ROOT, Row, Section, Settings, Target

TARGET_SECONDS = 90.0
TIMEOUT_SECONDS = 900.0


def run(settings: Settings) -> Section:
    only = list(settings.generate_only)
    what = "all APIs" if not only else ", ".join(only) + " only"
    section = Section("generate", f"10. make generate ({what}, s)")
    with tempfile.TemporaryDirectory(prefix="xero-bench-generate-") as out:
        args = [sys.executable, "-m", "codegen.generate", "--out", out]
        if only:
            args += ["--only", *only]
        start = time.perf_counter()
        proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        elapsed = time.perf_counter() - start
        files = sum(len(names) for _, _, names in os.walk(out))
    if proc.returncode != 0:
        raise RuntimeError(f"codegen.generate failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    section.rows.append(Row(f"python -m codegen.generate ({what})", elapsed, "s", note=f"{files} files"))
    section.targets.append(
        Target(
            f"generation <= {TARGET_SECONDS:g} s",
            elapsed if not only else None,
            "<=",
            TARGET_SECONDS,
            "s",
            "" if not only else "quick mode: one API only, not comparable",
        )
    )
    section.details = {"seconds": elapsed, "stdout_tail": proc.stdout.strip().splitlines()[-3:]}
    return section
