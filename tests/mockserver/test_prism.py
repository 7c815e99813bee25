"""The Prism launcher: reading its log, starting and stopping servers, the command line."""
# ruff: noqa: RUF001  (LOG below is Prism's output verbatim, its symbols included)

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.mockserver import prism as launcher
from tests.mockserver.documents import ROOT, ensure_mock_document
from tests.mockserver.prism import (
    PrismError,
    PrismFleet,
    PrismLog,
    PrismServer,
    prefer_dynamic,
    request_violations,
    response_violations,
)

LOG = """\
[9:02:09 AM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4010
[9:02:10 AM] › [HTTP SERVER] get /Files ℹ  info      Request received
[9:02:10 AM] ›     [NEGOTIATOR] ℹ  info      Request contains an accept header: application/json
[9:02:10 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[9:02:10 AM] ›     [VALIDATOR] ✖  error     Request query parameter pagesize must be integer
[9:02:10 AM] › [HTTP SERVER] get /Files ✖  error     Request terminated with error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request
[9:02:11 AM] › [HTTP SERVER] get /Inbox ℹ  info      Request received
[9:02:11 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[9:02:11 AM] ›     [NEGOTIATOR] ✔  success   Found a compatible content for application/json
[9:02:11 AM] ›     [NEGOTIATOR] ℹ  info      > Responding with "200"
[9:02:11 AM] ›     [VALIDATOR] ✖  error     Violation: response.body.problem Response body property problem must be object
[9:02:12 AM] › [HTTP SERVER] delete /Files/1 ℹ  info      Request received
[9:02:12 AM] ›     [NEGOTIATOR] ⚠  warning   Unable to find content for application/json
[9:02:12 AM] ›     [NEGOTIATOR] ℹ  info      > Responding with "204"
[9:02:13 AM] › [HTTP SERVER] put /Invoices ℹ  info      Request received
[9:02:13 AM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules
[9:02:13 AM] ›     [VALIDATOR] ✖  error     Request body must be object
[9:02:13 AM] ›     [VALIDATOR] ⚠  warning   Query parameter old is deprecated
[9:02:13 AM] ›     [NEGOTIATOR] ℹ  info      > Responding with "400"
[9:02:13 AM] ›     [VALIDATOR] ✖  error     Violation: request.body Request body must be object
"""


def test_log_splits_into_requests_and_finds_request_violations(tmp_path: Path) -> None:
    blocks = PrismLog.split_requests(LOG)
    assert [b.splitlines()[0].split("[HTTP SERVER] ")[1].split(" ℹ")[0] for b in blocks] == [
        "get /Files",
        "get /Inbox",
        "delete /Files/1",
        "put /Invoices",
    ]
    assert request_violations(blocks[0]) == [
        "error: Request query parameter pagesize must be integer",
        "error: Request terminated with error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request",
    ]
    # Prism's complaint about its own answer is not the request's fault; no content is no fault
    assert request_violations(blocks[1]) == []
    assert response_violations(blocks[1]) == [
        "Violation: response.body.problem Response body property problem must be object"
    ]
    assert request_violations(blocks[2]) == []
    # each complaint once (Prism repeats them when it answers with the document's error);
    # a deprecation warning is not a violation
    assert request_violations(blocks[3]) == ["error: Request body must be object"]


def test_log_waits_for_the_answer_and_reads_from_an_offset(tmp_path: Path) -> None:
    log = PrismLog(tmp_path / "prism.log")
    assert log.offset() == 0
    assert log.read() == ""
    head, tail = LOG.split("[9:02:11 AM] › [HTTP SERVER] get /Inbox", 1)
    log.path.write_text(head, encoding="utf-8")
    mark = log.offset()
    with log.path.open("a", encoding="utf-8") as fh:
        fh.write("[9:02:11 AM] › [HTTP SERVER] get /Inbox" + tail)
    blocks = log.requests_since(mark, count=3, timeout=0.2)
    assert len(blocks) == 3 and "Inbox" in blocks[0]
    started = time.monotonic()
    unanswered = PrismLog(tmp_path / "other.log")
    unanswered.path.write_text("[x] › [HTTP SERVER] get /A ℹ  info      Request received\n", encoding="utf-8")
    assert len(unanswered.requests_since(0, timeout=0.3)) == 1
    assert time.monotonic() - started >= 0.3
    assert log.tail(2).splitlines()[-1].endswith("Request body must be object")


def test_prefer_header() -> None:
    assert prefer_dynamic() == {"Prefer": "dynamic=true"}
    assert prefer_dynamic(7) == {"Prefer": "dynamic=true, seed=7"}


def test_fleet_refuses_unknown_apis() -> None:
    with pytest.raises(ValueError, match="unknown APIs"):
        PrismFleet(["accounting", "nope"])


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.contract
def test_server_starts_answers_and_stops_with_its_group(tmp_path: Path) -> None:
    server = PrismServer("identity", ensure_mock_document("identity"), tmp_path)
    try:
        server.start()
        server.wait_ready(120)
        assert server.ready_after is not None and server.alive
        status, body = _get(server.url, "/Connections", {"Authorization": "Bearer test"})
        assert status == 200 and isinstance(json.loads(body), list)
        # without credentials Prism refuses, as the document's security asks
        status, _ = _get(server.url, "/Connections")
        assert status == 401
        assert "Request received" in server.log.read()
        pgid = server.process.pid if server.process else 0
    finally:
        server.stop()
    assert not server.alive
    assert not _group_alive(pgid)


@pytest.mark.contract
def test_server_moves_to_a_free_port_when_its_port_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind((launcher.HOST, 0))
        taken.listen(1)
        busy = taken.getsockname()[1]
        ports = iter([busy, launcher.free_port()])
        monkeypatch.setattr(launcher, "free_port", lambda host=launcher.HOST: next(ports))
        server = PrismServer("identity", ensure_mock_document("identity"), tmp_path)
        assert server.port == busy
        try:
            server.wait_ready(120)
            assert server.port != busy and server.alive
        finally:
            server.stop()


@pytest.mark.contract
def test_server_that_cannot_start_reports_its_log(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"openapi": "3.0.0", "info": {"title": "x", "version": "1"}, "paths": {}}', encoding="utf-8"
    )
    server = PrismServer("identity", broken, tmp_path)
    try:
        with pytest.raises(PrismError, match="exited"):
            server.wait_ready(120)
    finally:
        server.stop()


@pytest.mark.contract
def test_command_line_prints_urls_and_stops_on_sigterm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make mock``: Prism per API plus the local identity server, and a working set of
    variables (each with one meaning) an app can be pointed at as printed."""
    env_file = str(tmp_path / "prism.env")
    command = [sys.executable, "-m", "tests.mockserver.prism", "--api", "identity"]
    proc = subprocess.Popen(
        [*command, "--log-dir", str(tmp_path), "--env-file", env_file],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "all servers answer" in line or not line:
                break
        printed = dict(ln.split()[0].split("=", 1) for ln in lines if ln.startswith("XERO_"))
        assert set(printed) == {
            "XERO_IDENTITY_API_URL",
            "XERO_IDENTITY_URL",
            "XERO_CLIENT_ID",
            "XERO_CLIENT_SECRET",
        }
        prism_url, sign_in = printed["XERO_IDENTITY_API_URL"], printed["XERO_IDENTITY_URL"]
        assert prism_url != sign_in
        status, _ = _get(prism_url, "/Connections", {"Authorization": "Bearer test"})
        assert status == 200
        written = (tmp_path / "prism.env").read_text(encoding="utf-8").splitlines()
        assert dict(line.split("=", 1) for line in written) == printed
        assert "Prism is listening" in (tmp_path / "prism-identity.log").read_text(encoding="utf-8")
        # the variables as printed point a script at working servers: tokens from the sign-in
        # server for the client it names, the Identity API from Prism
        for name, value in printed.items():
            monkeypatch.setenv(name, value)
        from xero_sdk import OAuth2App, Xero

        app = OAuth2App(os.environ["XERO_CLIENT_ID"], os.environ["XERO_CLIENT_SECRET"])
        assert app.token_url.startswith(sign_in)
        with Xero(app=app, client_credentials=True) as xero:
            assert xero.base_urls["identity"] == prism_url
            assert xero.identity.get_connections() and xero.connections()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        for url in (prism_url, sign_in):
            with pytest.raises(OSError):
                _get(url, "/Connections")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
