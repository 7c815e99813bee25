"""What the templates emit, pinned: the synthetic document rendered equals ``golden/expected``.

A failure prints the unified diff of every file that changed; if the change is intended, run
``python -m tests.codegen.golden --update`` and commit expected/ with the template change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.codegen.golden import EXPECTED, GOLDENS, NO_WHERE, Golden, files, render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return files(render(tmp_path_factory.mktemp("golden")))


@pytest.fixture(scope="module")
def rendered_no_where(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return files(render(tmp_path_factory.mktemp("golden-no-where"), NO_WHERE))


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
    # where filters: typed field references, nested ones through the model's fields
    assert "class ThingFields(Fields):" in thing and "Thing.F = ThingFields()" in thing
    assert "def parts(" not in thing.split("class ThingFields")[1]  # a list: no reference
    # the facade: one module of methods per resource group, bases of the API classes for mypy,
    # each method imported on first use at run time
    facade = rendered["facade.py"]
    bases = (
        "class _AccountingMethods(\n        PartsMethods,\n        ThingsMethods,\n        UploadsMethods,"
    )
    assert bases in facade and "class AccountingApi(_AccountingMethods):" in facade
    assert (
        '"methods.uploads": (\n                "UploadsMethods",\n                "AsyncUploadsMethods",'
        in facade
    )
    assert {n for n in rendered if n.startswith("methods/")} == {
        "methods/__init__.py",
        "methods/parts.py",
        "methods/things.py",
        "methods/uploads.py",
    }


def test_an_api_without_where_gets_no_field_references(rendered_no_where: dict[str, str]) -> None:
    models = {n: text for n, text in rendered_no_where.items() if n.startswith("models/")}
    assert "models/employee.py" in models and "address" in models["models/employee.py"]
    for name, text in models.items():
        for absent in ("(Fields):", "Fields()", "xero_sdk._runtime.fields", "    F: ClassVar", ".F = "):
            assert absent not in text, (name, absent)
    assert (
        "class _PayrollUkMethods(\n        EmployeesMethods,\n        SettingsMethods,\n    )"
        in (rendered_no_where["facade.py"])
    )


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda g: g.document.name)
def test_rendered_output_matches_the_golden_files(
    golden: Golden, rendered: dict[str, str], rendered_no_where: dict[str, str]
) -> None:
    rendered = rendered if golden.expected == EXPECTED else rendered_no_where
    expected = files(golden.expected)
    diffs = []
    for name in sorted(set(expected) | set(rendered)):
        old, new = expected.get(name, ""), rendered.get(name, "")
        if old != new:
            diffs += difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"{golden.expected.name}/{name}" if name in expected else "/dev/null",
                f"rendered/{name}" if name in rendered else "/dev/null",
            )
    assert not diffs, (
        f"the templates emit something else for tests/codegen/golden/{golden.document.name}; if intended, run "
        "`python -m tests.codegen.golden --update`:\n" + "".join(diffs)
    )


def test_the_golden_folder_is_complete() -> None:
    assert (EXPECTED / "facade.py").is_file() and (EXPECTED / "models" / "thing.py").is_file()
    assert (NO_WHERE.expected / "methods" / "employees.py").is_file()
    for golden in GOLDENS:
        assert not list(Path(golden.expected).rglob("__pycache__"))
