"""Start, watch and stop Prism mock servers: one per document, in parallel, on loopback.

::

    python -m tests.mockserver.prism                      # every API, static answers
    python -m tests.mockserver.prism --api accounting --api files --dynamic --seed 7

starts the local identity server (``tests/identity_server``) and prints the variables that point
an app at it (``XERO_IDENTITY_URL``, the sign-in server; ``XERO_CLIENT_ID`` and
``XERO_CLIENT_SECRET``, a client it accepts), then one ``XERO_<API>_URL=http://127.0.0.1:<port>``
line per server once it answers (the Identity API's is ``XERO_IDENTITY_API_URL``), and keeps them
running until Ctrl-C or SIGTERM. ``--env-file FILE`` writes the same variables to FILE.

In Python::

    with PrismFleet(["accounting", "files"]) as fleet:   # starts every server at once
        url = fleet.url("accounting")                    # waits until that one answers

Each server is ``prism mock <document> -h 127.0.0.1 -p <free port>`` (``node_modules/.bin/prism``,
pinned by ``package.json``) over the mock variant of the normalised document
(:mod:`tests.mockserver.documents`), in its own process group, its output written to a log
file. Stopping kills the whole group (TERM, then KILL); on Linux each server also gets
``PR_SET_PDEATHSIG`` so that it dies with the Python process that started it, even when that
one is killed outright, and an ``atexit`` hook stops whatever is still running.

Any request can ask a static server for a generated answer with Prism's ``Prefer`` header:
``Prefer: dynamic=true, seed=3`` (see :func:`prefer_dynamic`).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

from tests.mockserver.documents import REST_APIS, ROOT, ensure_mock_document
from xero_sdk._transport._config import env_var_for

PRISM = ROOT / "node_modules" / ".bin" / "prism"
HOST = "127.0.0.1"
#: Accounting (a 1 MB document) takes about 30 s to load on a 2-core machine; the rest 1 to 3 s.
DEFAULT_START_TIMEOUT = 240.0

_running: set[PrismServer] = set()
_running_lock = threading.Lock()


class PrismError(Exception):
    """A Prism server could not be started, or died."""


def prefer_dynamic(seed: int | str | None = None) -> dict[str, str]:
    """The header asking Prism for a response generated from the schema (seeded: repeatable)."""
    value = "dynamic=true" if seed is None else f"dynamic=true, seed={seed}"
    return {"Prefer": value}


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to send SIGTERM to the child when the process that started it exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def prism_command(document: Path, port: int, *, dynamic: bool = False, seed: str | None = None) -> list[str]:
    cmd = [str(PRISM), "mock", str(document), "-h", HOST, "-p", str(port)]
    if dynamic:
        cmd.append("--dynamic")
    if seed is not None:
        cmd += ["--seed", str(seed)]
    return cmd


class PrismLog:
    """A server's log file, read from offsets: the lines one request wrote, a tail on failure."""

    REQUEST_START = re.compile(r"\[HTTP SERVER\] (\w+) (\S+) .*Request received")
    REQUEST_END = re.compile(r'Responding with "\d{3}"|Request terminated with error')

    def __init__(self, path: Path) -> None:
        self.path = path

    def offset(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def read(self, start: int = 0, end: int | None = None) -> str:
        try:
            with self.path.open("rb") as fh:
                fh.seek(start)
                data = fh.read() if end is None else fh.read(max(0, end - start))
        except FileNotFoundError:
            return ""
        return data.decode("utf-8", "replace")

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.read().splitlines()[-lines:])

    def requests_since(self, start: int, count: int = 1, timeout: float = 5.0) -> list[str]:
        """The log of the requests received since ``start``, one text block each; waits until
        ``count`` of them have answered (their lines are written a moment after the answer may
        have reached the client)."""
        deadline = time.monotonic() + timeout
        while True:
            blocks = self.split_requests(self.read(start))
            done = sum(1 for b in blocks if self.REQUEST_END.search(b))
            if done >= count or time.monotonic() > deadline:
                return blocks
            time.sleep(0.005)

    @classmethod
    def split_requests(cls, text: str) -> list[str]:
        blocks: list[list[str]] = []
        for line in text.splitlines():
            if cls.REQUEST_START.search(line):
                blocks.append([line])
            elif blocks:
                blocks[-1].append(line)
        return ["\n".join(b) for b in blocks]


_LEVEL = re.compile(r"\s(success|info|warning|error|fatal|debug|trace)\s{2,}(.*)$")


def request_violations(block: str) -> list[str]:
    """Prism's error-severity complaints about the *request* in one request's log block.

    Prism logs ``Request did not pass the validation rules`` followed by one line per
    violation (and repeats them as ``Violation: request...`` when it answers with the
    document's own error response), and ``Request terminated with error`` for routing,
    security and negotiation failures. Warnings (a deprecated parameter, say) are not
    violations of the contract. Lines about its own generated answer (``Violation:
    response...``) are the document's business and left to :func:`response_violations`.
    """
    found: list[str] = []
    in_request_validation = False
    for line in block.splitlines():
        m = _LEVEL.search(line)
        if not m:
            continue
        level, message = m.groups()
        if "Request did not pass the validation rules" in message:
            in_request_validation = True
            continue
        if message.startswith("Violation: response"):
            continue
        if message.startswith("Violation: request"):
            message = message.split(" ", 2)[-1]  # "Violation: request.query.x Request query ..."
        elif "Request terminated with error" in message:
            level = "error"
        elif not ("[VALIDATOR]" in line and in_request_validation):
            if "[VALIDATOR]" in line and level in ("success", "info"):
                in_request_validation = False
            continue
        entry = f"{level}: {message}"
        if level in ("error", "fatal") and entry not in found:
            found.append(entry)
    return found


def response_violations(block: str) -> list[str]:
    """Prism's complaints about the answer it generated (the document's example or schema)."""
    return [
        m.group(2)
        for line in block.splitlines()
        if (m := _LEVEL.search(line)) and m.group(2).startswith("Violation: response")
    ]


class PrismServer:
    """One ``prism mock`` process serving one document."""

    def __init__(
        self,
        api: str,
        document: Path,
        log_dir: Path,
        *,
        dynamic: bool = False,
        seed: str | None = None,
        port: int | None = None,
    ) -> None:
        self.api = api
        self.document = document
        self.dynamic = dynamic
        self.seed = seed
        self.port = port or free_port()
        self.log = PrismLog(log_dir / f"prism-{api}.log")
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self.ready_after: float | None = None
        self._fixed_port = port is not None

    def __repr__(self) -> str:
        state = "ready" if self.ready_after is not None else ("running" if self.alive else "stopped")
        return f"PrismServer({self.api!r}, port={self.port}, {state})"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Launch the process (without waiting for it to answer)."""
        if self.alive:
            return
        if not PRISM.exists():
            raise PrismError(f"Prism is not installed ({PRISM} missing): run `npm ci` in {ROOT}")
        self.log.path.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, NO_COLOR="1", FORCE_COLOR="0")
        with self.log.path.open("ab") as out:
            self.process = subprocess.Popen(
                prism_command(self.document, self.port, dynamic=self.dynamic, seed=self.seed),
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group: stop() kills all of it
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        self.started_at = time.monotonic()
        self.ready_after = None
        with _running_lock:
            _running.add(self)

    def _answers(self) -> bool:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
        try:
            conn.request("GET", "/__prism_ready__")
            conn.getresponse().read()
            return True
        except OSError:
            return False
        finally:
            conn.close()

    def wait_ready(self, timeout: float = DEFAULT_START_TIMEOUT) -> None:
        """Block until the server answers HTTP; restart once on a new port if it lost a race
        for its port; raise :class:`PrismError` with the log's tail if it dies or never answers."""
        if self.ready_after is not None:
            return
        if self.process is None:
            self.start()
        deadline = self.started_at + timeout
        retried = False
        while True:
            if self._answers():
                if not self.alive:
                    raise PrismError(
                        f"{self.api}: port {self.port} answers, but not from our Prism\n{self.log.tail()}"
                    )
                self.ready_after = time.monotonic() - self.started_at
                return
            if not self.alive:
                text = self.log.tail()
                if "EADDRINUSE" in text and not retried and not self._fixed_port:
                    retried = True
                    self.port = free_port()
                    self.start()
                    deadline = self.started_at + timeout
                    continue
                raise PrismError(
                    f"Prism for {self.api} exited with {self.returncode()} before answering:\n{text}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise PrismError(
                    f"Prism for {self.api} did not answer within {timeout:.0f} s:\n{self.log.tail()}"
                )
            time.sleep(0.1)

    def returncode(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self, grace: float = 5.0) -> None:
        """Kill the server's process group: TERM, then KILL after ``grace`` seconds."""
        proc = self.process
        with _running_lock:
            _running.discard(self)
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        else:
            # the leader is gone; anything left in its group goes too
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)


def _stop_all_running() -> None:
    with _running_lock:
        servers = list(_running)
    for server in servers:
        server.stop(grace=2.0)


atexit.register(_stop_all_running)


class PrismFleet:
    """One Prism per API, all started at once; :meth:`url` waits for the one asked for."""

    def __init__(
        self,
        apis: Iterable[str] = REST_APIS,
        *,
        log_dir: Path | None = None,
        dynamic: bool = False,
        seed: str | None = None,
        ports: dict[str, int] | None = None,
    ) -> None:
        self.apis = tuple(apis)
        unknown = set(self.apis) - set(REST_APIS)
        if unknown:
            raise ValueError(f"unknown APIs {sorted(unknown)}; known: {', '.join(REST_APIS)}")
        self.log_dir = Path(tempfile.mkdtemp(prefix="prism-logs-")) if log_dir is None else log_dir
        self.dynamic = dynamic
        self.seed = seed
        self.ports = dict(ports or {})
        self.servers: dict[str, PrismServer] = {}

    def __enter__(self) -> PrismFleet:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Derive the documents and launch every server (largest document first: it takes longest)."""
        documents = {api: ensure_mock_document(api) for api in self.apis}
        try:
            for api in sorted(self.apis, key=lambda a: -documents[a].stat().st_size):
                server = PrismServer(
                    api,
                    documents[api],
                    self.log_dir,
                    dynamic=self.dynamic,
                    seed=self.seed,
                    port=self.ports.get(api),
                )
                self.servers[api] = server
                server.start()
        except BaseException:
            self.stop()
            raise

    def server(self, api: str, timeout: float = DEFAULT_START_TIMEOUT) -> PrismServer:
        """The server of ``api`` once it answers; :class:`PrismError` (with its log) if it died."""
        server = self.servers[api]
        server.wait_ready(timeout)
        if not server.alive:
            raise PrismError(f"Prism for {api} exited with {server.returncode()}:\n{server.log.tail()}")
        return server

    def url(self, api: str) -> str:
        return self.server(api).url

    def urls(self) -> dict[str, str]:
        """Every server's URL, known before they answer (the ports are chosen at start)."""
        return {api: s.url for api, s in self.servers.items()}

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


# ---------------------------------------------------------------------------- command line


def identity_variables(stack: contextlib.ExitStack) -> dict[str, str]:
    """Start the local identity server (stopped with ``stack``) and return the variables that
    point an app at it: ``XERO_IDENTITY_URL`` (the sign-in server ``OAuth2App`` reads) and the
    built-in confidential client it accepts, ``XERO_CLIENT_ID`` / ``XERO_CLIENT_SECRET``."""
    from tests.identity_server import start_identity_server

    server = stack.enter_context(start_identity_server())
    return {
        "XERO_IDENTITY_URL": server.url,
        "XERO_CLIENT_ID": server.client_id,
        "XERO_CLIENT_SECRET": server.client_secret,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.mockserver.prism",
        description="Serve Xero's normalised documents with Prism (one server per API) until Ctrl-C.",
    )
    parser.add_argument(
        "--api", action="append", choices=REST_APIS, help="an API to serve (repeat; default: all)"
    )
    parser.add_argument("--dynamic", "-d", action="store_true", help="answers generated from the schemas")
    parser.add_argument("--seed", help="seed for --dynamic, so that answers repeat")
    parser.add_argument("--port", type=int, help="the first port; the others follow (default: free ports)")
    parser.add_argument(
        "--log-dir", type=Path, help="where each server's log goes (default: a temporary folder)"
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_START_TIMEOUT, help="seconds to wait for each server"
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        help="once every server answers, write the XERO_...=... lines here too (`set -a; . FILE`)",
    )
    parser.add_argument(
        "--no-identity-server",
        action="store_true",
        help="do not start the local identity server (sign-in, tokens, /connections)",
    )
    args = parser.parse_args(argv)
    apis = tuple(args.api or REST_APIS)
    ports = {api: args.port + i for i, api in enumerate(apis)} if args.port else None
    fleet = PrismFleet(apis, log_dir=args.log_dir, dynamic=args.dynamic, seed=args.seed, ports=ports)

    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        with fleet, contextlib.ExitStack() as stack:
            print(f"# Prism logs: {fleet.log_dir}", flush=True)
            sign_in = {} if args.no_identity_server else identity_variables(stack)
            for name, value in sign_in.items():
                print(f"{name}={value}", flush=True)
            for api in sorted(apis, key=lambda a: fleet.servers[a].document.stat().st_size):
                server = fleet.server(api, args.timeout)
                print(
                    f"{env_var_for(api)}={server.url}  # ready after {server.ready_after:.1f} s", flush=True
                )
            if args.env_file is not None:
                text = "".join(f"{name}={value}\n" for name, value in sign_in.items())
                text += "".join(f"{env_var_for(api)}={fleet.servers[api].url}\n" for api in apis)
                tmp = args.env_file.with_name(args.env_file.name + ".tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(args.env_file)
            print("# all servers answer; Ctrl-C stops them", flush=True)
            while not stop.wait(0.5):
                dead = [s.api for s in fleet.servers.values() if not s.alive]
                if dead:
                    print(f"# Prism died: {', '.join(dead)}", file=sys.stderr, flush=True)
                    return 1
    except KeyboardInterrupt:
        pass
    except PrismError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
