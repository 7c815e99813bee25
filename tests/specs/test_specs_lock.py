"""specs/lock.json: the pinned documents (those of release 16.1.0, Bank Feeds v2 from a later
commit), checked against the shared copies. That the lock and the registry of APIs
(``xero_sdk/_apis.py``) name the same documents is checked in ``tests/test_registry.py``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from specs.fetch import SpecsError, load_lock, parse_lock, sha256_file


def _sha256sums(folder: Path) -> dict[str, str]:
    sums: dict[str, str] = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.strip().lstrip("*")] = digest.lower()
    return sums


def test_lock_pins_release_16_1_0(project_root: Path) -> None:
    lock = load_lock(project_root)
    assert lock.release == "16.1.0"
    for doc in lock.documents:
        assert doc.kind == ("webhooks" if doc.api == "webhooks" else "rest")
    assert lock.document("payroll_au_v2").title == "Payroll AU v2"
    with pytest.raises(KeyError):
        lock.document("nope")


def test_lock_urls_are_pinned_to_the_tag(project_root: Path) -> None:
    """A document of the release is pinned to its tag; one released later (``next``) to a commit."""
    lock = load_lock(project_root)
    assert lock.document("bankfeeds_v2").folder == "next"
    for doc in lock.documents:
        later = doc.tag != lock.release
        assert not later or len(doc.tag) == 40, doc.api
        assert doc.folder == ("next" if later else ""), doc.api
        assert doc.url == f"https://raw.githubusercontent.com/XeroAPI/Xero-OpenAPI/{doc.tag}/{doc.file}"


def test_lock_matches_sha256sums_of_shared_specs(project_root: Path, shared_specs: Path) -> None:
    lock = load_lock(project_root)
    sums = _sha256sums(shared_specs)
    assert {doc.file: doc.sha256 for doc in lock.documents if not doc.folder} == sums
    for doc in lock.documents:
        assert sha256_file(shared_specs / doc.source_path) == doc.sha256, doc.file


def test_next_documents_match_their_source_md(project_root: Path, shared_specs: Path) -> None:
    """A document newer than the release is locked to the commit and sha256 its folder's
    SOURCE.md names."""
    for doc in load_lock(project_root).documents:
        if doc.folder:
            text = (shared_specs / doc.folder / "SOURCE.md").read_text(encoding="utf-8")
            assert f"Commit: {doc.tag}" in text and f"sha256 ({doc.file}): {doc.sha256}" in text
            assert doc.url in text


def test_lock_release_matches_source_md(project_root: Path, shared_specs: Path) -> None:
    source_md = shared_specs / "SOURCE.md"
    if not source_md.is_file():
        pytest.skip("no SOURCE.md")
    lock = load_lock(project_root)
    text = source_md.read_text(encoding="utf-8")
    assert f"release tag {lock.release}" in text
    if lock.commit:
        assert lock.commit in text


def test_no_xero_document_in_the_project_tree(project_root: Path) -> None:
    """Xero's YAML files are never committed: none may be tracked or committable (not ignored)."""
    if shutil.which("git") is None or not (project_root / ".git").exists():
        pytest.skip("not a git checkout")
    names = {doc.file for doc in load_lock(project_root).documents}
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=project_root,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    offending = [path for path in listed.split("\0") if path and Path(path).name in names]
    assert offending == []
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".specs/16.1.0/xero_accounting.yaml"], cwd=project_root, check=False
    )
    assert ignored.returncode == 0, ".specs/ must be git-ignored"


def _valid() -> dict[str, Any]:
    return {
        "lock_version": 1,
        "repository": "https://github.com/XeroAPI/Xero-OpenAPI",
        "release": "1.0.0",
        "commit": None,
        "documents": [
            {
                "api": "accounting",
                "title": "Accounting",
                "file": "xero_accounting.yaml",
                "kind": "rest",
                "tag": "1.0.0",
                "sha256": "a" * 64,
                "url": "https://example.com/xero_accounting.yaml",
            }
        ],
    }


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("documents", 0, "file"), "../escape.yaml", "plain .yaml file name"),
        (("documents", 0, "file"), "sub/dir.yaml", "plain .yaml file name"),
        (("documents", 0, "sha256"), "abc", "64 hex digits"),
        (("documents", 0, "api"), "Payroll-AU", "snake_case"),
        (("documents", 0, "url"), "http://example.com/x.yaml", "must be https"),
        (("documents", 0, "kind"), "soap", "kind"),
        (("lock_version",), 2, "lock_version"),
        (("release",), "../..", "release"),
    ],
)
def test_parse_lock_rejects_bad_entries(path: tuple[Any, ...], value: Any, message: str) -> None:
    data = _valid()
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(SpecsError, match=message):
        parse_lock(data)


def test_parse_lock_rejects_duplicates() -> None:
    data = _valid()
    data["documents"].append(dict(data["documents"][0], file="other.yaml"))
    with pytest.raises(SpecsError, match="duplicate api 'accounting'"):
        parse_lock(data)


def test_load_lock_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(SpecsError, match="cannot read lock file"):
        load_lock(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "lock.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SpecsError, match="invalid JSON"):
        load_lock(tmp_path)
    (tmp_path / "specs" / "lock.json").write_text(json.dumps(_valid()), encoding="utf-8")
    assert load_lock(tmp_path).apis == ("accounting",)
