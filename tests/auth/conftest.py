"""Fixtures for the auth tests: apps on the identity server (its fixtures come from the top-level
conftest, see tests/identity_server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.identity_server import IdentityServerProcess
from xero_sdk.auth import OAuth2App, Token, scopes

DEFAULT_SCOPES = (scopes.OFFLINE_ACCESS, scopes.OPENID, scopes.PROFILE, scopes.ACCOUNTING_INVOICES)

AppFactory = Callable[..., OAuth2App]


@pytest.fixture
def make_app(identity_server: IdentityServerProcess) -> Iterator[AppFactory]:
    """Build apps pointed at the identity server; closed after the test."""
    apps: list[OAuth2App] = []

    def factory(**overrides: Any) -> OAuth2App:
        params: dict[str, Any] = {
            "client_id": identity_server.client_id,
            "client_secret": identity_server.client_secret,
            "redirect_uri": identity_server.redirect_uri,
            "scopes": DEFAULT_SCOPES,
            "identity_url": identity_server.url,
        }
        params.update(overrides)
        app = OAuth2App(**params)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app: AppFactory) -> OAuth2App:
    return make_app()


def login(app: OAuth2App, server: IdentityServerProcess) -> Token:
    """The whole authorization-code flow, the browser replaced by an HTTP GET."""
    request = app.authorization_request()
    callback = server.authorize(request.url)
    return app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)


@pytest.fixture
def token(app: OAuth2App, identity_server: IdentityServerProcess) -> Token:
    return login(app, identity_server)
