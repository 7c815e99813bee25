"""No access token, refresh token or Authorization value in logs, repr() or str() of anything."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest

from tests.layer._loopback import Loopback, Reply, Seen
from xero_sdk._clients import Xero
from xero_sdk._runtime.operation import RequestOptions
from xero_sdk._runtime.redact import redact_url
from xero_sdk._transport._tokens import StaticToken
from xero_sdk.errors import APIConnectionError, BadRequestError, XeroError

from ._wire import WIRE_MODES, run, send
from .conftest import ACCESS_TOKEN, NEW_ACCESS_TOKEN, Harness, Script, get_request, post_request

SECRET_CODE = "authcode-SECRET-777"
SECRETS = (ACCESS_TOKEN, NEW_ACCESS_TOKEN, SECRET_CODE, "SECRETrt")


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in: {text[:500]}"


def test_nothing_leaks(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx included
    expired = {"Title": "Unauthorized", "Detail": "TokenExpired: token expired"}
    script = Script(
        [
            httpx.Response(401, json=expired),
            httpx.Response(503),
            httpx.Response(200, json={}),
            httpx.Response(
                400, json={"Message": "bad", "Elements": [{"ValidationErrors": [{"Message": "x"}]}]}
            ),
            httpx.ConnectError("refused"),
        ]
    )
    client = harness.client(script, max_retries=1)
    req = get_request(params=[("code", SECRET_CODE), ("page", "1")], headers={"X-Custom": "v"})
    harness.request(client, req)
    with pytest.raises(BadRequestError) as validation:
        harness.request(client, post_request(), RequestOptions(extra_headers={"X-Other": "1"}))
    with pytest.raises(APIConnectionError) as connection:
        harness.request(client, get_request(params=[("code", SECRET_CODE)]), RequestOptions(max_retries=0))
    # the token really was sent
    assert script.requests[0].headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert script.requests[1].headers["Authorization"] == f"Bearer {NEW_ACCESS_TOKEN}"

    logs = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("xero_sdk"))
    assert "[REDACTED]" in logs  # the debug line shows headers, redacted
    assert_clean(logs)
    for err in (validation.value, connection.value):
        assert_clean(str(err))
        assert_clean(repr(err))
        assert_clean("".join(traceback.format_exception(err)))
        assert_clean(repr(vars(err)))
    assert_clean(repr(client) + str(client) + repr(client.sender) + repr(client._tokens))
    for sent in script.requests:
        # httpx shows no header values in a request's repr and obfuscates Authorization in the
        # headers' repr (its repr does show the URL: Xero API URLs carry no credentials)
        assert ACCESS_TOKEN not in repr(sent) + repr(sent.headers) and NEW_ACCESS_TOKEN not in repr(
            sent.headers
        )
    # the ApiRequest (the contract's value) never holds a token: the runtime adds it per attempt
    assert ACCESS_TOKEN not in repr(req) and "Authorization" not in repr(req)


def test_static_token_repr() -> None:
    token = StaticToken("at-SECRET-0001")
    assert_clean(repr(token) + str(token))
    xero = Xero(access_token="at-SECRET-0001")
    assert_clean(repr(xero) + str(xero) + repr(vars(xero)))
    xero.close()


def test_redact_url() -> None:
    url = f"https://user:pw@x.test/cb?code={SECRET_CODE}&state=s&refresh_token=SECRETrt"
    clean = redact_url(url)
    assert_clean(clean)
    assert "state=s" in clean and "pw" not in clean


# -- real sockets: httpx and httpcore logging at DEBUG ----------------------------------------


def _expired_then_invalid(seen: Seen) -> Reply:
    if seen.headers.get("authorization") == f"Bearer {ACCESS_TOKEN}":
        return Reply.json({"Title": "Unauthorized", "Detail": "TokenExpired: token expired"}, status=401)
    return Reply.json({"ErrorNumber": 10, "Type": "ValidationException", "Message": "nope"}, status=400)


@pytest.mark.parametrize("mode", WIRE_MODES)
def test_loopback_debug_logging(mode: str, loopback: Loopback, caplog: pytest.LogCaptureFixture) -> None:
    from .conftest import FakeTokens

    loopback.reset(_expired_then_invalid)
    caplog.set_level(logging.DEBUG)
    tokens = FakeTokens()
    with pytest.raises(BadRequestError) as info:
        run(mode, loopback.url, send(get_request()), token_manager=tokens, access_token=None)
    assert tokens.refreshes == [ACCESS_TOKEN]
    everything = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert "httpcore" in everything or "httpx" in everything
    assert_clean(everything)
    assert_clean(str(info.value) + repr(info.value))


def test_xero_error_base_for_everything() -> None:
    assert issubclass(BadRequestError, XeroError) and issubclass(APIConnectionError, XeroError)
