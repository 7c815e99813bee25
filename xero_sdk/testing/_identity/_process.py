"""Run the identity server as a subprocess and talk to its admin API."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from typing import IO, Any

import httpx

from ._records import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    DEFAULT_REDIRECT_URIS,
)

__all__ = ["IdentityServerProcess", "start_identity_server"]

#: The folder holding the ``xero_sdk`` package: put on the subprocess's path so that it imports
#: this same copy of the SDK (an editable checkout or an installed wheel).
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
URL_PREFIX = "XERO_IDENTITY_URL="


class IdentityServerProcess:
    """A running identity server: its URL, the default client, and admin helpers."""

    client_id = DEFAULT_CLIENT_ID
    client_secret = DEFAULT_CLIENT_SECRET
    public_client_id = DEFAULT_PUBLIC_CLIENT_ID
    redirect_uri = DEFAULT_REDIRECT_URIS[0]

    def __init__(self, process: subprocess.Popen[bytes], url: str, log_path: str) -> None:
        self.process = process
        self.url = url
        self.log_path = log_path
        self._admin = httpx.Client(base_url=url, timeout=10.0)

    def __repr__(self) -> str:
        return f"IdentityServerProcess(url={self.url!r}, pid={self.process.pid})"

    @property
    def resource_url(self) -> str:
        return f"{self.url}/api.xro/2.0/Organisation"

    # -- admin API ---------------------------------------------------------------------------------
    def admin(self, method: str, name: str, body: dict[str, Any] | None = None) -> Any:
        response = self._admin.request(method, f"/_admin/{name}", json=body)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self.admin("POST", "reset")

    def configure(self, **changes: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.admin("POST", "config", changes)
        return result

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self.admin("GET", "stats")
        return result

    def expire(self, kind: str = "access", token: str | None = None) -> int:
        body: dict[str, Any] = {"kind": kind}
        if token is not None:
            body["token"] = token
        return int(self.admin("POST", "expire", body)["expired"])

    def set_clock(self, *, offset: float | None = None, advance: float | None = None) -> None:
        body: dict[str, Any] = {}
        if offset is not None:
            body["offset"] = offset
        if advance is not None:
            body["advance"] = advance
        self.admin("POST", "clock", body)

    def fail(
        self,
        status: int | None = None,
        *,
        path: str | None = None,
        method: str | None = None,
        times: int | None = 1,
        retry_after: int = 1,
        lose_answer: bool = False,
    ) -> None:
        """Inject a fault for the next ``times`` matching identity requests (``path``: a regular
        expression searched in the path): answer ``status`` instead (a 429 with ``Retry-After:
        retry_after``), or with ``lose_answer`` handle the request and close the connection
        without its answer. See :class:`~xero_sdk.testing._identity._records.IdentityFault`."""
        body: dict[str, Any] = {"times": times, "retry_after": retry_after, "lose_answer": lose_answer}
        if status is not None:
            body["status"] = status
        if path is not None:
            body["path"] = path
        if method is not None:
            body["method"] = method
        self.admin("POST", "faults", body)

    def add_client(self, client_id: str, client_secret: str | None, redirect_uris: Sequence[str]) -> None:
        self.admin(
            "POST",
            "clients",
            {"client_id": client_id, "client_secret": client_secret, "redirect_uris": list(redirect_uris)},
        )

    def authorize(self, authorization_url: str) -> str:
        """What a browser would do: open the authorization URL (the server auto-consents) and
        return where it redirects (the callback URL with ``code`` and ``state``, or ``error``)."""
        response = httpx.get(authorization_url, follow_redirects=False, timeout=10.0)
        if response.status_code != 302:
            raise AssertionError(f"authorize answered {response.status_code}: {response.text}")
        return response.headers["Location"]

    # -- log ---------------------------------------------------------------------------------------
    def log_size(self) -> int:
        try:
            return os.path.getsize(self.log_path)
        except OSError:
            return 0

    def log_text(self, start: int = 0) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(start)
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""

    # -- lifecycle ---------------------------------------------------------------------------------
    def stop(self) -> None:
        self._admin.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


def _read_first_line(stream: IO[bytes], out: queue.Queue[str]) -> None:
    for raw in iter(stream.readline, b""):
        out.put(raw.decode("utf-8", "replace").strip())
    out.put("")


@contextlib.contextmanager
def start_identity_server(*args: str, timeout: float = 30.0) -> Iterator[IdentityServerProcess]:
    """Start ``python -m xero_sdk.testing._identity --port 0 *args`` on loopback, wait until it answers,
    yield a handle, stop it on exit. A failed start raises ``RuntimeError`` with the server's log."""
    fd, log_path = tempfile.mkstemp(prefix="identity-server-", suffix=".log")
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE_PARENT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONUNBUFFERED"] = "1"
    with os.fdopen(fd, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "xero_sdk.testing._identity", "--host", "127.0.0.1", "--port", "0", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
        )
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_first_line, args=(process.stdout, lines), daemon=True).start()
    server: IdentityServerProcess | None = None
    try:
        deadline = time.monotonic() + timeout
        url = None
        while url is None:
            try:
                line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line.startswith(URL_PREFIX):
                url = line[len(URL_PREFIX) :]
            elif line == "" and process.poll() is not None:
                break
        if url is None:
            raise RuntimeError(f"identity server did not start; its log:\n{_read(log_path)}")
        server = IdentityServerProcess(process, url, log_path)
        while True:
            try:
                server.admin("GET", "health")
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(
                        f"identity server does not answer; its log:\n{_read(log_path)}"
                    ) from None
                time.sleep(0.05)
        yield server
    finally:
        if server is not None:
            server.stop()
        elif process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        with contextlib.suppress(OSError):
            os.remove(log_path)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()[-20000:]
    except OSError:
        return ""
