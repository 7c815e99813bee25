"""``python -m xero_sdk.testing serve``: the XERO_* lines, any HTTP client, the SDK through the
identity endpoints (client credentials), faults over the control API, books kept in SQLite
across restarts."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from xero_sdk import OAuth2App, Xero
from xero_sdk.accounting import Contact, Contacts
from xero_sdk.errors import APIConnectionError


@contextlib.contextmanager
def serve(*args: str) -> Iterator[dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "xero_sdk.testing", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    try:
        lines = {}
        while len(lines) < 6:
            line = process.stdout.readline().decode().strip()
            if not line:
                raise RuntimeError(
                    f"the server did not start: {process.stderr.read().decode() if process.stderr else ''}"
                )
            name, _, value = line.partition("=")
            lines[name] = value
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()


def _sdk(env: dict[str, str]) -> Xero:
    app = OAuth2App(env["XERO_CLIENT_ID"], env["XERO_CLIENT_SECRET"], identity_url=env["XERO_IDENTITY_URL"])
    return Xero(app=app, client_credentials=True, api_url=env["XERO_API_URL"], max_retries=0)


def test_serve_prints_the_environment_and_answers_any_http_client(tmp_path: Path) -> None:
    with serve() as env:
        assert set(env) == {
            "XERO_API_URL",
            "XERO_IDENTITY_URL",
            "XERO_CLIENT_ID",
            "XERO_CLIENT_SECRET",
            "XERO_TENANT_ID",
            "XERO_ACCESS_TOKEN",
        }
        headers = {
            "Authorization": f"Bearer {env['XERO_ACCESS_TOKEN']}",
            "xero-tenant-id": env["XERO_TENANT_ID"],
            "Accept": "application/json",
        }
        response = httpx.get(
            f"{env['XERO_API_URL']}/api.xro/2.0/Contacts",
            params={"where": 'Name.StartsWith("Ba")'},
            headers=headers,
        )
        assert [c["Name"] for c in response.json()["Contacts"]] == ["Basket Case", "Bayside Club"]


def test_the_sdk_uses_the_server_through_client_credentials_and_faults_apply(tmp_path: Path) -> None:
    with serve() as env:
        xero = _sdk(env)
        assert (xero.accounting.get_organisations().organisations or [])[0].name == "Demo Company (NZ)"
        httpx.post(f"{env['XERO_API_URL']}/_local/faults", json={"drop": True, "path": "/Items"})
        with pytest.raises(APIConnectionError):
            xero.accounting.get_items()
        assert xero.accounting.get_items().items  # the fault was for one call


def test_books_in_a_sqlite_file_survive_a_restart(tmp_path: Path) -> None:
    data = str(tmp_path / "books.db")
    with serve("--data", data) as env:
        _sdk(env).accounting.create_contacts(body=Contacts(contacts=[Contact(name="Survivor Ltd")]))
    with serve("--data", data) as env:
        found = _sdk(env).accounting.get_contacts(where='Name=="Survivor Ltd"').contacts or []
        assert [c.name for c in found] == ["Survivor Ltd"]
    with serve() as env:  # without --data the books are in memory only
        assert not _sdk(env).accounting.get_contacts(where='Name=="Survivor Ltd"').contacts
