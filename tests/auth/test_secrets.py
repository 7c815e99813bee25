"""No secret (access/refresh/id tokens, client secret, code verifier, Authorization header values)
in log records of any logger (xero_sdk.auth, httpx, httpcore, authlib...), in reprs, or in the
messages and tracebacks of the exceptions the auth package raises."""

from __future__ import annotations

import base64
import logging
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.auth.conftest import AppFactory
from tests.identity_server import DEFAULT_TENANTS, IdentityServerProcess
from tests.mockserver.prism import free_port
from xero_sdk.auth import (
    FileTokenStore,
    MemoryTokenStore,
    OAuth2App,
    OAuthError,
    Token,
    TokenManager,
)
from xero_sdk.auth._protocol import HttpCall

LOGGERS = ("", "xero_sdk", "xero_sdk.auth", "httpx", "httpcore", "authlib", "urllib3", "asyncio")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


class Evidence:
    """Everything that must not contain a secret."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.secrets: set[str] = set()

    def secret(self, *values: str | None) -> None:
        for value in values:
            if value:
                self.secrets.add(value)

    def token(self, token: Token) -> None:
        self.secret(token.access_token, token.refresh_token, token.id_token)
        self.obj(token)

    def obj(self, value: object) -> None:
        self.texts += [repr(value), str(value)]

    def error(self, exc: BaseException) -> None:
        self.texts += [repr(exc), str(exc), "".join(traceback.format_exception(exc))]
        for linked in (exc.__cause__, exc.__context__):
            if linked is not None:
                self.error(linked)

    def check(self, caplog: pytest.LogCaptureFixture) -> None:
        texts = list(self.texts)
        texts.append(caplog.text)
        for record in caplog.records:
            texts += [record.getMessage(), repr(record.args), repr(record.__dict__)]
        # the Authorization header values, as sent
        basic = base64.b64encode(
            f"{IdentityServerProcess.client_id}:{IdentityServerProcess.client_secret}".encode()
        ).decode()
        secrets = self.secrets | {basic} | {f"Bearer {s}" for s in self.secrets}
        assert len(self.secrets) >= 8
        for text in texts:
            for secret in secrets:
                assert secret not in text, f"secret leaked into: {text[:300]!r}"


def _raises(
    evidence: Evidence,
    exc_type: type[BaseException],
    fn: Callable[..., object],
    *args: object,
    **kwargs: object,
) -> BaseException:
    with pytest.raises(exc_type) as info:
        fn(*args, **kwargs)
    evidence.error(info.value)
    return info.value


def test_no_secret_in_logs_reprs_or_errors(
    make_app: AppFactory,
    identity_server: IdentityServerProcess,
    debug_logs: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    ev = Evidence()
    ev.secret(identity_server.client_secret)
    app = make_app()
    ev.obj(app)

    # authorization code flow
    request = app.authorization_request()
    ev.secret(request.code_verifier)
    ev.obj(request)
    callback = identity_server.authorize(request.url)
    _raises(ev, OAuthError, app.exchange_code, callback, state="forged", code_verifier=request.code_verifier)
    _raises(
        ev,
        OAuthError,
        app.exchange_code,
        callback,
        state=request.state,
        code_verifier=request.code_verifier[::-1],
    )
    request = app.authorization_request()
    ev.secret(request.code_verifier)
    token = app.exchange_code(
        identity_server.authorize(request.url), state=request.state, code_verifier=request.code_verifier
    )
    ev.token(token)
    _raises(
        ev,
        OAuthError,
        app.exchange_code,
        "https://example.com/cb?error=access_denied&state=x",
        state="x",
        code_verifier="v",
    )

    # stores and the manager; a refresh, a 401 and a second refresh
    store = FileTokenStore(tmp_path / "token.json")
    store.save(token)
    manager = TokenManager(app, store, skew=0)
    ev.obj(store)
    ev.obj(manager)
    ev.obj(MemoryTokenStore(token))
    fresh = manager.force_refresh()
    ev.token(fresh)
    identity_server.expire("access")
    headers = {"Authorization": f"Bearer {fresh.access_token}", "xero-tenant-id": DEFAULT_TENANTS[0][0]}
    assert httpx.get(identity_server.resource_url, headers=headers).status_code == 401
    ev.secret(manager.on_unauthorized(fresh.access_token))
    latest = store.load()
    assert latest is not None
    ev.token(latest)
    _raises(ev, OAuthError, app.connections, fresh)  # 401 TokenExpired

    # dead refresh tokens (invalid_grant), directly and through the manager
    _raises(ev, OAuthError, app.refresh, token)
    _raises(ev, OAuthError, TokenManager(app, MemoryTokenStore(token), skew=10**9).access_token)
    connections = app.connections(latest)
    ev.obj(connections)

    # bad client secret (also a secret) and an unreachable server
    wrong = "wrong-client-secret-0123456789"
    ev.secret(wrong)
    bad_app = make_app(client_secret=wrong)
    ev.obj(bad_app)
    _raises(ev, OAuthError, bad_app.refresh, latest)
    _raises(ev, OAuthError, bad_app.revoke, latest)
    down = make_app(identity_url=f"http://127.0.0.1:{free_port()}")
    _raises(ev, OAuthError, down.refresh, latest)
    _raises(ev, OAuthError, down.connections, latest)

    # client credentials and revocation
    cc = app.client_credentials()
    ev.token(cc)
    app.revoke(latest)
    _raises(ev, OAuthError, app.refresh, latest)

    # internal request objects
    call = HttpCall(
        what="x",
        method="POST",
        url="http://h",
        headers={"Authorization": f"Bearer {cc.access_token}"},
        content=cc.access_token.encode(),
        secrets=(cc.access_token,),
    )
    ev.obj(call)

    assert any(r.name == "xero_sdk.auth" for r in debug_logs.records)
    assert any(r.name.startswith("httpcore") for r in debug_logs.records)  # DEBUG really was on
    ev.check(debug_logs)


async def test_no_secret_in_async_paths(
    make_app: AppFactory, identity_server: IdentityServerProcess, debug_logs: pytest.LogCaptureFixture
) -> None:
    ev = Evidence()
    ev.secret(identity_server.client_secret)
    app = make_app()
    request = app.authorization_request()
    ev.secret(request.code_verifier)
    async with httpx.AsyncClient() as browser:
        callback = (await browser.get(request.url)).headers["Location"]
    token = await app.aexchange_code(callback, state=request.state, code_verifier=request.code_verifier)
    ev.token(token)
    manager = TokenManager(app, MemoryTokenStore(token), skew=10**9)
    ev.secret(await manager.aaccess_token())
    rotated = manager.store.load()
    assert rotated is not None
    ev.token(rotated)
    with pytest.raises(OAuthError) as info:
        await app.arefresh(token)
    ev.error(info.value)
    identity_server.expire("access")
    with pytest.raises(OAuthError) as info:
        await app.aconnections(rotated)
    ev.error(info.value)
    ev.token(await app.aclient_credentials())
    ev.check(debug_logs)


def test_errors_redact_a_server_that_echoes_secrets() -> None:
    """Even a misbehaving token endpoint that echoes the request cannot put a secret in a message."""
    secret = "client-secret-echo-123456"
    refresh = "refresh-token-echo-123456"

    def echo(request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        return httpx.Response(
            400,
            json={
                "error": "invalid_request",
                "error_description": f"bad {body} {request.headers['Authorization']}",
            },
        )

    with httpx.Client(transport=httpx.MockTransport(echo)) as client:
        app = OAuth2App("client-id", secret, identity_url="http://identity", http_client=client)
        with pytest.raises(OAuthError) as info:
            app.refresh(refresh)
    text = "".join(traceback.format_exception(info.value)) + repr(info.value)
    assert "invalid_request" in text
    assert secret not in text and refresh not in text
    assert base64.b64encode(f"client-id:{secret}".encode()).decode() not in text
