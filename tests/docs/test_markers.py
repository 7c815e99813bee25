"""How the example runner reads Markdown: which blocks, which markers, what mypy is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from .examples import Block, MarkerError, blocks_in, free_names, typecheck_source

PAGE = """# Title

```python
print(org)
```

<!-- example: no-run reason="opens a browser" -->

```python
run_loopback_flow(app)
```

<!-- example: skip reason="pyxero code" -->
```python
xero.invoices.filter(Status="PAID")
```

```bash
echo not python
```

- a list item with a nested block:

    ```python
    x = 1
    ```
"""


def _blocks(tmp_path: Path, text: str) -> list[Block]:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return list(blocks_in(page, root=tmp_path))


def test_blocks_markers_and_line_numbers(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path, PAGE)
    assert [(b.line, b.kind, b.reason) for b in blocks] == [
        (3, "run", ""),
        (9, "no-run", "opens a browser"),
        (14, "skip", "pyxero code"),
        (24, "run", ""),
    ]
    assert blocks[0].code == "print(org)\n"
    assert blocks[3].code == "x = 1\n"  # the list's indentation removed
    assert blocks[0].id == "page.md:3"


@pytest.mark.parametrize(
    "marker",
    ["<!-- example: no-run -->", '<!-- example: skip reason="" -->', '<!-- example: later reason="x" -->'],
)
def test_a_marker_without_a_reason_or_of_an_unknown_kind_is_refused(tmp_path: Path, marker: str) -> None:
    with pytest.raises(MarkerError):
        _blocks(tmp_path, f"{marker}\n```python\npass\n```\n")


def test_the_prelude_declares_only_the_context_names_a_block_uses_without_defining() -> None:
    code = "from xero_sdk import Xero\napp = make()\nprint(org, app, Xero, tenant_id)\n"
    assert free_names(code) == {"make", "print", "org", "tenant_id"}
    text, offset = typecheck_source(Block(Path("x.md"), 1, code, "run", ""))
    prelude = text.splitlines()[:offset]
    assert "org: _sdk.Xero" in prelude and "tenant_id: str" in prelude
    assert not any(line.startswith("app:") for line in prelude)
    assert text.splitlines()[offset:] == code.splitlines()


def test_a_block_that_awaits_at_top_level_is_checked_as_a_coroutine_body() -> None:
    code = "async for e in aorg.payroll_nz.iter_employees():\n    print(e)\n"
    text, offset = typecheck_source(Block(Path("x.md"), 1, code, "run", ""))
    lines = text.splitlines()
    assert lines[offset - 1] == "async def _example() -> None:"
    assert lines[offset] == "    async for e in aorg.payroll_nz.iter_employees():"


def test_lines_marked_as_mypy_errors_are_found() -> None:
    block = Block(Path("x.md"), 1, 'a = 1\nb: int = "x"  # mypy: error\n', "run", "")
    assert block.expected_error_lines() == [2]
