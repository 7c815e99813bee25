"""The identity server's command line and the SDK's environment-based configuration."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tests.identity_server import start_identity_server
from tests.identity_server._process import ROOT
from xero_sdk.auth import OAuth2App, OAuthError, scopes


def test_command_line_clients_and_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    with start_identity_server(
        "--client", "cli-client:cli-secret-123456", "--access-token-ttl", "42", "--no-require-tenant"
    ) as server:
        monkeypatch.setenv("XERO_IDENTITY_URL", server.url)
        monkeypatch.setenv("XERO_CLIENT_ID", "cli-client")
        monkeypatch.setenv("XERO_CLIENT_SECRET", "cli-secret-123456")
        monkeypatch.setenv("XERO_SCOPES", "accounting.invoices accounting.contacts")
        with OAuth2App.from_env() as app:
            assert app.token_url == f"{server.url}/connect/token"
            token = app.client_credentials()
            assert token.scopes == (scopes.ACCOUNTING_INVOICES, scopes.ACCOUNTING_CONTACTS)
            assert 40 <= token.expires_in() <= 42
            response = httpx.get(
                server.resource_url, headers={"Authorization": f"Bearer {token.access_token}"}
            )
            assert response.status_code == 200
        with OAuth2App(server.client_id, server.client_secret, identity_url=server.url) as default_client:
            with pytest.raises(OAuthError, match="invalid_client"):
                default_client.client_credentials()  # replaced by --client


def test_help_documents_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.identity_server", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for option in (
        "--port",
        "--access-token-ttl",
        "--client",
        "--public-client",
        "--redirect-uri",
        "--token-latency",
    ):
        assert option in result.stdout


def test_from_env_needs_a_client_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XERO_CLIENT_ID", raising=False)
    with pytest.raises(ValueError, match="XERO_CLIENT_ID"):
        OAuth2App.from_env()
