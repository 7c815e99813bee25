"""The Python examples of README.md and docs/: found, classified by their markers, made checkable.

Every fenced ```` ```python ```` block is an example. A block that cannot run says why in an
HTML comment on the line(s) just before its fence::

    <!-- example: no-run reason="opens a browser and waits for the user's consent" -->
    <!-- example: skip reason="pyxero code, shown for comparison" -->

* no marker: executed (against the example target, see ``conftest.py``) and type-checked with
  ``mypy --strict``;
* ``no-run``: type-checked only;
* ``skip``: neither (code of another library, a shell transcript highlighted as Python...).

A line ending in ``# mypy: error`` shows code the type checker rejects: mypy must report an
error on exactly that line (and on no other).

A block sees the names of the example context (``org``, ``app``, ``tenant_id``...:
:data:`CONTEXT`) that it uses without defining; the type-check prelude declares exactly those,
with their types, so a block that defines ``app`` itself may give it another type.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from tests.specdocs import ROOT

MARKER = re.compile(r"<!--\s*example:\s*(?P<kind>[a-z-]+)(?:\s+reason=\"(?P<reason>[^\"]*)\")?\s*-->")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")
KINDS = ("run", "no-run", "skip")
EXPECTED_ERROR = "# mypy: error"

#: name -> annotation: what a block may use without defining it. The example target
#: (``conftest.py``) gives each a real value.
CONTEXT: dict[str, str] = {
    "client_id": "str",
    "client_secret": "str",
    "app": "_sdk.OAuth2App",
    "store": "_sdk.FileTokenStore",
    "token": "_sdk.Token",
    "old_token": "_sdk.Token",
    "tenant_id": "str",
    "xero": "_sdk.Xero",
    "org": "_sdk.Xero",
    "async_xero": "_sdk.AsyncXero",
    "aorg": "_sdk.AsyncXero",
    "contact_id": "_uuid.UUID",
    "invoice_id": "_uuid.UUID",
    "credit_note_id": "_uuid.UUID",
    "id1": "_uuid.UUID",
    "id2": "_uuid.UUID",
    "invoices": "list[_accounting.Invoice]",
    "batch": "_accounting.Invoices",
    "new_invoices": "_accounting.Invoices",
    "bad_invoice": "dict[str, _t.Any]",
    "session": "dict[str, str]",
    "request_url": "str",
    "auth_event_id": "str",
    "order_id": "str",
    "handle": "_abc.Callable[[_t.Any], None]",
    "work_queue": "_queue.Queue[_t.Any]",
    "db": "_t.Any",
    "old_xero_python_token_dict": "dict[str, _t.Any]",
    "user_id": "str",
    "raw_body": "bytes",
    "signature": "str",
    "webhook_key": "str",
}
#: imported under names no example uses, so the prelude adds no name a block could rely on
PRELUDE_IMPORTS = (
    "import collections.abc as _abc",
    "import queue as _queue",
    "import typing as _t",
    "import uuid as _uuid",
    "import xero_sdk as _sdk",
    "import xero_sdk.accounting as _accounting",
)


@attrs.frozen
class Block:
    path: Path  # relative to the repository root
    line: int  # of the opening fence, 1-based
    code: str
    kind: str  # run | no-run | skip
    reason: str

    @property
    def id(self) -> str:
        return f"{self.path.as_posix()}:{self.line}"

    @property
    def module_name(self) -> str:
        return "example_" + re.sub(r"\W", "_", self.id)

    def expected_error_lines(self) -> list[int]:
        """Lines (1-based, in ``code``) that mypy must reject."""
        return [
            i for i, line in enumerate(self.code.splitlines(), 1) if line.rstrip().endswith(EXPECTED_ERROR)
        ]


class MarkerError(ValueError):
    pass


def example_files() -> list[Path]:
    """README.md and every page under docs/ (the generated reference is built elsewhere)."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks_in(path: Path, root: Path = ROOT) -> Iterator[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rel = path.relative_to(root)
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m["indent"], m["fence"], m["lang"]
        start = i
        i += 1
        body = []
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        if lang != "python":
            continue
        kind, reason = _marker(lines, start, rel)
        yield Block(rel, start + 1, "\n".join(body) + "\n", kind, reason)


def _marker(lines: list[str], fence: int, rel: Path) -> tuple[str, str]:
    j = fence - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0:
        return "run", ""
    m = MARKER.search(lines[j])
    if not m:
        return "run", ""
    kind, reason = m["kind"], (m["reason"] or "").strip()
    if kind not in KINDS:
        raise MarkerError(f"{rel}:{j + 1}: unknown example marker {kind!r} (one of {', '.join(KINDS)})")
    if kind != "run" and not reason:
        raise MarkerError(f"{rel}:{j + 1}: an example marker '{kind}' must say why: reason=\"...\"")
    return kind, reason


def all_blocks() -> list[Block]:
    return [b for path in example_files() for b in blocks_in(path)]


def _parse(code: str) -> ast.Module:
    tree = compile(code, "<example>", "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    assert isinstance(tree, ast.Module)
    return tree


def free_names(code: str) -> set[str]:
    """Names the block reads that it never binds (a binding at any level counts; a function's
    parameters do not, so a parameter named like a context name also gets it declared, harmlessly)."""
    tree = _parse(code)
    loaded: set[str] = set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loaded - bound


def has_top_level_async(code: str) -> bool:
    """``await``, ``async for`` or ``async with`` outside any function (an example written as
    the body of a coroutine)."""
    tree = _parse(code)
    stack: list[ast.AST] = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def typecheck_source(block: Block) -> tuple[str, int]:
    """The module mypy checks for ``block``: a prelude declaring the context names it uses, then
    the block (inside ``async def`` when it awaits at top level, as an event loop would run
    it); and how many lines come before the block's first line."""
    needed = sorted(free_names(block.code) & CONTEXT.keys())
    prelude = [
        "from __future__ import annotations",
        *PRELUDE_IMPORTS,
        *(f"{n}: {CONTEXT[n]}" for n in needed),
    ]
    code = block.code
    if has_top_level_async(code):
        prelude.append("async def _example() -> None:")
        code = "".join(f"    {line}\n" if line.strip() else "\n" for line in code.splitlines())
    return "\n".join(prelude) + "\n" + code, len(prelude)
