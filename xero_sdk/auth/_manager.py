"""``TokenManager``: hands out a valid access token, refreshing it exactly once per expiry.

The protocol, for every holder of the same store (threads, tasks, processes)::

    token = cached token, or store.load()
    if token expires within `skew` seconds (or the API just answered 401 with it):
        with store.lock():                  # exclusive across everyone sharing the store
            token = store.load()            # re-load: someone may have refreshed meanwhile
            if token is still expiring (or is still the one the API rejected):
                token = app.refresh(token)  # spends the refresh token; Xero rotates it
                store.save(token)           # persisted BEFORE anyone uses it
    return token.access_token

So a refresh token is spent once, whoever gets the lock first; everyone else finds the new token
in the store. If saving fails (disk full, database down), the new token is kept in memory and
used, never the spent one, and the save is tried again on every later call until it succeeds.
A store with a previous token kept (``load_previous``: the Redis and SQL stores)
gets one more try after ``invalid_grant``: the refresh token of the token before the current one
(Xero takes a spent refresh token again for 30 minutes when the answer that rotated it was lost).
In asyncio code the store's ``aload``/``asave`` are awaited when it has them (else ``load`` and
``save`` run in worker threads), at most one task per event loop waits for the lock, and the
refresh-and-save step is shielded from cancellation (a cancelled caller never leaves a spent
refresh token unsaved).
"""

from __future__ import annotations

import hmac
import logging
import threading
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

from xero_sdk._runtime.redact import fingerprint
from xero_sdk.errors import InvalidGrantError, NoTokenError

from ._app import OAuth2App
from ._stores import MemoryTokenStore, TokenStore
from ._token import Token
from .scopes import check_scopes

if TYPE_CHECKING:
    import asyncio

__all__ = ["TokenManager"]

logger = logging.getLogger("xero_sdk.auth")


def _retrieve(task: asyncio.Future[Token]) -> None:
    # a caller cancelled while the shielded renewal ran never reads its outcome
    if not task.cancelled():
        task.exception()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class TokenManager:
    """Keeps the token in ``store`` fresh for one app; what the HTTP client calls before each
    request (:meth:`access_token`) and after a 401 (:meth:`on_unauthorized`).

    * Authorization-code mode (default): the store must hold a token with a refresh token
      (``offline_access``). A dead refresh token raises :class:`InvalidGrantError`.
    * ``client_credentials=True`` (Custom Connections): a new client-credentials token is
      fetched whenever the current one expires (there is no refresh token); ``scopes`` are
      requested (default: the app's). ``store`` defaults to a :class:`MemoryTokenStore`.

    ``skew``: refresh this many seconds ahead of expiry (default 60). Thread-safe and
    task-safe; one instance may be shared by many threads and event loops.
    """

    def __init__(
        self,
        app: OAuth2App,
        store: TokenStore | None = None,
        *,
        client_credentials: bool = False,
        scopes: Iterable[str] | None = None,
        skew: float = 60.0,
    ) -> None:
        if store is None:
            if not client_credentials:
                raise ValueError(
                    "a token store is required (e.g. FileTokenStore) unless client_credentials=True"
                )
            store = MemoryTokenStore()
        if skew < 0:
            raise ValueError("skew must be >= 0")
        self._app = app
        self._store = store
        self._client_credentials = client_credentials
        self._scopes = None if scopes is None else check_scopes(scopes, allow_unknown=True)
        self._skew = float(skew)
        self._cached: Token | None = None
        self._unsaved: tuple[Token, str | None] | None = None
        """A token whose save failed, and the refresh token it replaced (spent)."""
        self._guard = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        mode = "client_credentials" if self._client_credentials else "authorization_code"
        return f"TokenManager(app={self._app!r}, store={self._store!r}, mode={mode!r}, skew={self._skew})"

    @property
    def app(self) -> OAuth2App:
        """The app whose tokens this manager refreshes."""
        return self._app

    @property
    def store(self) -> TokenStore:
        """Where the token is loaded from and saved to."""
        return self._store

    @property
    def client_credentials(self) -> bool:
        """Client-credentials mode: no refresh token, and no tenant header needed."""
        return self._client_credentials

    @property
    def skew(self) -> float:
        """Seconds ahead of expiry at which a token is refreshed."""
        return self._skew

    # -- sync ----------------------------------------------------------------------------------
    def token(self) -> Token:
        """The current token, refreshed first if it expires within ``skew`` seconds."""
        if self._unsaved is not None:
            with self._store.lock():
                self._cached = self._latest(self._store.load())
        cached = self._cached
        if cached is None:
            cached = self._store.load()
            if cached is not None:
                self._cached = cached
        if cached is not None and not cached.is_expiring(self._skew):
            return cached
        return self._renew(failed=None, force=False)

    def access_token(self) -> str:
        """A valid access token (refreshed ahead of expiry, saved before it is returned)."""
        return self.token().access_token

    def on_unauthorized(self, failed_access_token: str) -> str:
        """Call once after the API answered 401 to ``failed_access_token``: returns a newer
        token from the store if someone already refreshed, or refreshes now."""
        return self._renew(failed=failed_access_token, force=False).access_token

    def force_refresh(self) -> Token:
        """Refresh (or re-fetch the client-credentials token) now, whatever the expiry."""
        return self._renew(failed=None, force=True)

    def _renew(self, *, failed: str | None, force: bool) -> Token:
        logger.debug("waiting for the token lock of %r", self._store)
        with self._store.lock():
            current = self._latest(self._store.load())
            fresh = None if force else self._usable(current, failed)
            if fresh is None:
                fresh = self._obtain(current)
                self._save(fresh, current)
            self._cached = fresh
            return fresh

    def _obtain(self, current: Token | None) -> Token:
        if self._client_credentials:
            return self._app.client_credentials(self._scopes)
        if current is None:
            raise self._no_token()
        try:
            return self._app.refresh(current)
        except InvalidGrantError:
            latest = self._store.load()
            if self._rotated_elsewhere(current, latest):
                assert latest is not None
                return latest
            load_previous = getattr(self._store, "load_previous", None)
            previous = self._fallback(current, load_previous() if load_previous else None)
            if previous is None:
                raise
            return self._app.refresh(previous)

    # -- async ---------------------------------------------------------------------------------
    async def atoken(self) -> Token:
        """Async :meth:`token`."""
        if self._unsaved is not None:
            async with self._store.alock():
                self._cached = self._latest(await self._aload())
        cached = self._cached
        if cached is None:
            cached = await self._aload()
            if cached is not None:
                self._cached = cached
        if cached is not None and not cached.is_expiring(self._skew):
            return cached
        return await self._arenew(failed=None, force=False)

    async def aaccess_token(self) -> str:
        """Async :meth:`access_token`."""
        return (await self.atoken()).access_token

    async def aon_unauthorized(self, failed_access_token: str) -> str:
        """Async :meth:`on_unauthorized`."""
        return (await self._arenew(failed=failed_access_token, force=False)).access_token

    async def aforce_refresh(self) -> Token:
        """Async :meth:`force_refresh`."""
        return await self._arenew(failed=None, force=True)

    def _loop_lock(self) -> asyncio.Lock:
        import asyncio  # only async callers pay for it

        loop = asyncio.get_running_loop()
        with self._guard:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
            return lock

    async def _arenew(self, *, failed: str | None, force: bool) -> Token:
        import asyncio  # only async callers pay for it

        async with self._loop_lock():
            # A task of this loop that held the lock before us may have renewed already.
            cached = self._cached
            if not force and cached is not None and self._usable(cached, failed) is not None:
                return cached
            # Lock, re-load, refresh, save, unlock: one task, shielded so that cancelling the
            # caller cannot stop it between spending the refresh token and saving the new one.
            task = asyncio.ensure_future(self._arenew_locked(failed, force))
            task.add_done_callback(_retrieve)
            return await asyncio.shield(task)

    async def _arenew_locked(self, failed: str | None, force: bool) -> Token:
        logger.debug("waiting for the token lock of %r", self._store)
        async with self._store.alock():
            current = self._latest(await self._aload())
            fresh = None if force else self._usable(current, failed)
            if fresh is None:
                fresh = await self._aobtain(current)
                await self._asave(fresh, current)
            self._cached = fresh
            return fresh

    async def _aobtain(self, current: Token | None) -> Token:
        if self._client_credentials:
            return await self._app.aclient_credentials(self._scopes)
        if current is None:
            raise self._no_token()
        try:
            return await self._app.arefresh(current)
        except InvalidGrantError:
            latest = await self._aload()
            if self._rotated_elsewhere(current, latest):
                assert latest is not None
                return latest
            aload_previous = getattr(self._store, "aload_previous", None)
            previous = self._fallback(current, await aload_previous() if aload_previous else None)
            if previous is None:
                raise
            return await self._app.arefresh(previous)

    async def _aload(self) -> Token | None:
        """``store.aload()`` when the store has an asyncio path, else ``load`` in a thread."""
        import asyncio  # only async callers pay for it

        aload = getattr(self._store, "aload", None)
        if aload is not None:
            result: Token | None = await aload()
            return result
        return await asyncio.to_thread(self._store.load)

    async def _asave(self, fresh: Token, replaced: Token | None) -> None:
        """Async :meth:`_save`: ``store.asave()`` when the store has an asyncio path, else
        ``save`` in a thread."""
        import asyncio  # only async callers pay for it

        asave = getattr(self._store, "asave", None)
        try:
            if asave is not None:
                await asave(fresh)
            else:
                await asyncio.to_thread(self._store.save, fresh)
        except Exception as exc:
            self._kept_unsaved(fresh, replaced, exc)
        else:
            self._unsaved = None

    def _save(self, fresh: Token, replaced: Token | None) -> None:
        """Save ``fresh`` (lock held). A failure keeps it in memory to be saved again on the
        next call: raising here would lose it, and the store's token is already spent."""
        try:
            self._store.save(fresh)
        except Exception as exc:
            self._kept_unsaved(fresh, replaced, exc)
        else:
            self._unsaved = None

    def _kept_unsaved(self, fresh: Token, replaced: Token | None, exc: Exception) -> None:
        self._unsaved = (fresh, replaced.refresh_token if replaced is not None else None)
        logger.error(
            "could not save the new token to %r (%s: %s); it is kept in memory and the save "
            "is tried again on the next call",
            self._store,
            type(exc).__name__,
            exc,
        )

    def _latest(self, stored: Token | None) -> Token | None:
        """What the store holds, unless a save failed (lock held): then the unsaved token while
        the store still holds the token it replaced, saved again now. A store that meanwhile
        got another token (a new authorisation) wins."""
        unsaved = self._unsaved
        if unsaved is None:
            return stored
        fresh, spent = unsaved
        if stored is not None and stored.refresh_token != spent:
            self._unsaved = None
            return stored
        self._save(fresh, stored)
        return fresh

    # -- shared --------------------------------------------------------------------------------
    def _usable(self, current: Token | None, failed: str | None) -> Token | None:
        """``current`` if it can be used as is, else ``None`` (a new token is needed)."""
        if current is None:
            return None
        if failed is not None and _same(current.access_token, failed):
            logger.debug("the rejected access token %s is still the stored one", fingerprint(failed))
            return None
        if current.is_expiring(self._skew):
            return None
        if failed is not None:
            logger.debug("the store already holds a newer token than the rejected one")
        return current

    def _rotated_elsewhere(self, spent: Token, latest: Token | None) -> bool:
        """After ``invalid_grant``: did someone outside the lock rotate the token meanwhile?"""
        if latest is None or latest.refresh_token == spent.refresh_token or latest.is_expiring(self._skew):
            return False
        logger.warning(
            "refresh token %s was rejected but the store holds a newer token (refreshed by a "
            "holder not using the store lock?); using it",
            fingerprint(spent.refresh_token),
        )
        return True

    @staticmethod
    def _fallback(spent: Token, previous: Token | None) -> Token | None:
        """After ``invalid_grant``: the token the store kept from before the current one, to
        retry its refresh token once (Xero accepts a spent refresh token again for 30 minutes
        when the answer that rotated it was lost); ``None`` when there is nothing to try."""
        if previous is None or not previous.refresh_token or previous.refresh_token == spent.refresh_token:
            return None
        logger.warning(
            "refresh token %s was rejected; retrying the previous one, %s, once",
            fingerprint(spent.refresh_token),
            fingerprint(previous.refresh_token),
        )
        return previous

    @staticmethod
    def _no_token() -> NoTokenError:
        return NoTokenError(
            "the token store holds no token: run the authorization flow (OAuth2App.authorization_request "
            "and exchange_code) and save the token first"
        )
