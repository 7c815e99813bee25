"""``make demo``: the quickstart against the local Xero server shows computed effects."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_demo_shows_true_effects() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XERO_")}
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert (
        "subtotal + tax         574.84 + 86.23 = 661.07 NZD" in out
    )  # 2.5 x 229.8950 + 0.10, GST 15% per line
    assert re.search(r"active contacts 'A\.\.\.' 4\n", out)  # the where filter selected them
    assert "invoice now            PAID, amount due 0.00" in out
    debits, credits = re.search(r"total debits/credits   ([\d.]+) / ([\d.]+)", out).groups()  # type: ignore[union-attr]
    assert debits == credits
    assert "26 contacts on 3 pages" in out
    assert re.search(
        r"INVOICE  UPDATE  http://127\.0\.0\.1:\d+/api\.xro/2\.0/Invoices/", out
    )  # signed webhook
    assert "intent to receive passed" in out
