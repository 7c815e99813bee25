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

Async code (``AsyncXero``) awaits ``aload``, ``asave`` and ``alock``: natively on an
``AsyncEngine`` (psycopg's or aiosqlite's asyncio driver), else on the sync engine from worker
threads; the store never blocks an event loop. Needs ``pip install 'xero-sdk[sql]'``.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from xero_sdk._backend import Retrying, safe_address
from xero_sdk.errors import TokenStoreError, TokenStoreUnavailableError

from ._stored import decode_token, encode_token
from ._token import Token

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Table
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
    from sqlalchemy.sql.dml import Update
    from sqlalchemy.sql.selectable import Select

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
    """One holding of the lock: the connection (sync or asyncio) whose transaction holds it, and
    the row's version."""

    __slots__ = ("conn", "done", "version")

    def __init__(self, conn: Any, version: int) -> None:
        self.conn = conn
        self.version = version
        self.done = False


class SQLTokenStore:
    """A token in a SQL table (see the module docstring).

    ``url_or_engine``: a SQLAlchemy URL (``"postgresql+psycopg://user:pw@db/app"``,
    ``"sqlite:///tokens.db"``) or an ``Engine`` (sync code, and async code through worker
    threads), or an ``AsyncEngine`` (``create_async_engine("postgresql+psycopg://...")`` or
    ``"sqlite+aiosqlite:///..."``: async code only, natively). ``key``: this token's row.
    ``table``: the table's name. ``lock_timeout``: seconds to wait for the refresh lock.
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
        self._owned = isinstance(url_or_engine, str)
        self.async_engine: AsyncEngine | None = None
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
        elif _is_async_engine(url_or_engine):
            self.async_engine = url_or_engine
            self.engine = url_or_engine.sync_engine
            self.address = url_or_engine.url.render_as_string(hide_password=True)
        else:
            raise TypeError(
                f"expected a SQLAlchemy URL, Engine or AsyncEngine, not {type(url_or_engine).__name__}"
            )
        self.key = key
        self.table = _table(table)
        self.lock_timeout = lock_timeout
        self._retrying = Retrying(
            transient=_transient(),
            attempts=retries,
            backoff=retry_backoff,
            unavailable=self._unavailable_after,
        )
        self._dialect = self.engine.dialect.name
        self._held: contextvars.ContextVar[_Held | None] = contextvars.ContextVar(
            f"xero_sdk_sql_lock_{id(self)}", default=None
        )
        self._releasing: set[Any] = set()

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
    def _unavailable_after(self, what: str, exc: BaseException, attempts: int) -> Exception:
        return TokenStoreUnavailableError(
            f"{what}: the database at {self.address} is unreachable or failing "
            f"({type(exc).__name__}) after {attempts} attempts"
        )

    def _run(self, what: str, fn: Any) -> Any:
        return self._retrying.run(what, fn)

    # -- statements (the sync and asyncio paths run the same ones) -------------------------------
    def _select(self, column: str) -> Select[Any]:
        import sqlalchemy as sa

        return sa.select(self.table.c[column]).where(self.table.c.token_key == self.key)

    def _insert_row(self) -> Any:
        import sqlalchemy as sa

        return sa.insert(self.table).values(token_key=self.key, version=0)

    def _lock_row(self) -> Select[Any]:
        return self._select("version").with_for_update()

    def _update(self, version: int, data: str) -> Update:
        import sqlalchemy as sa

        t = self.table
        return (
            sa.update(t)
            .where(t.c.token_key == self.key, t.c.version == version)
            .ordered_values(  # previous first: MySQL assigns left to right
                (t.c.previous, t.c.token),
                (t.c.token, data),
                (t.c.version, t.c.version + 1),
                (t.c.updated_at, sa.func.current_timestamp()),
            )
        )

    def _begin_statements(self, deadline: float | None) -> list[str]:
        """What starts the transaction that holds the lock (SQLite: its write lock)."""
        remaining = None if deadline is None else max(1, int((deadline - time.monotonic()) * 1000))
        if self._dialect == "sqlite":
            # BEGIN IMMEDIATE waits up to the connection's busy timeout (5 s by default): no
            # longer than the lock's own deadline
            wait = [] if remaining is None else [f"PRAGMA busy_timeout = {min(remaining, 5000)}"]
            return [*wait, "BEGIN IMMEDIATE"]
        statements = ["BEGIN"]
        if self._dialect == "postgresql" and remaining is not None:
            statements.append(f"SET LOCAL lock_timeout = {remaining}")
        return statements

    def _sqlite_busy(self, exc: BaseException, deadline: float | None) -> bool:
        """SQLite's write lock is taken: wait again (until ``deadline``)."""
        return (
            self._dialect == "sqlite"
            and "locked" in str(getattr(exc, "orig", ""))
            and (deadline is None or time.monotonic() < deadline)
        )

    def _not_saved(self, held: _Held, updated: int) -> None:
        if updated != 1:
            raise TokenStoreError(
                f"{self!r}: the row changed while the refresh lock was held (version "
                f"{held.version}): the token was not saved"
            )

    def _save_failed(self, exc: BaseException) -> BaseException:
        if isinstance(exc, _transient()):
            return TokenStoreUnavailableError(
                f"token save: the database at {self.address} failed ({type(exc).__name__}); "
                "the token was not saved"
            )
        return exc

    def _sync(self) -> Engine:
        if self.async_engine is not None:
            raise TypeError(
                f"{self!r} was given an AsyncEngine: use it from async code (aload, asave, alock)"
            )
        return self.engine

    def _scalar(self, conn: Connection, column: str) -> str | None:
        value = conn.execute(self._select(column)).scalar()
        return None if value is None else str(value)

    # -- data ----------------------------------------------------------------------------------
    def _read(self, column: str) -> Token | None:
        engine = self._sync()
        held = self._held.get()
        if held is not None and not held.done:
            return decode_token(self._scalar(held.conn, column), self)

        def read() -> str | None:
            with engine.connect() as conn:
                return self._scalar(conn, column)

        return decode_token(self._run("token load", read), self)

    def load(self) -> Token | None:
        """The current token, or ``None`` if there is none."""
        return self._read("token")

    def load_previous(self) -> Token | None:
        """The token the current one replaced (kept for Xero's 30-minute refresh grace)."""
        return self._read("previous")

    def save(self, token: Token) -> None:
        """Save ``token``, keeping the one it replaces as ``previous``; fenced on the row's version and
        committed before returning, which ends the lock's transaction. Outside ``lock()`` it takes the lock
        for itself."""
        data = encode_token(token)
        self._sync()
        held = self._held.get()
        if held is None or held.done:
            with self.lock():
                self.save(token)
            return
        held.done = True  # committed or failed: the lock's transaction ends here either way
        try:
            self._not_saved(held, held.conn.execute(self._update(held.version, data)).rowcount)
            held.conn.exec_driver_sql("COMMIT")
        except Exception as exc:
            failure = self._save_failed(exc)
        else:
            return
        raise failure  # outside the except block: the driver's exception is not chained

    def clear(self) -> None:
        """Delete this key's row."""
        import sqlalchemy as sa

        engine = self._sync()

        def delete() -> None:
            with engine.begin() as conn:
                conn.execute(sa.delete(self.table).where(self.table.c.token_key == self.key))

        self._run("token clear", delete)

    def close(self) -> None:
        """Dispose of the engine this store created (not one it was given)."""
        if self._owned:
            self.engine.dispose()

    async def aclose(self) -> None:
        """:meth:`close` (an AsyncEngine given to the store is the caller's to dispose of)."""
        self.close()

    # -- locking -------------------------------------------------------------------------------
    def _acquire(self) -> _Held:
        from sqlalchemy.exc import IntegrityError

        engine = self._sync()
        deadline = None if self.lock_timeout is None else time.monotonic() + self.lock_timeout

        def attempt() -> _Held:
            conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                if conn.execute(self._select("version")).first() is None:
                    with contextlib.suppress(IntegrityError):  # another holder inserted it first
                        conn.execute(self._insert_row())
                while True:
                    try:
                        for statement in self._begin_statements(deadline):
                            conn.exec_driver_sql(statement)
                        break
                    except Exception as exc:
                        if not self._sqlite_busy(exc, deadline):
                            raise
                return _Held(conn, int(conn.execute(self._lock_row()).scalar_one()))
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
            if not isinstance(exc, _transient()):
                raise
            logger.warning("%r: the lock's connection failed on release; the database ends it", self)
            with contextlib.suppress(Exception):
                held.conn.invalidate()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the refresh lock: a transaction locking this key's row (``BEGIN IMMEDIATE`` on SQLite), rolled
        back on exit unless a save committed it; :class:`TokenStoreError` after ``lock_timeout`` seconds of
        waiting."""
        held = self._acquire()
        reset = self._held.set(held)
        try:
            yield
        finally:
            self._held.reset(reset)
            self._release(held)

    # -- async: natively on an AsyncEngine, else the sync engine from worker threads ---------------
    async def _arun(self, what: str, fn: Any) -> Any:
        return await self._retrying.arun(what, fn)

    async def _aread(self, column: str) -> Token | None:
        import asyncio

        engine = self.async_engine
        if engine is None:
            return await asyncio.to_thread(self._read, column)
        held = self._held.get()
        if held is not None and not held.done:
            value = (await held.conn.execute(self._select(column))).scalar()
            return decode_token(value, self)

        async def read() -> Any:
            async with engine.connect() as conn:
                return (await conn.execute(self._select(column))).scalar()

        return decode_token(await self._arun("token load", read), self)

    async def aload(self) -> Token | None:
        """:meth:`load` for asyncio code (natively on an ``AsyncEngine``, else in a worker thread)."""
        return await self._aread("token")

    async def aload_previous(self) -> Token | None:
        """:meth:`load_previous` for asyncio code."""
        return await self._aread("previous")

    async def asave(self, token: Token) -> None:
        """:meth:`save` for asyncio code (outside ``alock()`` it takes the lock for itself)."""
        import asyncio

        data = encode_token(token)
        held = self._held.get()
        if held is None or held.done:
            async with self.alock():
                await self.asave(token)
            return
        if self.async_engine is None:
            await asyncio.to_thread(self.save, token)
            return
        held.done = True
        try:
            self._not_saved(held, (await held.conn.execute(self._update(held.version, data))).rowcount)
            await held.conn.exec_driver_sql("COMMIT")
        except Exception as exc:
            failure = self._save_failed(exc)
        else:
            return
        raise failure

    async def _aacquire(self, engine: AsyncEngine) -> _Held:
        import asyncio

        from sqlalchemy.exc import IntegrityError

        deadline = None if self.lock_timeout is None else time.monotonic() + self.lock_timeout

        async def attempt() -> _Held:
            conn: AsyncConnection = await engine.connect()
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            try:
                if (await conn.execute(self._select("version"))).first() is None:
                    with contextlib.suppress(IntegrityError):
                        await conn.execute(self._insert_row())
                while True:
                    try:
                        for statement in self._begin_statements(deadline):
                            await conn.exec_driver_sql(statement)
                        break
                    except Exception as exc:
                        if not self._sqlite_busy(exc, deadline):
                            raise
                        await asyncio.sleep(0.05)
                return _Held(conn, int((await conn.execute(self._lock_row())).scalar_one()))
            except BaseException as exc:
                await (conn.invalidate() if _is_disconnect(exc) else conn.close())
                if _is_lock_wait_timeout(exc):
                    raise self._timed_out() from None
                raise

        return await self._arun("token lock", attempt)  # type: ignore[no-any-return]

    async def _arelease(self, held: _Held) -> None:
        import asyncio

        if self.async_engine is None:
            await asyncio.to_thread(self._release, held)
            return
        try:
            if not held.done:
                held.done = True
                await held.conn.exec_driver_sql("ROLLBACK")
            await held.conn.close()
        except Exception as exc:
            if not isinstance(exc, _transient()):
                raise
            logger.warning("%r: the lock's connection failed on release; the database ends it", self)
            with contextlib.suppress(Exception):
                await held.conn.invalidate()

    @contextlib.asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        """:meth:`lock` for asyncio code: natively on an ``AsyncEngine``, else taken in a worker thread; never
        blocks the event loop."""
        import asyncio

        engine = self.async_engine
        acquiring = self._aacquire(engine) if engine is not None else asyncio.to_thread(self._acquire)
        future = asyncio.ensure_future(acquiring)
        try:
            held = await asyncio.shield(future)
        except asyncio.CancelledError:
            # cancelled while waiting: give the lock back as soon as it is taken
            def undo(done: asyncio.Future[_Held]) -> None:
                if not done.cancelled() and done.exception() is None:
                    task = asyncio.ensure_future(self._arelease(done.result()))
                    self._releasing.add(task)
                    task.add_done_callback(self._releasing.discard)

            future.add_done_callback(undo)
            raise
        reset = self._held.set(held)
        try:
            yield
        finally:
            self._held.reset(reset)
            await self._arelease(held)


def _is_lock_wait_timeout(exc: BaseException) -> bool:
    """PostgreSQL's ``lock_not_available`` (55P03) or SQLite's "database is locked"."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) == "55P03" or "database is locked" in str(orig or "")


def _transient() -> tuple[type[BaseException], ...]:
    """What a database that is restarting or unreachable raises (and a retry may cure)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    return (OperationalError, InterfaceError)


def _is_async_engine(value: object) -> bool:
    try:
        from sqlalchemy.ext.asyncio import AsyncEngine
    except ImportError:  # pragma: no cover - SQLAlchemy without its asyncio extra (greenlet)
        return False
    return isinstance(value, AsyncEngine)


def _is_disconnect(exc: BaseException) -> bool:
    return bool(getattr(exc, "connection_invalidated", False))
