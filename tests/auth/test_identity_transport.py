"""Identity calls (token refresh, code exchange, client credentials, revocation, connections) go
through the same transport as API calls: the same retry policy (back-off, ``Retry-After``, what
is repeated), the same event hooks, the same log lines (logger ``xero_sdk``, redacted), against
the real local identity server with injected faults."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
import traceback
from collections.abc import Iterator

import httpx
import pytest

from tests.auth.conftest import AppFactory, login
from tests.identity_server import DEFAULT_TENANTS, IdentityServerProcess, fingerprint
from xero_sdk import AsyncXero, MemoryTokenStore, OAuth2App, RetryPolicy, Token, Xero
from xero_sdk.auth import OAuthTransportError
from xero_sdk.errors import InvalidGrantError, OAuthError, ServerError

TENANT = DEFAULT_TENANTS[0][0]
NO_JITTER = RetryPolicy(jitter="none")  # waits are exactly 0.5 s, 1 s, ... without Retry-After


def _expiring(token: Token) -> Token:
    """``token`` as if issued long ago: the token manager refreshes it before the next call."""
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=5)
    return Token(
        access_token=token.access_token,
        refresh_token=token.refresh_token,
        expires_at=soon,
        scopes=token.scopes,
    )


class Recorder:
    """The event hooks and sleep of a client: what was sent, answered and waited."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.responses: list[tuple[str, int]] = []
        self.sleeps: list[float] = []
        self.egress: list[tuple[str, str]] = []

    def options(self) -> dict[str, object]:
        return {
            "on_request": lambda r: self.requests.append(f"{r.method} {r.url.path}"),
            "on_response": lambda r: self.responses.append((r.request.url.path, r.status_code)),
            "on_egress": lambda e: self.egress.append((e.api, e.operation_id)),
            "sleep": self.sleeps.append,
            "retry_policy": NO_JITTER,
        }


@pytest.fixture
def xero_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every record of the SDK's loggers and httpx's, at DEBUG."""
    names = ("xero_sdk", "xero_sdk.auth", "httpx", "httpcore")
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _retry_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "xero_sdk" and "retrying in" in r.getMessage()
    ]


def test_a_503_from_the_token_endpoint_is_retried_like_an_api_call(
    make_app: AppFactory, identity_server: IdentityServerProcess, xero_logs: pytest.LogCaptureFixture
) -> None:
    app = make_app()
    token = login(app, identity_server)
    rec = Recorder()
    with Xero(
        app=app, token_store=MemoryTokenStore(_expiring(token)), tenant_id=TENANT,
        api_url=identity_server.url, **rec.options(),  # type: ignore[arg-type]
    ) as xero:  # fmt: skip
        identity_server.fail(503, path="^/connect/token$")
        assert xero.accounting.get_organisations().organisations  # refreshed first, once retried
        # the same fault on the API call, for comparison
        identity_server.fail(503, path="Organisation")
        assert xero.accounting.get_organisations().organisations

    assert rec.requests == [
        "POST /connect/token",
        "POST /connect/token",
        "GET /api.xro/2.0/Organisation",
        "GET /api.xro/2.0/Organisation",
        "GET /api.xro/2.0/Organisation",
    ]
    assert [status for _, status in rec.responses] == [503, 200, 200, 503, 200]
    assert rec.sleeps == [0.5, 0.5]  # the policy's first back-off, for both
    assert rec.egress[:2] == [("identity", "refreshToken")] * 2
    token_line, api_line = _retry_lines(xero_logs)
    assert token_line == "xero refreshToken POST /connect/token: HTTP 503, retrying in 0.50 s (retry 1 of 2)"
    assert (
        api_line
        == "xero getOrganisations GET /api.xro/2.0/Organisation: HTTP 503, retrying in 0.50 s (retry 1 of 2)"
    )
    assert identity_server.stats()["refresh_granted"] == 1


def test_retry_after_from_the_token_endpoint_is_honoured_as_for_an_api_call(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    app = make_app()
    rec = Recorder()
    with Xero(
        app=app, client_credentials=True, api_url=identity_server.url, **rec.options(),  # type: ignore[arg-type]
    ) as xero:  # fmt: skip
        identity_server.fail(429, path="^/connect/token$", retry_after=3)
        assert xero.accounting.get_organisations().organisations
    assert rec.sleeps == [3.0]
    assert [status for _, status in rec.responses] == [429, 200, 200]
    assert identity_server.stats()["client_credentials_granted"] == 1


def test_retries_stop_at_the_client_budget_and_raise_the_oauth_error(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    app = make_app()
    rec = Recorder()
    xero = Xero(
        app=app, client_credentials=True, api_url=identity_server.url, max_retries=1,
        **rec.options(),  # type: ignore[arg-type]
    )  # fmt: skip
    identity_server.fail(503, path="^/connect/token$", times=5)
    with pytest.raises(OAuthError, match="HTTP 503") as info:
        xero.accounting.get_organisations()
    xero.close()
    assert info.value.status_code == 503 and not isinstance(info.value, ServerError)
    assert rec.requests == ["POST /connect/token"] * 2 and rec.sleeps == [0.5]


def test_invalid_grant_is_not_retried(
    make_app: AppFactory, identity_server: IdentityServerProcess, xero_logs: pytest.LogCaptureFixture
) -> None:
    app = make_app()
    token = login(app, identity_server)
    identity_server.expire("refresh")
    rec = Recorder()
    xero = Xero(
        app=app, token_store=MemoryTokenStore(_expiring(token)), tenant_id=TENANT,
        api_url=identity_server.url, **rec.options(),  # type: ignore[arg-type]
    )  # fmt: skip
    with pytest.raises(InvalidGrantError, match="consent"):
        xero.accounting.get_organisations()
    xero.close()
    assert rec.requests == ["POST /connect/token"] and rec.responses == [("/connect/token", 400)]
    assert rec.sleeps == [] and _retry_lines(xero_logs) == []
    assert identity_server.stats()["refresh_rejected"] == 1


def test_identity_calls_are_logged_like_api_calls_without_secrets(
    make_app: AppFactory, identity_server: IdentityServerProcess, xero_logs: pytest.LogCaptureFixture
) -> None:
    app = make_app()
    token = login(app, identity_server)
    identity_server.fail(503, path="^/connect/token$")
    refreshed = app.refresh(token)  # the app on its own: its own transport, the same policy
    connections = app.connections(refreshed)
    identity_server.expire("refresh")
    with pytest.raises(InvalidGrantError) as info:
        app.refresh(refreshed)

    records = [r for r in xero_logs.records if r.name == "xero_sdk"]
    lines = [r.getMessage() for r in records]
    answered = [line for line in lines if re.match(r"xero \w+ \w+ /\S+ -> \d+ in", line)]
    assert [line.split(" in ")[0] for line in answered] == [
        "xero exchangeCode POST /connect/token -> 200",
        "xero refreshToken POST /connect/token -> 503",
        "xero refreshToken POST /connect/token -> 200",
        "xero getConnections GET /Connections -> 200",
        "xero refreshToken POST /connect/token -> 400",
    ]
    sent = [line for line in lines if line.startswith("xero request refreshToken")]
    assert sent and all("'authorization': '[REDACTED]'" in line for line in sent)
    assert len(connections) == 2
    secrets = {
        identity_server.client_secret,
        base64.b64encode(f"{identity_server.client_id}:{identity_server.client_secret}".encode()).decode(),
    }
    for t in (token, refreshed):
        secrets |= {t.access_token, t.refresh_token or "", t.id_token or ""}
    texts = [xero_logs.text, *(repr(r.args) for r in xero_logs.records)]
    texts += [str(info.value), repr(info.value), "".join(traceback.format_exception(info.value))]
    for text in texts:
        for secret in secrets - {""}:
            assert secret not in text


def test_a_refresh_whose_answer_was_lost_is_resent_within_xeros_window(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    """Xero takes a spent refresh token again for 30 minutes when the answer that rotated it was
    lost: the resend gets a token instead of the user having to consent again."""
    identity_server.configure(refresh_grace=1800)
    app = make_app()
    token = login(app, identity_server)
    identity_server.fail(path="^/connect/token$", lose_answer=True)
    rotated = app.refresh(token)
    assert rotated.refresh_token not in (None, token.refresh_token)
    stats = identity_server.stats()
    assert stats["faults"] == 1 and stats["refresh_granted"] == 2
    assert stats["refresh_uses"][fingerprint(token.refresh_token or "")] == 2
    assert app.connections(rotated)


def test_a_code_exchange_whose_answer_was_lost_is_not_resent(
    app: OAuth2App, identity_server: IdentityServerProcess
) -> None:
    """A code is single-use (and a server seeing it twice may revoke what it issued): the
    exchange is reported as failed, never sent again."""
    request = app.authorization_request()
    callback = identity_server.authorize(request.url)
    identity_server.fail(path="^/connect/token$", lose_answer=True)
    with pytest.raises(OAuthTransportError, match="could not reach"):
        app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)
    assert identity_server.stats()["code_exchanges"] == 1


def test_a_retry_after_beyond_the_app_timeout_is_not_waited_for(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    """The app's ``timeout`` bounds an identity call as a whole, waits included (a refresh holds
    the token lock): a ``Retry-After`` that ends past it gives up at once."""
    app = make_app(timeout=2.0)
    token = login(app, identity_server)
    identity_server.fail(429, path="^/connect/token$", retry_after=5)
    with pytest.raises(OAuthError, match="HTTP 429") as info:
        app.refresh(token)
    assert info.value.status_code == 429
    assert identity_server.stats()["refresh_granted"] == 0


async def test_async_token_requests_share_the_async_clients_hooks_and_retries(
    make_app: AppFactory, identity_server: IdentityServerProcess
) -> None:
    app = make_app()
    token = login(app, identity_server)
    seen: list[str] = []
    waits: list[float] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url.path}")

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async with AsyncXero(
        app=app, token_store=MemoryTokenStore(_expiring(token)), tenant_id=TENANT, api_url=identity_server.url,
        on_request=on_request, sleep=sleep, retry_policy=NO_JITTER,
    ) as xero:  # fmt: skip
        identity_server.fail(502, path="^/connect/token$")
        assert (await xero.accounting.get_organisations()).organisations
    assert seen == ["POST /connect/token", "POST /connect/token", "GET /api.xro/2.0/Organisation"]
    assert waits == [0.5]


def test_a_redirect_from_the_token_endpoint_is_not_followed_even_by_a_client_that_would() -> None:
    """The form body carries the refresh token and client credentials: a redirect must not
    carry them elsewhere, whatever the injected client's own ``follow_redirects`` says."""
    seen: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(307, headers={"Location": "http://elsewhere.example/steal"})

    with httpx.Client(transport=httpx.MockTransport(server), follow_redirects=True) as client:
        app = OAuth2App("client-id", "secret-123456", identity_url="http://identity", http_client=client)
        with pytest.raises(OAuthError, match="HTTP 307"):
            app.refresh("refresh-token-123456")
    assert seen == ["http://identity/connect/token"]
