"""Editors and mypy resolve ``from xero_sdk.accounting import Invoice`` from an installed wheel.

The wheel is built from this tree, installed into a fresh virtual environment (its runtime
dependencies borrowed from the current environment's site-packages, so nothing is downloaded),
and mypy, pointed at that environment's interpreter, must see the real types: a ``Decimal``
field assigned to an ``int`` has to be an error, which it would not be if the package were
untyped (``Any``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = """\
from decimal import Decimal
from xero_sdk.accounting import Invoice, LineItem
from xero_sdk.payroll_nz import Employee

invoice = Invoice(line_items=[LineItem(quantity=Decimal("1"))])
total: Decimal | None = invoice.total
wrong: int = invoice.total
name: str | None = Employee().first_name
"""


def mypy_on(snippet: Path, python: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-executable",
            python,
            str(snippet),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def check_types_resolved(result: subprocess.CompletedProcess[str]) -> None:
    out = result.stdout + result.stderr
    assert (
        'Incompatible types in assignment (expression has type "Decimal | None", variable has type "int")'
        in out
    ), out
    assert out.count("error:") == 1, out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        timeout=600,
    )
    (wheel,) = out.glob("xero_sdk-*.whl")
    return wheel


def test_wheel_ships_one_typed_package(wheel: Path) -> None:
    """The handwritten and generated halves merged into one ``xero_sdk``, nothing beside it."""
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.startswith("xero_sdk-")} == {"xero_sdk"}
    assert "xero_sdk/py.typed" in names
    assert "xero_sdk/accounting.py" in names
    assert "xero_sdk/_generated/clients.py" in names
    assert "xero_sdk/_generated/accounting/models/invoice.py" in names
    assert "xero_sdk/_generated/accounting/facade.py" in names
    assert not [n for n in names if n.endswith(".yaml")], "Xero's documents are never shipped"


def test_mypy_resolves_models_from_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = str(env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        timeout=600,
    )
    # runtime dependencies (httpx, attrs, ...) from this environment; a path added by a .pth
    # line does not process that directory's own .pth files, so the editable install stays out
    (site / "deps-from-dev-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    snippet = tmp_path / "user.py"
    snippet.write_text(SNIPPET)
    where = subprocess.run(
        [
            python,
            "-c",
            "import importlib.util, xero_sdk, xero_sdk._generated; print(xero_sdk.__file__); "
            "print(xero_sdk._generated.__file__); print(importlib.util.find_spec('xero_generated'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where and str(site) in where, where
    assert where.splitlines()[-1] == "None", "one top-level package: no xero_sdk._generated"
    check_types_resolved(mypy_on(snippet, python, tmp_path))


def test_mypy_resolves_models_from_editable_install(tmp_path: Path) -> None:
    snippet = tmp_path / "user.py"
    snippet.write_text(SNIPPET)
    check_types_resolved(mypy_on(snippet, sys.executable, tmp_path))
