"""What a cold start skips, and that nothing it skips is lost.

A fresh ``import httpx`` after ``import xero_sdk`` leaves out httpx's command-line client (click,
rich, pygments: as much again as httpx itself), yet ``httpx.main`` and ``httpx._main`` still
work. The clients the SDK builds load their CA certificates on the first TLS handshake, not
when they are created, and still verify every ``https`` server against them.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from tests.layer._loopback import Loopback, Reply
from xero_sdk import AsyncXero, Xero
from xero_sdk.errors import APIConnectionError

TENANT = "11111111-2222-3333-4444-555555555555"
ORGANISATIONS = {"Organisations": [{"Name": "Demo Company (NZ)"}]}


def fresh(code: str) -> Any:
    """What ``code``, run in a fresh interpreter, prints as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_httpx_cli_is_not_imported_by_the_sdk_but_still_works() -> None:
    code = (
        "import importlib.util, json, sys\n"
        "from xero_sdk import Xero\n"
        "Xero(access_token='t', tenant_id='x')\n"
        "import httpx\n"
        "cli_deps = [importlib.util.find_spec(m) is not None for m in ('click', 'rich', 'pygments')]\n"
        "loaded = sorted(m for m in ('click', 'rich', 'pygments') if m in sys.modules)\n"
        "try:\n"
        "    httpx.main(['--help'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "import httpx._main\n"
        "print(json.dumps([cli_deps, loaded, 'rich' in sys.modules, callable(httpx._main.print_help)]))\n"
    )
    cli_deps, loaded_with_client, rich_after_cli, print_help = fresh(code)
    assert cli_deps == [True, True, True], "the cli extra is installed here: httpx would import its CLI"
    assert loaded_with_client == []
    assert rich_after_cli and print_help


def test_httpx_imported_before_the_sdk_is_left_alone() -> None:
    code = (
        "import json, sys, httpx\n"
        "real = sys.modules.get('httpx._main')\n"
        "import xero_sdk\n"
        "print(json.dumps([real is not None, sys.modules.get('httpx._main') is real]))\n"
    )
    assert fresh(code) == [True, True]


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[Loopback]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = Loopback(tls=context)
    server.reset(lambda seen: Reply.json(ORGANISATIONS))
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def trusted_ca(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``SSL_CERT_FILE`` names the test CA (what httpx's default context honours)."""
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    monkeypatch.setenv("SSL_CERT_FILE", str(path))


def test_client_creation_loads_no_ca_bundle(tls_server: Loopback) -> None:
    with Xero(access_token="t", tenant_id=TENANT, api_url=tls_server.url) as xero:
        pool = xero._http._transport._pool  # type: ignore[attr-defined]
        assert pool._ssl_context.cert_store_stats()["x509_ca"] == 0


def test_https_is_verified_against_the_ca_loaded_on_first_handshake(
    tls_server: Loopback, trusted_ca: None
) -> None:
    with Xero(access_token="t", tenant_id=TENANT, api_url=tls_server.url) as xero:
        org = xero.accounting.get_organisations()
        assert org.organisations[0].name == "Demo Company (NZ)"
        assert xero.accounting.get_organisations().organisations[0].name == "Demo Company (NZ)"
    assert [seen.path for seen in tls_server.requests] == ["/api.xro/2.0/Organisation"] * 2


def test_https_to_an_untrusted_server_still_fails(tls_server: Loopback) -> None:
    with Xero(access_token="t", tenant_id=TENANT, api_url=tls_server.url, max_retries=0) as xero:
        with pytest.raises(APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            xero.accounting.get_organisations()
    assert not tls_server.requests


async def test_async_https_is_verified_against_the_ca_loaded_on_first_handshake(
    tls_server: Loopback, trusted_ca: None
) -> None:
    async with AsyncXero(access_token="t", tenant_id=TENANT, api_url=tls_server.url) as xero:
        org = await xero.accounting.get_organisations()
    assert org.organisations[0].name == "Demo Company (NZ)"
