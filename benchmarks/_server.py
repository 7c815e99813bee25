"""A small asyncio HTTP/1.1 server for the benchmarks, run in its own process.

It runs in a child process so that its work never competes with the client under test for the
GIL; every client (xero-sdk, raw httpx, xero-python, pyxero) talks to the same server. Keep-alive
is on (HTTP/1.1), bodies are prebuilt bytes, so each answer costs the server a few tens of
microseconds.

Routes: any path containing ``/Invoices`` answers an invoices page (``--page-size`` invoices);
``/__stats`` answers the counters as JSON; ``/__reset`` clears them; anything else answers the
``GET /Organisation`` body. Every answer carries Xero's rate-limit headers.

Options: ``--delay`` (seconds before each answer), and per-tenant limits keyed by the
``xero-tenant-id`` header: ``--max-concurrent`` requests in flight and ``--per-window`` requests
in any rolling ``--window`` seconds (Xero's "60 per minute", with the minute scaled down), and
``--app-per-window`` for all tenants together (Xero's 10,000 per minute per app), with the
local Xero's rules (:class:`xero_sdk.testing._limits.Limits`) in rolling windows. A request over
a limit is answered 429 with ``X-Rate-Limit-Problem: concurrent|minute|appminute`` and, for the
window limits, ``Retry-After`` (whole seconds, at least 1, as Xero sends it), and is not counted
in the windows.

The parent starts it with :class:`ServerProcess`, which reads ``PORT <n>`` from its stdout and
stops it on exit. The child also exits when its stdin closes (the parent died) or after
``--max-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from benchmarks._common import ROOT
from xero_sdk.testing._limits import Limits

__all__ = ["ServerProcess", "main"]

_REASONS = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}


class _Tenant:
    __slots__ = ("max_in_flight", "ok")

    def __init__(self) -> None:
        self.max_in_flight = 0
        self.ok = 0


class _App:
    def __init__(self, args: argparse.Namespace) -> None:
        from benchmarks.payload import encode, invoices_page, organisation_body

        self.delay: float = args.delay
        self.max_concurrent: int | None = args.max_concurrent
        self.per_window: int | None = args.per_window
        self.app_per_window: int | None = args.app_per_window
        self.window: float = args.window
        self.organisation = encode(organisation_body())
        self.invoices = encode(invoices_page(args.page_size))
        self.reset()

    def reset(self) -> None:
        self.tenants: dict[str, _Tenant] = {}
        self.limits = Limits(
            concurrent=self.max_concurrent,
            per_minute=self.per_window,
            per_day=None,
            app_per_minute=self.app_per_window,
            minute=self.window,
            rolling=True,
        )
        self.max_app_in_window = 0
        self.requests = 0
        self.ok = 0
        self.refused: dict[str, int] = {"concurrent": 0, "minute": 0, "appminute": 0}
        self.first: float | None = None
        self.last: float | None = None
        self.log: list[tuple[float, int]] = []
        """(arrival on time.monotonic, status) of the first requests: the clock is system-wide
        on Linux, so the parent can compare it with its own timestamps."""

    def stats(self) -> bytes:
        return json.dumps(
            {
                "requests": self.requests,
                "ok": self.ok,
                "refused": self.refused,
                "max_in_flight": {k: t.max_in_flight for k, t in self.tenants.items()},
                "ok_by_tenant": {k: t.ok for k, t in self.tenants.items()},
                "max_app_in_window": self.max_app_in_window,
                "first_arrival": self.first,
                "last_arrival": self.last,
                "log": self.log,
            }
        ).encode()

    async def answer(self, path: str, headers: dict[str, str]) -> tuple[int, list[tuple[str, str]], bytes]:
        if path.startswith("/__stats"):
            return 200, [], self.stats()
        if path.startswith("/__reset"):
            self.reset()
            return 200, [], b"{}"
        now = time.monotonic()
        self.requests += 1
        if self.first is None:
            self.first = now
        self.last = now
        key = headers.get("xero-tenant-id", "")
        tenant = self.tenants.get(key)
        if tenant is None:
            tenant = self.tenants[key] = _Tenant()
        limits = self.limits
        logged = len(self.log) < 5000
        refusal = limits.enter(key, now)
        if refusal is not None:
            self.refused[refusal.problem] += 1
            if logged:
                self.log.append((now, 429))
            return 429, list(refusal.headers().items()), b""
        if logged:
            self.log.append((now, 200))
        self.max_app_in_window = max(self.max_app_in_window, limits.app.count(now))
        tenant.max_in_flight = max(tenant.max_in_flight, limits.in_flight(key))
        try:
            if self.delay > 0:
                await asyncio.sleep(self.delay)
        finally:
            limits.leave(key)
        self.ok += 1
        tenant.ok += 1
        remaining = limits.remaining(key, now)
        limits_headers = [
            ("X-DayLimit-Remaining", remaining["X-DayLimit-Remaining"]),
            ("X-MinLimit-Remaining", remaining["X-MinLimit-Remaining"]),
            ("X-AppMinLimit-Remaining", remaining["X-AppMinLimit-Remaining"]),
        ]
        body = self.invoices if "/Invoices" in path else self.organisation
        return 200, limits_headers, body

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                if len(parts) != 3:
                    return
                _method, target, version = parts
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    await reader.readexactly(length)
                status, extra, body = await self.answer(target, headers)
                close = version != "HTTP/1.1" or headers.get("connection", "").lower() == "close"
                out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}"]
                out.append("Content-Type: application/json; charset=utf-8")
                out.append(f"Content-Length: {len(body)}")
                out.extend(f"{k}: {v}" for k, v in extra)
                if close:
                    out.append("Connection: close")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                if close:
                    return
        except ConnectionError:
            return
        except asyncio.CancelledError:
            return  # shutting down: end quietly instead of logging each open connection
        finally:
            writer.close()


async def _run(args: argparse.Namespace) -> None:
    app = _App(args)
    server = await asyncio.start_server(app.serve, "127.0.0.1", 0, backlog=512)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def watch_stdin() -> None:
        sys.stdin.buffer.read()  # returns at EOF: the parent closed the pipe or died
        try:
            loop.call_soon_threadsafe(stop.set)
        except RuntimeError:  # the loop is already closed
            pass

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"PORT {port}", flush=True)
    async with server:
        try:
            await asyncio.wait_for(stop.wait(), args.max_seconds)
        except asyncio.TimeoutError:
            pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark HTTP server (see the module docstring).")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--max-concurrent", type=int, default=None)
    parser.add_argument("--per-window", type=int, default=None)
    parser.add_argument("--app-per-window", type=int, default=None)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--page-size", type=int, default=10)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    args = parser.parse_args(argv)
    try:
        asyncio.run(_run(args))
    except KeyboardInterrupt:
        pass
    return 0


class ServerProcess:
    """Start the server in a child process; ``url`` once entered; always stopped on exit.

    ::

        with ServerProcess(delay=0.02) as server:
            httpx.get(server.url + "/Organisation")
    """

    def __init__(
        self,
        *,
        delay: float = 0.0,
        max_concurrent: int | None = None,
        per_window: int | None = None,
        app_per_window: int | None = None,
        window: float = 60.0,
        page_size: int = 10,
        max_seconds: float = 900.0,
        start_timeout: float = 30.0,
    ) -> None:
        self.args = ["--delay", str(delay), "--window", str(window), "--page-size", str(page_size)]
        self.args += ["--max-seconds", str(max_seconds)]
        if max_concurrent is not None:
            self.args += ["--max-concurrent", str(max_concurrent)]
        if per_window is not None:
            self.args += ["--per-window", str(per_window)]
        if app_per_window is not None:
            self.args += ["--app-per-window", str(app_per_window)]
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerProcess:
        env = dict(os.environ)
        env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._server", *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        line = self._read_line(self.proc)
        if not line.startswith(b"PORT "):
            self.stop()
            raise RuntimeError(f"benchmark server did not start (said {line!r})")
        self.port = int(line.split()[1])
        return self

    def _read_line(self, proc: subprocess.Popen[bytes]) -> bytes:
        stdout = proc.stdout
        assert stdout is not None
        result: list[bytes] = []
        reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        return result[0] if result else b""

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(3)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        finally:
            if proc.stdout is not None:
                proc.stdout.close()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stats(self) -> dict[str, Any]:
        import urllib.request

        with urllib.request.urlopen(self.url + "/__stats", timeout=10) as resp:
            data: dict[str, Any] = json.loads(resp.read())
            return data

    def reset(self) -> None:
        import urllib.request

        with urllib.request.urlopen(self.url + "/__reset", timeout=10) as resp:
            resp.read()


if __name__ == "__main__":
    sys.exit(main())
