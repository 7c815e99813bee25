"""README.md's benchmark tables are written from a results file, never by hand: a complete full
run is rendered (with its date, ratios and ranges), anything less is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks._common import Row, Section, Settings, Target
from benchmarks.readme import END, START, Refused, main, render, replace_block
from benchmarks.run import SECTIONS

ROOT = Path(__file__).resolve().parents[2]


def results(
    *, quick: bool = False, keys: list[str] | None = None, error: str | None = None
) -> dict[str, Any]:
    sections = []
    for key in keys if keys is not None else list(SECTIONS):
        section = Section(key, f"{key} title", error=error if key == "async" else None)
        section.rows.append(Row(f"{key} row", 12.5, "ms", 0.42, "xero-python", "a note", (0.4, 0.47)))
        section.targets.append(Target(f"{key} <= 0.5x xero-python", 0.42, "<=", 0.5, "x", "", (0.4, 0.47)))
        sections.append(section.to_json())
    settings = (Settings.quick_settings() if quick else Settings.full()).to_json()
    environment = {
        "when": "2026-12-07T03:59:00+00:00",
        "git": {"commit": "abc1234", "changed_files_in_xero_sdk_and_generated": 0},
        "python": "3.11.7",
        "platform": "Linux",
        "cpus": 2,
        "load_average_start": [1.0, 1.0, 1.0],
        "load_average_end": [1.2, 1.0, 1.0],
        "versions": {"xero-sdk": "0.1.0", "xero-python": "15.2.0", "pyxero": None},
    }
    return {"environment": environment, "settings": settings, "sections": sections}


def test_a_full_run_renders_every_target_with_its_range_and_the_date() -> None:
    block = render(results())
    assert block.startswith(START) and block.endswith(END)
    assert "Run of 2026-12-07 03:59:00 UTC, commit abc1234" in block
    for key in SECTIONS:
        assert f"| {key} <= 0.5x xero-python | 0.42x [0.40-0.47] | PASS |" in block
        assert f"| {key} row | 12.5 ms | 0.42x xero-python [0.40-0.47] | a note |" in block
    assert "pyxero" not in block  # not installed: not listed as a version


@pytest.mark.parametrize(
    "bad, reason",
    [
        (results(quick=True), "quick"),
        (results(keys=["import", "parse"]), "left out"),
        (results(error="RuntimeError: boom"), "failed"),
    ],
)
def test_less_than_a_complete_full_run_is_refused(bad: dict[str, Any], reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        render(bad)
    assert render(bad, force=True).startswith(START)


def test_only_the_block_is_replaced_and_twice_is_the_same(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n\n{START}\nold table\n{END}\n\nafter\n")
    data = tmp_path / "results.json"
    data.write_text(json.dumps(results()))
    assert main(["--json", str(data), "--readme", str(readme)]) == 0
    once = readme.read_text()
    assert once.startswith("# Title\n\nbefore\n\n" + START) and once.endswith(END + "\n\nafter\n")
    assert "old table" not in once
    assert main(["--json", str(data), "--readme", str(readme)]) == 0
    assert readme.read_text() == once
    data.write_text(json.dumps(results(quick=True)))
    assert main(["--json", str(data), "--readme", str(readme)]) == 1
    assert readme.read_text() == once


def test_the_project_readme_has_one_generated_block() -> None:
    text = (ROOT / "README.md").read_text()
    assert text.count(START) == 1 and text.count(END) == 1
    assert replace_block(text, START + "\n" + END).count(START) == 1
