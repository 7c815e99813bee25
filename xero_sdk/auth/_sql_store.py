"""``SQLTokenStore``: tokens in a table of your database (SQLAlchemy 2), one row per authorisation.

The table (``SQLTokenStore.create_table()`` makes it; ``SQLTokenStore.ddl("postgresql")`` prints
the statement for your own migrations)::

    CREATE TABLE xero_tokens (
        token_key  VARCHAR(255) NOT NULL PRIMARY KEY,  -- the store's key, e.g. a user id
        token      TEXT,                               -- the current token (JSON)
        previous   TEXT,                               -- the token it replaced (JSON)
        version    INTEGER NOT NULL,                   -- incremented by every save
        updated_at TIMESTAMP                           -- the database's clock at the last save
    )

The refresh lock is a transaction on the store's own connection:

* PostgreSQL (and MySQL): ``SELECT ... FOR UPDATE`` on the row. Waiting is bounded by
  ``lock_timeout`` (PostgreSQL ``SET LOCAL lock_timeout``). If the holder dies its connection
  closes and the database releases the row at once.
* SQLite (one machine, the embedded default): ``BEGIN IMMEDIATE``, the database's write lock,
  waited for up to ``lock_timeout``.

The save is fenced: ``UPDATE ... WHERE version = <the version locked>`` in that transaction,
committed before ``save`` returns (which ends the lock: the save is the last step of a refresh).
A database that is unreachable or restarting is retried ``retries`` times (new connections are
pre-pinged), then :class:`TokenStoreUnavailableError` is raised.

Async code (``AsyncXero``) uses the same engine from worker threads (``aload``, ``asave``,
``alock``): the store never blocks an event loop. Needs ``pip install 'xero-sdk[sql]'``.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from xero_sdk._backend import retrying, safe_address

from ._errors import OAuthError, TokenStoreError, TokenStoreUnavailableError
from ._token import Token

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Table

__all__ = ["SQLTokenStore"]

logger = logging.getLogger("xero_sdk.auth")

DEFAULT_TABLE = "xero_tokens"


def _table(name: str) -> Table:
    import sqlalchemy as sa

    return sa.Table(
        name,
        sa.MetaData(),
        sa.Column("token_key", sa.String(255), primary_key=True),
        sa.Column("token", sa.Text, nullable=True),
        sa.Column("previous", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, default=0),
        sa.Column("updated_at", sa.DateTime, nullable=True),
    )


class _Held:
    """One holding of the lock: the connection whose transaction holds it, and the row's version."""

    __slots__ = ("conn", "done", "version")

    def __init__(self, conn: Connection, version: int) -> None:
        self.conn = conn
        self.version = version
        self.done = False


class SQLTokenStore:
    """A token in a SQL table (see the module docstring).

    ``url_or_engine``: a SQLAlchemy URL (``"postgresql+psycopg://user:pw@db/app"``,
    ``"sqlite:///tokens.db"``) or an ``Engine``. ``key``: this token's row. ``table``: the
    table's name. ``lock_timeout``: seconds to wait for the refresh lock.
    """

    def __init__(
        self,
        url_or_engine: Any,
        *,
        key: str,
        table: str = DEFAULT_TABLE,
        lock_timeout: float = 120.0,
        retries: int = 5,
        retry_backoff: float = 0.1,
    ) -> None:
        try:
            import sqlalchemy as sa
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise ImportError("SQL support needs SQLAlchemy: pip install 'xero-sdk[sql]'") from None
        if not key:
            raise ValueError("key must be a non-empty string")
        if retries < 1:
            raise ValueError(f"retries must be at least 1, not {retries!r}")
        self._owned = isinstance(url_or_engine, str)
        if isinstance(url_or_engine, str):
            url = sa.make_url(url_or_engine)
            options: dict[str, Any] = {"pool_pre_ping": True}
            if url.get_backend_name() == "sqlite":
                # the lock's connection is used by the worker threads of async callers in turn
                options["connect_args"] = {"check_same_thread": False}
            self.engine: Engine = sa.create_engine(url, **options)
            self.address = safe_address(url_or_engine)
        elif isinstance(url_or_engine, sa.Engine):
            self.engine = url_or_engine
            self.address = url_or_engine.url.render_as_string(hide_password=True)
        else:
            raise TypeError(
                f"expected a SQLAlchemy URL or Engine, not {type(url_or_engine).__name__} "
                "(for an AsyncEngine pass its .sync_engine's URL)"
            )
        self.key = key
        self.table = _table(table)
        self.lock_timeout = lock_timeout
        self.retries = retries
        self.retry_backoff = retry_backoff
        self._dialect = self.engine.dialect.name
        self._held: contextvars.ContextVar[_Held | None] = contextvars.ContextVar(
            f"xero_sdk_sql_lock_{id(self)}", default=None
        )

    def __repr__(self) -> str:
        return f"SQLTokenStore({self.address!r}, key={self.key!r}, table={self.table.name!r})"

    # -- schema --------------------------------------------------------------------------------
    def create_table(self) -> None:
        """Create the table if it does not exist (or run :meth:`ddl`'s statement yourself)."""
        self._run("create table", lambda: self.table.metadata.create_all(self.engine))

    @staticmethod
    def ddl(dialect: str = "postgresql", table: str = DEFAULT_TABLE) -> str:
        """The ``CREATE TABLE`` statement for ``dialect`` ("postgresql", "sqlite", "mysql"...)."""
        from sqlalchemy.dialects import registry
        from sqlalchemy.schema import CreateTable

        dialect_cls = registry.load(dialect)
        text = str(CreateTable(_table(table)).compile(dialect=dialect_cls()))
        return "\n".join(line.rstrip() for line in text.strip().splitlines()) + ";"

    # -- plumbing ------------------------------------------------------------------------------
    def _transient(self) -> tuple[type[BaseException], ...]:
        from sqlalchemy.exc import InterfaceError, OperationalError

        return (OperationalError, InterfaceError)

    def _run(self, what: str, fn: Any) -> Any:
        def give_up(exc: BaseException, attempts: int) -> Exception:
            return TokenStoreUnavailableError(
                f"{what}: the database at {self.address} is unreachable or failing "
                f"({type(exc).__name__}) after {attempts} attempts"
            )

        return retrying(
            what,
            fn,
            transient=self._transient(),
            attempts=self.retries,
            backoff=self.retry_backoff,
            give_up=give_up,
        )

    def _decode(self, raw: str | None) -> Token | None:
        if raw is None:
            return None
        try:
            return Token.from_dict(json.loads(raw))
        except (ValueError, TypeError, OAuthError):
            raise TokenStoreError(f"{self!r}: the stored token is not a valid token") from None

    def _select(self, conn: Connection, column: str) -> str | None:
        import sqlalchemy as sa

        t = self.table
        value = conn.execute(sa.select(t.c[column]).where(t.c.token_key == self.key)).scalar()
        return None if value is None else str(value)

    # -- data ----------------------------------------------------------------------------------
    def _read(self, column: str) -> Token | None:
        held = self._held.get()
        if held is not None and not held.done:
            return self._decode(self._select(held.conn, column))

        def read() -> str | None:
            with self.engine.connect() as conn:
                return self._select(conn, column)

        return self._decode(self._run("token load", read))

    def load(self) -> Token | None:
        return self._read("token")

    def load_previous(self) -> Token | None:
        """The token the current one replaced (kept for Xero's 30-minute refresh grace)."""
        return self._read("previous")

    def save(self, token: Token) -> None:
        import sqlalchemy as sa

        if not isinstance(token, Token):
            raise TypeError(f"expected a Token, got {type(token).__name__}")
        held = self._held.get()
        if held is None or held.done:
            with self.lock():
                self.save(token)
            return
        t = self.table
        statement = (
            sa.update(t)
            .where(t.c.token_key == self.key, t.c.version == held.version)
            .ordered_values(  # previous first: MySQL assigns left to right
                (t.c.previous, t.c.token),
                (t.c.token, json.dumps(token.to_dict(), sort_keys=True)),
                (t.c.version, t.c.version + 1),
                (t.c.updated_at, sa.func.current_timestamp()),
            )
        )
        try:
            updated = held.conn.execute(statement).rowcount
            if updated != 1:
                raise TokenStoreError(
                    f"{self!r}: the row changed while the refresh lock was held (version "
                    f"{held.version}): the token was not saved"
                )
            held.conn.exec_driver_sql("COMMIT")
        except Exception as exc:
            if isinstance(exc, self._transient()):
                raise TokenStoreUnavailableError(
                    f"token save: the database at {self.address} failed ({type(exc).__name__}); "
                    "the token was not saved"
                ) from None
            raise
        finally:
            held.done = True  # committed or failed: the lock's transaction is over either way

    def clear(self) -> None:
        """Delete this key's row."""
        import sqlalchemy as sa

        def delete() -> None:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(self.table).where(self.table.c.token_key == self.key))

        self._run("token clear", delete)

    def close(self) -> None:
        """Dispose of the engine this store created (not one it was given)."""
        if self._owned:
            self.engine.dispose()

    # -- locking -------------------------------------------------------------------------------
    def _ensure_row(self, conn: Connection) -> None:
        import sqlalchemy as sa
        from sqlalchemy.exc import IntegrityError

        if conn.execute(sa.select(self.table.c.version).where(self.table.c.token_key == self.key)).first():
            return
        with contextlib.suppress(IntegrityError):  # another holder inserted it first
            conn.execute(sa.insert(self.table).values(token_key=self.key, version=0))

    def _begin(self, conn: Connection, deadline: float | None) -> None:
        """Start the transaction that holds the lock (waiting at most until ``deadline``)."""
        from sqlalchemy.exc import OperationalError

        if self._dialect == "sqlite":
            while True:
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                    return
                except OperationalError as exc:
                    if "locked" not in str(exc.orig) or (
                        deadline is not None and time.monotonic() >= deadline
                    ):
                        raise
        conn.exec_driver_sql("BEGIN")
        if self._dialect == "postgresql" and deadline is not None:
            remaining = max(1, int((deadline - time.monotonic()) * 1000))
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {remaining}")

    def _lock_version(self, conn: Connection) -> int:
        import sqlalchemy as sa

        t = self.table
        query = sa.select(t.c.version).where(t.c.token_key == self.key).with_for_update()
        return int(conn.execute(query).scalar_one())

    def _acquire(self) -> _Held:
        deadline = None if self.lock_timeout is None else time.monotonic() + self.lock_timeout

        def attempt() -> _Held:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                self._ensure_row(conn)
                self._begin(conn, deadline)
                return _Held(conn, self._lock_version(conn))
            except BaseException as exc:
                conn.invalidate() if _is_disconnect(exc) else conn.close()
                if _is_lock_wait_timeout(exc):
                    raise self._timed_out() from None
                raise

        return self._run("token lock", attempt)  # type: ignore[no-any-return]

    def _timed_out(self) -> TokenStoreError:
        return TokenStoreError(f"{self!r}: could not take the refresh lock within {self.lock_timeout} s")

    def _release(self, held: _Held) -> None:
        try:
            if not held.done:
                held.done = True
                held.conn.exec_driver_sql("ROLLBACK")
            held.conn.close()
        except Exception as exc:
            if not isinstance(exc, self._transient()):
                raise
            logger.warning("%r: the lock's connection failed on release; the database ends it", self)
            with contextlib.suppress(Exception):
                held.conn.invalidate()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        held = self._acquire()
        reset = self._held.set(held)
        try:
            yield
        finally:
            self._held.reset(reset)
            self._release(held)

    # -- async: the same engine from worker threads ----------------------------------------------
    async def aload(self) -> Token | None:
        import asyncio

        return await asyncio.to_thread(self.load)

    async def aload_previous(self) -> Token | None:
        import asyncio

        return await asyncio.to_thread(self.load_previous)

    async def asave(self, token: Token) -> None:
        import asyncio

        if self._held.get() is None:
            async with self.alock():
                await asyncio.to_thread(self.save, token)
            return
        await asyncio.to_thread(self.save, token)

    @contextlib.asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        import asyncio

        future = asyncio.ensure_future(asyncio.to_thread(self._acquire))
        try:
            held = await asyncio.shield(future)
        except asyncio.CancelledError:

            def undo(done: asyncio.Future[_Held]) -> None:
                if not done.cancelled() and done.exception() is None:
                    self._release(done.result())

            future.add_done_callback(undo)
            raise
        reset = self._held.set(held)
        try:
            yield
        finally:
            self._held.reset(reset)
            await asyncio.to_thread(self._release, held)


def _is_lock_wait_timeout(exc: BaseException) -> bool:
    """PostgreSQL's ``lock_not_available`` (55P03) or SQLite's "database is locked"."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) == "55P03" or "database is locked" in str(orig or "")


def _is_disconnect(exc: BaseException) -> bool:
    return bool(getattr(exc, "connection_invalidated", False))
