"""Where tokens live between calls: the :class:`TokenStore` protocol and two stores.

A store does three things: ``load()`` the current token, ``save()`` a new one, and hold a lock
(``lock()`` / ``alock()``) that :class:`~xero_sdk.auth.TokenManager` takes around "re-load, maybe
refresh, save". Whoever shares the store (threads, asyncio tasks, processes, machines) must share
the lock too, or two of them may spend the same refresh token and one gets ``invalid_grant``.
:class:`FileTokenStore`'s lock spans processes; a database-backed store would use a row lock or
advisory lock.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shlex
import stat
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from xero_sdk.errors import OAuthError, TokenStoreError

from ._filelock import InterProcessLock
from ._token import Token

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "BaseTokenStore",
    "FileTokenStore",
    "MemoryTokenStore",
    "TokenStore",
    "lock_in_thread",
]

logger = logging.getLogger("xero_sdk.auth")

#: Age (seconds) from which a temporary file of an interrupted save is deleted.
STALE_TEMPORARY_AGE = 60.0


@runtime_checkable
class TokenStore(Protocol):
    """What :class:`~xero_sdk.auth.TokenManager` needs from a token store.

    ``lock()`` / ``alock()`` must be exclusive among everyone sharing the store, and need not be
    reentrant. ``load`` and ``save`` are called with the lock held when a refresh is involved,
    and without it for plain reads. Subclass :class:`BaseTokenStore` to get a process-local
    ``lock()`` and an ``alock()`` derived from it.
    """

    def load(self) -> Token | None:
        """The current token, or ``None`` if there is none."""
        ...

    def save(self, token: Token) -> None:
        """Persist ``token``, replacing the previous one (durably, before returning)."""
        ...

    def lock(self) -> AbstractContextManager[None]:
        """A context manager holding the store's refresh lock."""
        ...

    def alock(self) -> AbstractAsyncContextManager[None]:
        """The same lock for asyncio code; must not block the event loop while waiting."""
        ...


@contextlib.asynccontextmanager
async def lock_in_thread(acquire: Callable[[], None], release: Callable[[], None]) -> AsyncIterator[None]:
    """Hold a blocking lock from asyncio code: wait for it in a worker thread, release it on exit.

    Cancellation-safe: if the waiting task is cancelled, the lock is released as soon as the
    worker thread gets it, so it never stays held by nobody. ``release`` must not be tied to the
    acquiring thread (``threading.Lock`` and :class:`InterProcessLock` are not).
    """
    import asyncio  # only async callers pay for it

    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(None, acquire)
    try:
        await asyncio.shield(future)
    except asyncio.CancelledError:

        def undo(done: asyncio.Future[None]) -> None:
            if not done.cancelled() and done.exception() is None:
                release()

        future.add_done_callback(undo)
        raise
    try:
        yield
    finally:
        release()


class BaseTokenStore:
    """Base class for token stores: ``lock()`` is a process-local ``threading.Lock`` (override
    it for a store shared between processes) and ``alock()`` waits for ``lock()`` in a worker
    thread. Subclasses implement ``load`` and ``save``."""

    def __init__(self) -> None:
        self._refresh_lock = threading.Lock()

    def load(self) -> Token | None:  # pragma: no cover - abstract
        """The current token, or ``None`` if there is none (subclasses implement it)."""
        raise NotImplementedError

    def save(self, token: Token) -> None:  # pragma: no cover - abstract
        """Persist ``token``, replacing the previous one (subclasses implement it)."""
        raise NotImplementedError

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's refresh lock; here a process-local ``threading.Lock``."""
        with self._refresh_lock:
            yield

    def alock(self) -> AbstractAsyncContextManager[None]:
        """The same lock for asyncio code: :meth:`lock` is entered and left in worker threads, so the event
        loop never blocks."""
        # generic fallback: enter/exit lock() in worker threads
        holder: list[AbstractContextManager[None]] = []

        def acquire() -> None:
            cm = self.lock()
            cm.__enter__()
            holder.append(cm)

        def release() -> None:
            holder.pop().__exit__(None, None, None)

        return lock_in_thread(acquire, release)


class MemoryTokenStore(BaseTokenStore):
    """Keeps the token in memory: for one process (scripts, tests, client credentials)."""

    def __init__(self, token: Token | None = None) -> None:
        super().__init__()
        self._token = token
        self._data_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryTokenStore(token={self._token!r})"

    def load(self) -> Token | None:
        """The token held, or ``None``."""
        with self._data_lock:
            return self._token

    def save(self, token: Token) -> None:
        """Hold ``token`` instead of the previous one (``TypeError`` if it is not a :class:`Token`)."""
        if not isinstance(token, Token):
            raise TypeError(f"expected a Token, got {type(token).__name__}")
        with self._data_lock:
            self._token = token

    def clear(self) -> None:
        """Forget the token."""
        with self._data_lock:
            self._token = None

    def alock(self) -> AbstractAsyncContextManager[None]:
        """The refresh lock for asyncio code, waited for in a worker thread."""
        lock = self._refresh_lock

        def acquire() -> None:
            lock.acquire()

        return lock_in_thread(acquire, lock.release)


class FileTokenStore(BaseTokenStore):
    """Keeps the token in a JSON file shared by threads, asyncio tasks and processes.

    * Written atomically: a temporary file in the same directory, ``fsync``, ``os.replace``,
      then the directory is synced. Readers see the old or the new token, never a partial one,
      even if the writer dies mid-write.
    * Mode 0600 (owner read/write only). A file that is unsafe to trust is refused with
      :class:`TokenStoreError` saying how to fix it: a symbolic link at the token or lock path
      (it could point anywhere), a file owned by another user (it could have been planted), or
      one that other users can read or write (POSIX).
    * A temporary file left by a writer killed mid-save (``.<name>.*.tmp``, holding a refresh
      token) is deleted when the store is next opened, once it is a minute old.
    * ``lock()`` is exclusive across threads and processes: ``fcntl.flock`` (``msvcrt.locking``
      on Windows) on the sidecar file ``<path>.lock``, which is never deleted. Waiting for it
      gives up after ``lock_timeout`` seconds with :class:`TokenStoreError`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_path: str | os.PathLike[str] | None = None,
        lock_timeout: float | None = 120.0,
    ) -> None:
        super().__init__()
        self.path = os.path.abspath(os.fspath(path))
        self.lock_path = os.path.abspath(os.fspath(lock_path)) if lock_path else self.path + ".lock"
        self.lock_timeout = lock_timeout
        self._lock = InterProcessLock(self.lock_path)
        self._remove_stale_temporaries()

    def __repr__(self) -> str:
        return f"FileTokenStore({self.path!r})"

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> Token | None:
        """The token in the file, or ``None`` if there is no file; :class:`TokenStoreError` if it cannot be
        read or is unsafe to trust."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise TokenStoreError(
                    f"token file {self.path} is a symbolic link, which the SDK does not follow (it "
                    "could point at a file of someone else's choosing): put the token file itself "
                    "at that path, or point FileTokenStore at the real file"
                ) from None
            raise TokenStoreError(f"cannot read token file {self.path}: {exc.strerror}") from None
        try:
            with os.fdopen(fd, "rb") as fh:
                self._check_safe(os.fstat(fh.fileno()))
                raw = fh.read()
        except OSError as exc:
            raise TokenStoreError(f"cannot read token file {self.path}: {exc.strerror}") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise TokenStoreError(f"token file {self.path} is not valid JSON") from None
        if data is None:
            return None
        try:
            return Token.from_dict(data)
        except OAuthError as exc:
            raise TokenStoreError(f"token file {self.path}: {exc}") from None
        except (TypeError, ValueError, OverflowError, RecursionError):
            raise TokenStoreError(f"token file {self.path} holds a malformed token") from None

    def save(self, token: Token) -> None:
        """Write ``token`` to the file atomically, mode 0600 (``TypeError`` if it is not a :class:`Token`)."""
        if not isinstance(token, Token):
            raise TypeError(f"expected a Token, got {type(token).__name__}")
        self._write(json.dumps(token.to_dict(), indent=2, sort_keys=True).encode("utf-8") + b"\n")

    def clear(self) -> None:
        """Delete the token file (e.g. after revoking); the lock file stays."""
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path)

    def _write(self, data: bytes) -> None:
        directory, name = os.path.split(self.path)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise TokenStoreError(f"cannot write token file {self.path}: {exc.strerror}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                if hasattr(os, "fchmod"):
                    os.fchmod(fh.fileno(), 0o600)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            _replace(tmp, self.path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise TokenStoreError(f"cannot write token file {self.path}: {exc.strerror}") from None
            raise
        _fsync_directory(directory)

    def _check_safe(self, st: os.stat_result) -> None:
        """Refuse a token file another user planted or can read (POSIX; Windows relies on ACLs)."""
        quoted = shlex.quote(self.path)
        if not stat.S_ISREG(st.st_mode):
            raise TokenStoreError(
                f"token file {self.path} is not a regular file: remove it and save the token again"
            )
        if sys.platform == "win32":  # pragma: no cover
            return
        if st.st_uid != os.geteuid():
            raise TokenStoreError(
                f"token file {self.path} is owned by uid {st.st_uid}, not by this user (uid "
                f"{os.geteuid()}), so another user could have written it: check its content, then "
                f"chown it to this user (chown {os.geteuid()} {quoted}) or remove it"
            )
        if st.st_mode & 0o077:
            raise TokenStoreError(
                f"token file {self.path} can be read or written by other users (mode "
                f"{stat.S_IMODE(st.st_mode):o}): restrict it to its owner (chmod 600 {quoted}), "
                "and consider the tokens it holds exposed (revoke them and authorise again)"
            )

    def _remove_stale_temporaries(self) -> None:
        """Delete ``.<name>.*.tmp`` files a writer killed mid-save left (they hold a refresh
        token); a minute's grace leaves a save in progress in another process alone."""
        directory, name = os.path.split(self.path)
        cutoff = time.time() - STALE_TEMPORARY_AGE
        try:
            entries = list(os.scandir(directory))
        except OSError:
            return
        for entry in entries:
            if not (entry.name.startswith(f".{name}.") and entry.name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)
                    logger.info("removed %s, left by an interrupted save", entry.path)

    # -- locking -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the refresh lock across threads and processes (a file lock on ``lock_path``);
        :class:`TokenStoreError` after ``lock_timeout`` seconds of waiting."""
        self._lock.acquire(self.lock_timeout)
        try:
            yield
        finally:
            self._lock.release()

    def alock(self) -> AbstractAsyncContextManager[None]:
        """:meth:`lock` for asyncio code, waited for in a worker thread."""
        return lock_in_thread(lambda: self._lock.acquire(self.lock_timeout), self._lock.release)


def _replace(src: str, dst: str) -> None:
    if sys.platform != "win32":
        os.replace(src, dst)
        return
    for attempt in range(50):  # pragma: no cover - Windows: a reader may hold the file open
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == 49:
                raise
            time.sleep(0.01)


def _fsync_directory(directory: str) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
