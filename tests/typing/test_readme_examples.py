"""The README's Python examples pass ``mypy --strict`` unchanged.

Each ```` ```python ```` block of README.md is checked as its own module, run inside an
``async def`` (so ``await`` and ``async for`` examples are valid) after a prelude that declares,
with their types, the names the README leaves to the reader (``app``, ``org``, ``tenant_id``...).
A line ending in ``# mypy: error`` shows code mypy must refuse: the test requires an error on
exactly those lines and on no other.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

PRELUDE = """\
from __future__ import annotations
from typing import Any
from uuid import UUID
from xero_sdk import AsyncXero, FileTokenStore, OAuth2App, Xero
from xero_sdk.accounting import Invoice, Invoices

client_id: str
client_secret: str
app: OAuth2App
store: FileTokenStore
session: dict[str, str]
request: Any
tenant_id: UUID
contact_id: UUID
invoice_id: UUID
id1: UUID
id2: UUID
org: Xero
aorg: AsyncXero
invoices: list[Invoice]
batch: Invoices

"""

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
ERROR_LINE = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): error: (?P<message>.*)$", re.M)


def blocks() -> list[tuple[int, str]]:
    """(README line of the block's first code line, code) for every python block."""
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in BLOCK.finditer(text)]


def test_readme_examples_pass_mypy_strict(tmp_path: Path) -> None:
    from mypy import api

    found = blocks()
    assert len(found) >= 10, "the README's examples were not found"
    offset = PRELUDE.count("\n") + 1  # the prelude, then the ``async def`` line
    files = []
    expected: set[tuple[str, int]] = set()
    origin: dict[tuple[str, int], int] = {}
    for n, (readme_line, code) in enumerate(found):
        path = tmp_path / f"readme_example_{n}.py"
        body = textwrap.indent(code, "    ")
        path.write_text(f"{PRELUDE}async def example() -> None:\n{body}    pass\n", encoding="utf-8")
        files.append(str(path))
        for i, line in enumerate(code.splitlines()):
            origin[(path.name, offset + i + 1)] = readme_line + i
            if line.rstrip().endswith("# mypy: error"):
                expected.add((path.name, offset + i + 1))
    out, err, _status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache"), *files]
    )
    errors = {(Path(m["file"]).name, int(m["line"])): m["message"] for m in ERROR_LINE.finditer(out)}
    unexpected = {f"README.md:{origin.get(k, '?')}: {msg}" for k, msg in errors.items() if k not in expected}
    assert not unexpected, "\n".join(sorted(unexpected)) + err
    missing = {f"README.md:{origin[k]}" for k in expected if k not in errors}
    assert not missing, f"mypy accepted lines the README says it refuses: {sorted(missing)}"
    assert expected, "the README shows no refused line any more: keep one"
