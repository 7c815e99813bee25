"""Real ``redis-server`` and PostgreSQL processes on loopback, free ports and temporary folders.

Used by the shared-state tests (session fixtures in ``conftest.py``) and by the distributed
benchmark rows. PostgreSQL refuses to run as root: when the tests run as root its cluster is
created and run as the ``nobody`` user in a folder it owns.
"""

from __future__ import annotations

import contextlib
import ctypes  # noqa: F401  imported here: the server's child imports it after dropping to `nobody`
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from tests.mockserver.prism import _die_with_parent  # the servers stop when the tests die

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; log:\n{_tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port} within {timeout} s; log:\n{_tail(log)}")


def _tail(path: str) -> str:
    try:
        with open(path, errors="replace") as fh:
            return fh.read()[-3000:]
    except OSError:
        return "(no log)"


class RedisServer:
    """``redis-server`` with the append-only file on. ``appendfsync="always"`` (the tests): a
    token saved before a kill is there after the restart; ``"everysec"`` (Redis's default with
    AOF, the benchmark): at most a second of writes is lost."""

    def __init__(self, directory: str, appendfsync: str = "always") -> None:
        self.directory = directory
        self.appendfsync = appendfsync
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.log = os.path.join(directory, "redis.log")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server; .ci/run does)")
        self.process = subprocess.Popen(
            [
                binary,
                "--bind", HOST,
                "--port", str(self.port),
                "--dir", self.directory,
                "--appendonly", "yes",
                "--appendfsync", self.appendfsync,
                "--save", "",
                "--logfile", self.log,
                "--daemonize", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        _wait_for_port(self.port, self.process, self.log)
        self._wait_ready()

    def _wait_ready(self) -> None:
        import redis

        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 30
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.exceptions.ConnectionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        finally:
            client.close()

    def kill(self) -> None:
        """``kill -9``: no shutdown, no final save; what survives is what the AOF holds."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self, down_for: float = 0.0) -> None:
        self.kill()
        time.sleep(down_for)
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def flush(self) -> None:
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            client.flushdb()
        finally:
            client.close()


def postgres_bindir() -> str | None:
    """Where ``initdb`` and ``postgres`` are: PATH, then Debian's versioned folders."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return os.path.dirname(found)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(candidates[-1]) if candidates else None


class PostgresServer:
    """A throw-away PostgreSQL cluster: trust authentication on loopback, database ``xero``."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.data = os.path.join(directory, "data")
        self.log = os.path.join(directory, "postgres.log")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.user = "xero"
        self.url = f"postgresql+psycopg://{self.user}@{HOST}:{self.port}/xero"
        self._run_as: dict[str, Any] = {}
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(directory, nobody.pw_uid, nobody.pw_gid)
            self._run_as = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}

    def start(self) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql; .ci/run does)")
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        if not os.path.exists(self.data):
            subprocess.run(
                [
                    os.path.join(bindir, "initdb"),
                    "-D",
                    self.data,
                    "-U",
                    self.user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ],
                check=True,
                capture_output=True,
                env=env,
                cwd=self.directory,
                **self._run_as,
            )
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    os.path.join(bindir, "postgres"),
                    "-D", self.data,
                    "-h", HOST,
                    "-p", str(self.port),
                    "-k", self.directory,
                    "-c", "fsync=off",
                    "-c", "max_connections=200",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=self.directory,
                preexec_fn=_die_with_parent,
                **self._run_as,
            )  # fmt: skip
        _wait_for_port(self.port, self.process, self.log)
        self._create_database()

    def _create_database(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    host=HOST, port=self.port, user=self.user, dbname="postgres", autocommit=True
                ) as conn:
                    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'xero'").fetchone()
                    if not exists:
                        conn.execute("CREATE DATABASE xero")
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


@contextlib.contextmanager
def running(kind: str, **options: Any) -> Iterator[Any]:
    """A started :class:`RedisServer` (``"redis"``) or :class:`PostgresServer` (``"postgres"``),
    stopped and its folder removed on exit."""
    directory = tempfile.mkdtemp(prefix=f"xero-sdk-{kind}-")
    server: RedisServer | PostgresServer = (
        RedisServer(directory, **options) if kind == "redis" else PostgresServer(directory)
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
