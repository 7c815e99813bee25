"""Where the ``xero`` command keeps each profile's token: the OS keychain, else a 0600 file.

Both are :class:`~xero_sdk.auth.TokenStore` s with a cross-process lock, so two ``xero`` commands
running at once never spend the same single-use refresh token: the
:class:`~xero_sdk.auth.TokenManager` refreshes under the store's lock and re-reads the token first.

* :class:`KeyringTokenStore`: the token as JSON in the keychain (macOS Keychain, Windows Credential
  Locker, Secret Service / KWallet) through the ``keyring`` library; the lock is a file lock in
  the config directory.
* :class:`~xero_sdk.auth.FileTokenStore`: ``<config dir>/tokens/<profile>.json``, mode 0600,
  written atomically; used when no usable keychain backend exists (a server, a container, CI).

``XERO_TOKEN_STORE=file`` or ``keyring`` forces one.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any

from xero_sdk.auth import BaseTokenStore, FileTokenStore, Token, TokenStoreError
from xero_sdk.auth._filelock import InterProcessLock
from xero_sdk.auth._stores import lock_in_thread

from ._config import config_dir

SERVICE = "xero-sdk"


class KeyringTokenStore(BaseTokenStore):
    """The token of one profile in the operating system's keychain (``service`` / ``profile``)."""

    def __init__(self, profile: str, *, backend: Any = None, service: str = SERVICE) -> None:
        super().__init__()
        self.profile = profile
        self.service = service
        self._backend = backend
        lock_dir = config_dir() / "locks"
        lock_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._file_lock = InterProcessLock(str(lock_dir / f"{profile}.lock"))

    def __repr__(self) -> str:
        return f"KeyringTokenStore(profile={self.profile!r})"

    def _keyring(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def load(self) -> Token | None:
        try:
            text = self._keyring().get_password(self.service, self.profile)
        except Exception as exc:  # the backends raise their own errors
            raise TokenStoreError(f"cannot read the keychain: {type(exc).__name__}") from None
        if not text:
            return None
        try:
            return Token.from_dict(json.loads(text))
        except ValueError:
            raise TokenStoreError(
                f"the keychain entry {self.service}/{self.profile} is not a token"
            ) from None

    def save(self, token: Token) -> None:
        text = json.dumps(token.to_dict(), sort_keys=True)
        try:
            self._keyring().set_password(self.service, self.profile, text)
        except Exception as exc:
            raise TokenStoreError(f"cannot write to the keychain: {type(exc).__name__}") from None

    def clear(self) -> None:
        with contextlib.suppress(Exception):
            self._keyring().delete_password(self.service, self.profile)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self._file_lock.acquire(120.0)
        try:
            yield
        finally:
            self._file_lock.release()

    def alock(self) -> AbstractAsyncContextManager[None]:
        return lock_in_thread(lambda: self._file_lock.acquire(120.0), self._file_lock.release)


def keyring_usable() -> bool:
    """Whether ``keyring`` has a real backend here (not the fail/null one a headless box gets)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, fail.Keyring) or type(backend).__module__.startswith("keyring.backends.null"):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return float(getattr(backend, "priority", 0) or 0) > 0


def file_store_path(profile: str) -> str:
    return str(config_dir() / "tokens" / f"{profile}.json")


def token_store(profile: str) -> KeyringTokenStore | FileTokenStore:
    """The profile's store: the keychain when usable (or forced), else the 0600 file."""
    choice = os.environ.get("XERO_TOKEN_STORE", "").lower()
    if choice not in ("", "file", "keyring"):
        raise TokenStoreError(f"XERO_TOKEN_STORE must be 'file' or 'keyring', not {choice!r}")
    if choice == "keyring" or (choice == "" and keyring_usable()):
        return KeyringTokenStore(profile)
    return FileTokenStore(file_store_path(profile))


def store_description(store: KeyringTokenStore | FileTokenStore) -> str:
    if isinstance(store, KeyringTokenStore):
        return f"the system keychain ({store.service}/{store.profile})"
    return store.path
