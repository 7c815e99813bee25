"""The README's and the migration guide's Python examples pass ``mypy --strict`` unchanged.

Each ```` ```python ```` block of README.md and docs/migrating.md (there, the xero-sdk blocks:
a block under a peer SDK's label, ``pyxero``, ``xero-python`` or ``xeroizer``, shows that
SDK's code) is checked as its own module, run inside an
``async def`` (so ``await`` and ``async for`` examples are valid) after a prelude that declares,
with their types, the names the README leaves to the reader (``app``, ``org``, ``tenant_id``...).
A line with the comment ``# mypy: error`` shows code mypy must refuse: the test requires an error on
exactly those lines and on no other.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = (ROOT / "README.md", ROOT / "docs" / "migrating.md")
PEERS = ("pyxero", "xero-python", "xeroizer")

PRELUDE = """\
from __future__ import annotations
import os
from queue import Queue
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
new_invoices: Invoices
bad_invoice: dict[str, Any]
order_id: int
request_url: str
old_token: Any
old_xero_python_token_dict: dict[str, Any]
db: Any
user_id: str
work_queue: Queue[Any]
items: list[dict[str, Any]]
feed_id: str
metrics: Any
five_hundred_ids: list[UUID]
def handle(item: Any) -> None: ...
def run_my_sync(xero: Xero) -> None: ...

"""

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
ERROR_LINE = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): error: (?P<message>.*)$", re.M)


def blocks(document: Path) -> list[tuple[str, str]]:
    """(``file:line`` of the block's first code line, code) for every xero-sdk python block."""
    text = document.read_text(encoding="utf-8")
    found = []
    for m in BLOCK.finditer(text):
        before = text[: m.start()].rstrip().splitlines()
        if before and any(peer in before[-1] for peer in PEERS):
            continue
        found.append((f"{document.name}:{text.count(chr(10), 0, m.start(1)) + 1}", m.group(1)))
    return found


def test_documented_examples_pass_mypy_strict(tmp_path: Path) -> None:
    from mypy import api

    found = [block for document in DOCUMENTS for block in blocks(document)]
    assert len(found) >= 30, "the examples were not found"
    offset = PRELUDE.count("\n") + 1  # the prelude, then the ``async def`` line
    files = []
    expected: set[tuple[str, int]] = set()
    origin: dict[tuple[str, int], str] = {}
    for n, (where, code) in enumerate(found):
        path = tmp_path / f"example_{n}.py"
        body = textwrap.indent(code, "    ")
        path.write_text(f"{PRELUDE}async def example() -> None:\n{body}    pass\n", encoding="utf-8")
        files.append(str(path))
        file, first = where.rsplit(":", 1)
        for i, line in enumerate(code.splitlines()):
            origin[(path.name, offset + i + 1)] = f"{file}:{int(first) + i}"
            if "# mypy: error" in line:
                expected.add((path.name, offset + i + 1))
    out, err, _status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache"), *files]
    )
    errors = {(Path(m["file"]).name, int(m["line"])): m["message"] for m in ERROR_LINE.finditer(out)}
    unexpected = {f"{origin.get(k, '?')}: {msg}" for k, msg in errors.items() if k not in expected}
    assert not unexpected, "\n".join(sorted(unexpected)) + err
    missing = {origin[k] for k in expected if k not in errors}
    assert not missing, f"mypy accepted lines the documents say it refuses: {sorted(missing)}"
    assert expected, "the README shows no refused line any more: keep one"
