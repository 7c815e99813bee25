"""Fixtures for the spec lock, fetch and API-diff tests.

Xero's documents are read from ``$XERO_SPECS_DIR`` when set, else from ``../shared/specs``
next to the project root; tests that need them are skipped when they are absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

OLD_RELEASE = "16.0.0"


def shared_specs_dir() -> Path:
    env = os.environ.get("XERO_SPECS_DIR", "").strip()
    return Path(env) if env else ROOT.parent / "shared" / "specs"


# Read once at import, before any test changes the environment.
SHARED_SPECS = shared_specs_dir()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_specs() -> Path:
    """The folder holding the locked (16.1.0) documents."""
    from specs.fetch import load_lock

    src = SHARED_SPECS
    missing = [d.file for d in load_lock(ROOT).documents if not (src / d.source_path).is_file()]
    if missing:
        pytest.skip(f"Xero documents not available in {src} (missing {', '.join(missing)})")
    return src


@pytest.fixture(scope="session")
def old_specs(shared_specs: Path) -> Path:
    """The previous release (16.0.0) kept next to the current one."""
    old = shared_specs / "releases" / OLD_RELEASE
    if not (old / "xero_accounting.yaml").is_file():
        pytest.skip(f"previous release not available in {old}")
    return old


@pytest.fixture
def fake_project(tmp_path: Path) -> Path:
    """A project root holding only specs/lock.json, with no ../shared/specs next to it."""
    root = tmp_path / "proj"
    (root / "specs").mkdir(parents=True)
    shutil.copyfile(ROOT / "specs" / "lock.json", root / "specs" / "lock.json")
    return root


@pytest.fixture(autouse=True)
def _no_ambient_specs_dir(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Tests set XERO_SPECS_DIR themselves; a value from the caller's shell must not leak in.

    ``SHARED_SPECS`` has already been read from it at import time.
    """
    if "shared_specs" in request.fixturenames or "fake_project" in request.fixturenames:
        monkeypatch.delenv("XERO_SPECS_DIR", raising=False)
