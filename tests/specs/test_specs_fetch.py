"""specs/fetch.py: copy or download the locked documents, verify, never half-replace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from specs.fetch import (
    ChecksumError,
    FetchResult,
    SpecsError,
    ensure_specs,
    fetch_specs,
    load_lock,
    main,
    sha256_bytes,
    sha256_file,
)

TAMPERED = "xero_bankfeeds.yaml"


def _copy_specs(src: Path, dest: Path, *, tamper: str | None = None, skip: str | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for doc in load_lock().documents:
        if doc.file == skip:
            continue
        (dest / doc.source_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / doc.source_path, dest / doc.source_path)
    if tamper is not None:
        with open(dest / tamper, "ab") as fh:
            fh.write(b"\n# tampered\n")
    return dest


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """name -> (inode, mtime_ns, content) of every file in folder."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _assert_verified(result: FetchResult) -> None:
    lock = load_lock()
    assert list(result.paths) == list(lock.apis)
    for doc in lock.documents:
        path = result.paths[doc.api]
        assert path == result.dest / doc.file
        assert sha256_file(path) == doc.sha256


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name)


def test_fetch_from_source_dir(project_root: Path, shared_specs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "work" / "16.1.0"
    result = fetch_specs(project_root, dest=dest, source=shared_specs)
    _assert_verified(result)
    assert sorted(result.replaced) == sorted(d.file for d in load_lock().documents)
    assert result.source == str(shared_specs)
    assert _leftovers(dest.parent) == []
    assert oct(dest.stat().st_mode & 0o777) == oct(0o755)


def test_ensure_specs_returns_api_paths(project_root: Path, shared_specs: Path, tmp_path: Path) -> None:
    paths = ensure_specs(project_root, dest=tmp_path / "d", source=shared_specs)
    assert paths["accounting"] == (tmp_path / "d" / "xero_accounting.yaml").absolute()
    assert paths["webhooks"].name == "xero-webhooks.yaml"
    assert all(p.is_file() for p in paths.values())


def test_default_destination_is_dot_specs_release(fake_project: Path, shared_specs: Path) -> None:
    paths = ensure_specs(fake_project, source=shared_specs)
    assert paths["accounting"] == (fake_project / ".specs" / "16.1.0" / "xero_accounting.yaml").absolute()


def test_idempotent_and_touches_nothing(project_root: Path, shared_specs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "d"
    fetch_specs(project_root, dest=dest, source=shared_specs)
    before = _snapshot(dest)
    again = fetch_specs(project_root, dest=dest, source=shared_specs)
    assert again.replaced == ()
    assert again.source is None
    _assert_verified(again)
    assert _snapshot(dest) == before
    # Already in place: the source is not even consulted.
    third = fetch_specs(project_root, dest=dest, source=tmp_path / "does-not-exist")
    assert third.replaced == ()


def test_repairs_only_the_stale_file(project_root: Path, shared_specs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "d"
    fetch_specs(project_root, dest=dest, source=shared_specs)
    (dest / "xero-identity.yaml").write_text("edited by hand\n", encoding="utf-8")
    (dest / "notes.txt").write_text("not ours\n", encoding="utf-8")
    before = _snapshot(dest)
    result = fetch_specs(project_root, dest=dest, source=shared_specs)
    assert result.replaced == ("xero-identity.yaml",)
    _assert_verified(result)
    after = _snapshot(dest)
    for name, state in before.items():
        if name != "xero-identity.yaml":
            assert after[name] == state, name
    assert (dest / "notes.txt").read_text(encoding="utf-8") == "not ours\n"


def test_tampered_source_is_a_clear_error_and_replaces_nothing(
    project_root: Path, shared_specs: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "d"
    fetch_specs(project_root, dest=dest, source=shared_specs)
    # Make two files stale in the working folder, so both must come from the source ...
    (dest / TAMPERED).write_bytes(b"stale\n")
    (dest / "xero-identity.yaml").unlink()
    before = _snapshot(dest)
    # ... whose copy of one of them has been modified.
    bad_source = _copy_specs(shared_specs, tmp_path / "bad", tamper=TAMPERED)
    expected = load_lock().document("bankfeeds").sha256
    actual = sha256_file(bad_source / TAMPERED)

    with pytest.raises(ChecksumError) as info:
        fetch_specs(project_root, dest=dest, source=bad_source)
    message = str(info.value)
    assert TAMPERED in message
    assert f"expected {expected}" in message
    assert f"got {actual}" in message
    assert "nothing was replaced" in message
    assert "\n" not in message
    assert [m[0] for m in info.value.mismatches] == [TAMPERED]
    # Nothing replaced: not even the good xero-identity.yaml that the source could provide.
    assert _snapshot(dest) == before
    assert not (dest / "xero-identity.yaml").exists()
    assert _leftovers(dest.parent) == []


def test_tampered_source_creates_no_working_folder(
    project_root: Path, shared_specs: Path, tmp_path: Path
) -> None:
    bad_source = _copy_specs(shared_specs, tmp_path / "bad", tamper="xero_accounting.yaml")
    dest = tmp_path / "work" / "16.1.0"
    with pytest.raises(ChecksumError, match=r"sha256 mismatch for xero_accounting\.yaml"):
        fetch_specs(project_root, dest=dest, source=bad_source)
    assert not dest.parent.exists()  # verified before anything is written


def test_missing_file_in_source(project_root: Path, shared_specs: Path, tmp_path: Path) -> None:
    partial = _copy_specs(shared_specs, tmp_path / "partial", skip="xero_files.yaml")
    with pytest.raises(SpecsError, match=r"not found in .*partial.*: xero_files\.yaml; nothing was replaced"):
        fetch_specs(project_root, dest=tmp_path / "d", source=partial)
    assert not (tmp_path / "d").exists()


def test_xero_specs_dir_takes_precedence_over_shared(
    fake_project: Path, shared_specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ../shared/specs next to the fake project holds a tampered copy; XERO_SPECS_DIR a good one.
    shared = _copy_specs(shared_specs, fake_project.parent / "shared" / "specs", tamper=TAMPERED)
    env_dir = _copy_specs(shared_specs, fake_project.parent / "env-specs")

    monkeypatch.setenv("XERO_SPECS_DIR", str(env_dir))
    result = fetch_specs(fake_project, dest=fake_project / "a")
    assert result.source is not None and "XERO_SPECS_DIR" in result.source
    assert result.source.startswith(str(env_dir))
    _assert_verified(result)

    monkeypatch.delenv("XERO_SPECS_DIR")
    with pytest.raises(ChecksumError) as info:
        fetch_specs(fake_project, dest=fake_project / "b")
    assert str(shared.resolve() / TAMPERED) in str(info.value)
    assert not (fake_project / "b").exists()

    # An empty XERO_SPECS_DIR counts as unset.
    monkeypatch.setenv("XERO_SPECS_DIR", "")
    with pytest.raises(ChecksumError):
        fetch_specs(fake_project, dest=fake_project / "c")


def test_explicit_source_beats_xero_specs_dir(
    fake_project: Path, shared_specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad_env = _copy_specs(shared_specs, fake_project.parent / "env-specs", tamper=TAMPERED)
    monkeypatch.setenv("XERO_SPECS_DIR", str(bad_env))
    result = fetch_specs(fake_project, dest=fake_project / "a", source=shared_specs)
    assert result.source == str(shared_specs)


def test_xero_specs_dir_that_does_not_exist(fake_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XERO_SPECS_DIR", str(fake_project / "nope"))
    with pytest.raises(SpecsError, match=r"XERO_SPECS_DIR=.*nope is not a directory"):
        fetch_specs(fake_project)


def _serving(folder: Path, seen: list[str]) -> httpx.Client:
    """Xero-OpenAPI's raw files, served from ``folder`` (a locked document by its URL)."""
    where = {doc.url: doc.source_path for doc in load_lock().documents}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        path = folder / where.get(str(request.url), Path(request.url.path.rsplit("/", 1)[-1]))
        if not path.is_file():
            return httpx.Response(404)
        return httpx.Response(200, content=path.read_bytes())

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_downloads_when_no_folder_is_available(fake_project: Path, shared_specs: Path) -> None:
    seen: list[str] = []
    with _serving(shared_specs, seen) as client:
        result = fetch_specs(fake_project, client=client)
    assert result.source == "download"
    assert sorted(seen) == sorted(d.url for d in load_lock().documents)
    assert result.dest == (fake_project / ".specs" / "16.1.0").absolute()
    _assert_verified(result)


def test_downloaded_file_with_wrong_hash(fake_project: Path, shared_specs: Path, tmp_path: Path) -> None:
    served = _copy_specs(shared_specs, tmp_path / "served", tamper=TAMPERED)
    with _serving(served, []) as client, pytest.raises(ChecksumError) as info:
        fetch_specs(fake_project, client=client)
    assert "https://raw.githubusercontent.com/XeroAPI/Xero-OpenAPI/16.1.0/xero_bankfeeds.yaml" in str(
        info.value
    )
    assert not (fake_project / ".specs" / "16.1.0").exists()


def test_network_failure_is_a_clear_error(fake_project: Path, shared_specs: Path, tmp_path: Path) -> None:
    dest = tmp_path / "d"
    fetch_specs(fake_project, dest=dest, source=shared_specs)
    (dest / "xero_accounting.yaml").unlink()
    before = _snapshot(dest)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    with httpx.Client(transport=httpx.MockTransport(refuse)) as client, pytest.raises(SpecsError) as info:
        fetch_specs(fake_project, dest=dest, client=client)
    message = str(info.value)
    assert message.startswith("download of xero_accounting.yaml failed")
    assert "Name or service not known" in message
    assert "XERO_SPECS_DIR" in message
    assert _snapshot(dest) == before

    with _serving(tmp_path / "empty", []) as client, pytest.raises(SpecsError, match="HTTP 404"):
        fetch_specs(fake_project, dest=dest, client=client)
    assert _snapshot(dest) == before


def test_cli(
    project_root: Path, shared_specs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "d"
    assert main(["--source", str(shared_specs), "--dest", str(dest)]) == 0
    out = capsys.readouterr().out
    count = len(load_lock().documents)
    assert f"{count} documents verified" in out and f"{count} written" in out
    assert main(["--source", str(shared_specs), "--dest", str(dest)]) == 0
    assert "already in place" in capsys.readouterr().out

    (dest / TAMPERED).write_bytes(b"x")
    bad = _copy_specs(shared_specs, tmp_path / "bad", tamper=TAMPERED)
    assert main(["--source", str(bad), "--dest", str(dest)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err_lines = captured.err.strip().splitlines()
    assert len(err_lines) == 1
    assert err_lines[0].startswith("specs/fetch.py: error: sha256 mismatch for xero_bankfeeds.yaml")
    assert (dest / TAMPERED).read_bytes() == b"x"


def test_runs_as_a_script(shared_specs: Path, tmp_path: Path, project_root: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "XERO_SPECS_DIR"}
    env["XERO_SPECS_DIR"] = str(shared_specs)
    dest = tmp_path / "d"
    done = subprocess.run(
        [sys.executable, str(project_root / "specs" / "fetch.py"), "--dest", str(dest), "--quiet"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (
        sha256_bytes((dest / "xero_accounting.yaml").read_bytes())
        == load_lock().document("accounting").sha256
    )

    env["XERO_SPECS_DIR"] = str(tmp_path / "missing")
    done = subprocess.run(
        [sys.executable, "-m", "specs.fetch", "--dest", str(tmp_path / "e")],
        cwd=project_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "is not a directory" in done.stderr
