"""Every Python example in README.md and docs/ runs and passes ``mypy --strict``.

Blocks are found when the tests are collected, so a block someone adds later is executed
without touching this file; one that cannot run carries a marker saying why (see
``examples.py``), and the closing summary counts the markers with their reasons.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import linecache
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.specdocs import ROOT

from .conftest import ExampleTarget
from .examples import Block, all_blocks, typecheck_source

BLOCKS = all_blocks()
RUN = [b for b in BLOCKS if b.kind == "run"]
CHECKED = [b for b in BLOCKS if b.kind in ("run", "no-run")]
MYPY_LINE = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): (?P<level>error|note): (?P<message>.*)$")


def _ids(blocks: list[Block]) -> list[str]:
    return [b.id for b in blocks]


@pytest.mark.parametrize("block", RUN, ids=_ids(RUN))
def test_example_runs(
    block: Block, example_target: ExampleTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__example__", **example_target.context(tmp_path)}
    # a traceback names the block and shows its lines with the Markdown file's line numbers
    source = "\n" * block.line + block.code
    filename = f"<{block.id}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    code = compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(code, namespace)
    if inspect.iscoroutine(result):
        asyncio.run(result)


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str]]]:
    """One ``mypy --strict`` run over every checked block: module name -> (block line, message)."""
    folder = tmp_path_factory.mktemp("doc-examples")
    offsets = {}
    for block in CHECKED:
        text, prelude = typecheck_source(block)
        (folder / f"{block.module_name}.py").write_text(text, encoding="utf-8")
        offsets[block.module_name] = prelude
    done = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--strict",
            "--disable-error-code", "top-level-await", "--show-error-codes", "--no-error-summary",
            "--no-pretty", "--no-color-output", *sorted(str(p) for p in folder.glob("*.py")),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    out: dict[str, list[tuple[int, str]]] = {name: [] for name in offsets}
    for line in done.stdout.splitlines():
        m = MYPY_LINE.match(line)
        if m and m["level"] == "error":
            name = Path(m["file"]).stem
            out[name].append((int(m["line"]) - offsets[name], m["message"]))
    if done.returncode not in (0, 1) or (done.returncode == 1 and not any(out.values())):
        pytest.fail(f"mypy did not run:\n{done.stdout}\n{done.stderr}"[-4000:])
    return out


@pytest.mark.parametrize("block", CHECKED, ids=_ids(CHECKED))
def test_example_typechecks(block: Block, mypy_errors: dict[str, list[tuple[int, str]]]) -> None:
    errors = mypy_errors[block.module_name]
    expected = set(block.expected_error_lines())
    unexpected = [f"{block.path}:{block.line + n}: {msg}" for n, msg in errors if n not in expected]
    assert not unexpected, "mypy --strict:\n" + "\n".join(unexpected)
    missed = sorted(expected - {n for n, _ in errors})
    assert not missed, f"lines marked '# mypy: error' that mypy accepts: {[block.line + n for n in missed]}"


def test_examples_are_found_and_every_marker_says_why() -> None:
    assert len(RUN) >= 20, [b.id for b in BLOCKS]
    readme = [b for b in BLOCKS if b.path.as_posix() == "README.md"]
    assert readme and all(b.code.strip() for b in BLOCKS)
    assert all(b.reason for b in BLOCKS if b.kind != "run")
