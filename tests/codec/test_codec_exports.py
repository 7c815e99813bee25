"""xero_sdk._runtime.codec: the exported names, and that importing it stays cheap."""

from __future__ import annotations

import json
import subprocess
import sys

import xero_sdk._runtime.codec as codec

EXPORTS = [
    "OpenStrEnum",
    "dumps",
    "format_date",
    "format_datetime",
    "format_if_modified_since",
    "loads",
    "parse_date",
    "parse_datetime",
    "to_decimal",
]


def test_exported_names() -> None:
    assert codec.__all__ == EXPORTS
    for name in EXPORTS:
        assert getattr(codec, name).__module__.startswith("xero_sdk._runtime.codec.")


_PROBE = """
import json, sys
import xero_sdk
before = set(sys.modules)
import xero_sdk._runtime.codec
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_import_is_stdlib_only() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], check=True, capture_output=True, text=True).stdout
    added = json.loads(out)
    # Beyond `import xero_sdk`: only the codec's own modules and the standard library.
    allowed = set(sys.stdlib_module_names) | {"xero_sdk"}
    assert [name for name in added if name.split(".")[0] not in allowed] == []
    for heavy in ("dateutil", "attrs", "attr", "httpx", "authlib", "hypothesis"):
        assert heavy not in added
