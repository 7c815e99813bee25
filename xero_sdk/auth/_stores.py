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
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ._errors import OAuthError, TokenStoreError
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
        raise NotImplementedError

    def save(self, token: Token) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        with self._refresh_lock:
            yield

    def alock(self) -> AbstractAsyncContextManager[None]:
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
        with self._data_lock:
            return self._token

    def save(self, token: Token) -> None:
        if not isinstance(token, Token):
            raise TypeError(f"expected a Token, got {type(token).__name__}")
        with self._data_lock:
            self._token = token

    def clear(self) -> None:
        with self._data_lock:
            self._token = None

    def alock(self) -> AbstractAsyncContextManager[None]:
        lock = self._refresh_lock

        def acquire() -> None:
            lock.acquire()

        return lock_in_thread(acquire, lock.release)


class FileTokenStore(BaseTokenStore):
    """Keeps the token in a JSON file shared by threads, asyncio tasks and processes.

    * Written atomically: a temporary file in the same directory, ``fsync``, ``os.replace``,
      then the directory is synced. Readers see the old or the new token, never a partial one,
      even if the writer dies mid-write.
    * Mode 0600 (owner read/write only); a warning is logged if an existing file is readable
      by others.
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
        self._warned_mode = False

    def __repr__(self) -> str:
        return f"FileTokenStore({self.path!r})"

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> Token | None:
        try:
            with open(self.path, "rb") as fh:
                if not self._warned_mode:
                    self._check_mode(os.fstat(fh.fileno()).st_mode)
                raw = fh.read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStoreError(f"cannot read token file {self.path}: {exc.strerror}") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise TokenStoreError(f"token file {self.path} is not valid JSON") from None
        if data is None:
            return None
        try:
            return Token.from_dict(data)
        except OAuthError as exc:
            raise TokenStoreError(f"token file {self.path}: {exc}") from None

    def save(self, token: Token) -> None:
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

    def _check_mode(self, mode: int) -> None:
        self._warned_mode = True
        if sys.platform != "win32" and mode & 0o077:
            logger.warning(
                "token file %s is accessible by other users (mode %o); it should be 0600",
                self.path,
                mode & 0o777,
            )

    # -- locking -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self._lock.acquire(self.lock_timeout)
        try:
            yield
        finally:
            self._lock.release()

    def alock(self) -> AbstractAsyncContextManager[None]:
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
