"""The generated API facades import these modules: they must pull in nothing but the stdlib."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
import xero_sdk  # whatever the package itself imports is not these modules' cost
before = set(sys.modules)
import xero_sdk._runtime.where, xero_sdk._runtime.order
added = sorted(set(sys.modules) - before)
print(json.dumps(added))
"""


def test_only_stdlib_is_imported() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    added = json.loads(result.stdout)
    ours = {name for name in added if name.split(".")[0] == "xero_sdk"}
    others = {name.split(".")[0] for name in added} - {"xero_sdk"}
    assert ours >= {"xero_sdk._runtime.where", "xero_sdk._runtime.order"}
    assert others <= set(sys.stdlib_module_names), others - set(sys.stdlib_module_names)
    assert not others & {"difflib", "unicodedata", "json", "dataclasses", "inspect", "asyncio"}
