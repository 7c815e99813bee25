"""An exclusive lock held across threads and processes: a process-local ``threading.Lock`` plus an
OS lock on a sidecar file (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows).

The OS lock belongs to an open file description, so it is released when its holder exits, even
by ``SIGKILL``: a crashed process never leaves the lock stuck. The lock file itself is never
deleted (deleting it would let two processes lock two different files).

Neither half is tied to a thread, so the lock may be acquired in one thread and released in
another (which the asyncio path needs: acquisition runs in a worker thread).
"""

from __future__ import annotations

import errno
import os
import shlex
import sys
import threading
import time

from xero_sdk.errors import TokenStoreError

__all__ = ["InterProcessLock"]

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _lock_blocking(fd: int) -> None:
        while not _try_lock(fd):
            time.sleep(0.01)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _lock_blocking(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)


class InterProcessLock:
    """Non-reentrant exclusive lock on ``path`` (created with mode 0600 if missing)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._thread_lock = threading.Lock()
        self._fd: int | None = None

    def __repr__(self) -> str:
        return f"InterProcessLock({self.path!r}, locked={self.locked()})"

    def locked(self) -> bool:
        return self._thread_lock.locked()

    def acquire(self, timeout: float | None = None) -> None:
        """Block until the lock is held; ``timeout`` (seconds) raises :class:`TokenStoreError`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=-1 if timeout is None else max(timeout, 0)):
            raise TokenStoreError(f"timed out after {timeout} s waiting for the token lock {self.path}")
        try:
            # never through a symbolic link: a planted (even dangling) one would make the SDK
            # create or lock a file of someone else's choosing
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as exc:
            self._thread_lock.release()
            if exc.errno == errno.ELOOP:
                raise TokenStoreError(
                    f"the token lock file {self.path} is a symbolic link, which the SDK does not "
                    f"follow: remove it (rm {shlex.quote(self.path)}); it is re-created as a plain file"
                ) from None
            raise TokenStoreError(f"cannot open the token lock file {self.path}: {exc.strerror}") from None
        try:
            if deadline is None:
                _lock_blocking(fd)
            else:
                delay = 0.001
                while not _try_lock(fd):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TokenStoreError(
                            f"timed out after {timeout} s waiting for the token lock {self.path} "
                            "(held by another process)"
                        )
                    time.sleep(min(delay, remaining))
                    delay = min(delay * 2, 0.05)
        except BaseException:
            os.close(fd)
            self._thread_lock.release()
            raise
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            raise RuntimeError("release of an unlocked InterProcessLock")
        try:
            _unlock(fd)
        finally:
            os.close(fd)
            self._thread_lock.release()
