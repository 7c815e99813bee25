"""The ``xero`` command run in subprocesses, as users run it.

* ``xero``: runs ``python -m xero_sdk.cli`` with a private config directory (``XERO_CONFIG_DIR``),
  the file token store, and the identity server's URL; extra environment per call.
* ``logged_in``: ``xero login`` done through the local identity server (the browser replaced by
  an HTTP GET of the printed sign-in URL, which the server auto-approves and redirects to the
  CLI's loopback callback).
* ``books``: the local Xero on loopback with numbered invoices and journals (``_local_books``);
  ``on_books``: ``xero`` signed in to it as ``logged_in`` is to the identity server;
  ``prism``: Prism serving the Projects and Files documents.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

import httpx
import pytest

from tests.cli._local_books import LocalBooks, local_books
from tests.identity_server import IdentityServerProcess
from tests.mockserver.prism import PrismFleet, free_port

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "xero-cli-test-app"


class Xero:
    """Runs the CLI; ``env`` is the environment every call gets."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def __call__(
        self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "xero_sdk.cli", *args],
            input=input,
            capture_output=True,
            env={**self.env, **(env or {})},
            cwd=ROOT,
            timeout=timeout,
            stdin=None if input is not None else subprocess.DEVNULL,
        )

    def popen(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "xero_sdk.cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**self.env, **(env or {})},
            cwd=ROOT,
        )


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    path = tmp_path / "config"
    path.mkdir()
    return path


@pytest.fixture
def xero(identity_server: IdentityServerProcess, config_dir: Path) -> Xero:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XERO_")}
    env.update(
        XERO_CONFIG_DIR=str(config_dir),
        XERO_TOKEN_STORE="file",
        XERO_IDENTITY_URL=identity_server.url,
        PYTHONPATH=str(ROOT),
        COLUMNS="200",
    )
    return Xero(env)


class Identity(Protocol):
    """What ``sign_in`` needs of an identity server: registering the CLI's app."""

    def add_client(self, client_id: str, client_secret: str | None, redirect_uris: Sequence[str]) -> None: ...


def sign_in(xero: Xero, server: Identity, *extra: str) -> subprocess.CompletedProcess[bytes]:
    """``xero login`` with the browser replaced by an HTTP GET of the URL it prints."""
    port = free_port()
    server.add_client(CLIENT_ID, None, [f"http://localhost:{port}/callback"])
    process = xero.popen(
        "login", "--client-id", CLIENT_ID, "--port", str(port), "--no-browser", "--timeout", "30", *extra
    )
    assert process.stderr is not None
    seen: list[bytes] = []
    url = None
    while url is None:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith(b"http"):
            url = line.decode().strip()
    if url is not None:
        # what the browser does: the identity server approves and redirects to the loopback port
        threading.Thread(
            target=httpx.get, args=(url,), kwargs={"follow_redirects": True}, daemon=True
        ).start()
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, b"".join(seen) + err)


@pytest.fixture
def logged_in(xero: Xero, identity_server: IdentityServerProcess) -> Xero:
    done = sign_in(xero, identity_server)
    assert done.returncode == 0, done.stderr.decode()
    return xero


@pytest.fixture
def books() -> Iterator[LocalBooks]:
    with local_books() as running:
        yield running


@pytest.fixture
def on_books(xero: Xero, books: LocalBooks) -> Xero:
    xero.env.update(XERO_IDENTITY_URL=books.identity_url, XERO_ACCOUNTING_URL=books.url)
    done = sign_in(xero, books)
    assert done.returncode == 0, done.stderr.decode()
    return xero


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Prism serving two small documents (ready in seconds): ``XERO_<API>_URL`` for each; stopped
    after the module, so it never runs beside the contract suite's fleet."""
    with PrismFleet(["projects", "files"], log_dir=tmp_path_factory.mktemp("prism-cli")) as fleet:
        yield {"XERO_PROJECTS_URL": fleet.url("projects"), "XERO_FILES_URL": fleet.url("files")}
