"""What the templates emit, pinned: the synthetic document rendered equals ``golden/expected``.

A failure prints the unified diff of every file that changed; if the change is intended, run
``python -m tests.codegen.golden --update`` and commit expected/ with the template change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.codegen.golden import EXPECTED, files, render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return files(render(tmp_path_factory.mktemp("golden")))


def test_every_template_path_is_exercised(rendered: dict[str, str]) -> None:
    """The document still reaches each path the golden files are meant to pin."""
    facade = rendered["facade.py"]
    needles = {
        "paging twin": "def iter_things(",
        "where filter": "render_where(",
        "order": "render_order(",
        "If-Modified-Since": "If-Modified-Since",
        "unitdp": "unitdp",
        "idempotency": "Idempotency-Key",
        "PDF": "application/pdf",
        "bare array": "def get_parts(",
        "multipart": "def upload_thing(",
        "attachment body": "bytes | IO[bytes]",
        "204": "def delete_thing(",
    }
    everything = "\n".join(rendered.values())
    missing = [what for what, text in needles.items() if text not in facade and text not in everything]
    assert not missing, f"the synthetic document no longer exercises: {missing}"
    thing = rendered["models/thing.py"]
    for field in ("parse_date", "parse_datetime", "Decimal", "UUID", "Status", "Level", "reference"):
        assert field in thing, field


def test_rendered_output_matches_the_golden_files(rendered: dict[str, str]) -> None:
    expected = files(EXPECTED)
    diffs = []
    for name in sorted(set(expected) | set(rendered)):
        old, new = expected.get(name, ""), rendered.get(name, "")
        if old != new:
            diffs += difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"expected/{name}" if name in expected else "/dev/null",
                f"rendered/{name}" if name in rendered else "/dev/null",
            )
    assert not diffs, (
        "the templates emit something else for tests/codegen/golden/synthetic.yaml; if intended, run "
        "`python -m tests.codegen.golden --update`:\n" + "".join(diffs)
    )


def test_the_golden_folder_is_complete() -> None:
    assert (EXPECTED / "facade.py").is_file() and (EXPECTED / "models" / "thing.py").is_file()
    assert not list(Path(EXPECTED).rglob("__pycache__"))
