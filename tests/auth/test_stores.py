"""Token stores: atomic, private, crash-safe files and a lock that spans threads and processes."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from xero_sdk.auth import FileTokenStore, MemoryTokenStore, Token, TokenStoreError

ROOT = Path(__file__).resolve().parents[2]
POSIX = sys.platform != "win32"


def _token(n: int = 1) -> Token:
    return Token(
        access_token=f"access-{n}-abcdefgh",
        refresh_token=f"refresh-{n}-abcdefgh",
        expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
        scopes=("offline_access",),
    )


def _child(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.auth._workers", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_memory_store() -> None:
    store = MemoryTokenStore()
    assert store.load() is None
    store.save(_token())
    assert store.load() == _token()
    assert "access-1" not in repr(store)
    with store.lock():
        pass
    store.clear()
    assert store.load() is None


def test_file_store_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "token.json"
    store = FileTokenStore(path)
    assert store.load() is None
    store.save(_token())
    assert store.load() == _token()
    assert json.loads(path.read_text())["access_token"] == "access-1-abcdefgh"
    store.save(_token(2))
    assert store.load() == _token(2)
    assert sorted(p.name for p in path.parent.iterdir()) == ["token.json"]  # no temp files left
    assert repr(store) == f"FileTokenStore({str(path)!r})"
    store.clear()
    assert store.load() is None


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_file_store_is_private(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "token.json"
        FileTokenStore(path).save(_token())
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with FileTokenStore(path).lock():
            assert stat.S_IMODE(Path(f"{path}.lock").stat().st_mode) == 0o600
        path.chmod(0o644)
        with pytest.raises(TokenStoreError, match=r"other users \(mode 644\).*chmod 600"):
            FileTokenStore(path).load()  # refused, with the fix in the message
    finally:
        os.umask(old)


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    path.write_text("{not json")
    path.chmod(0o600)  # a private file: only then is its content read
    with pytest.raises(TokenStoreError, match="not valid JSON"):
        FileTokenStore(path).load()
    path.write_text('{"access_token": 1}')
    with pytest.raises(TokenStoreError, match="no access_token"):
        FileTokenStore(path).load()


def test_failed_write_keeps_the_old_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "token.json"
    store = FileTokenStore(path)
    store.save(_token(1))

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(TokenStoreError, match="No space left"):
        store.save(_token(2))
    monkeypatch.undo()
    assert store.load() == _token(1)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(not POSIX, reason="SIGKILL")
def test_killed_writer_never_leaves_a_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    for delay in (0.05, 0.2, 0.35):
        child = _child("write", str(path))
        assert child.stdout is not None and child.stdout.readline().strip() == "started"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        token = FileTokenStore(path).load()  # parses: old or new, never half of one
        assert token is not None and token.access_token.startswith("access-")


def test_lock_excludes_other_processes_and_dies_with_its_holder(tmp_path: Path) -> None:
    path = str(tmp_path / "token.json")
    child = _child("hold", path, "30")
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    store = FileTokenStore(path, lock_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(TokenStoreError, match="held by another process"):
        with store.lock():
            pass
    assert time.monotonic() - started >= 0.3
    child.kill()  # a crashed holder releases the OS lock
    child.wait()
    child.stdout.close()
    with FileTokenStore(path, lock_timeout=5).lock():
        pass


def test_lock_excludes_threads(tmp_path: Path) -> None:
    path = str(tmp_path / "token.json")
    inside = 0
    overlap = []

    def work() -> None:
        nonlocal inside
        store = FileTokenStore(path)  # each thread its own store object: the OS lock still applies
        for _ in range(20):
            with store.lock():
                inside += 1
                overlap.append(inside)
                time.sleep(0.001)
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert max(overlap) == 1 and len(overlap) == 120


async def test_async_lock_does_not_block_the_loop_and_survives_cancellation(tmp_path: Path) -> None:
    path = str(tmp_path / "token.json")
    holder = FileTokenStore(path)
    store = FileTokenStore(path)
    release = threading.Event()
    locked = threading.Event()

    def hold() -> None:
        with holder.lock():
            locked.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(5)
    waiter = asyncio.create_task(store.alock().__aenter__())
    ticks = 0
    for _ in range(10):  # the loop keeps running while the task waits for the lock
        await asyncio.sleep(0.01)
        ticks += 1
    assert ticks == 10 and not waiter.done()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    release.set()
    thread.join()
    # the cancelled waiter got the lock in its worker thread and gave it back
    deadline = time.monotonic() + 5
    while True:
        try:
            with FileTokenStore(path, lock_timeout=0.1).lock():
                break
        except TokenStoreError:
            assert time.monotonic() < deadline, "lock left held by a cancelled waiter"
    async with store.alock():
        pass
