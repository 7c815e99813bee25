"""Adapters for the peer SDKs, xero-python and pyxero, which ship no type information.

All their untyped code is reached through this module only; each adapter calls the peer the
way the peer itself does in production (read from its source):

- xero-python 15.x: a response is decoded by ``ApiClient.deserialize(response, "Invoices",
  model_finder)`` (``json.loads(response.text, parse_float=Decimal)`` then its
  ``deserializer.deserialize``); a request body is ``serializer.serialize(model)`` then
  ``json.dumps`` in ``rest.RESTClientObject.request``; HTTP is urllib3 with a pool per host.
- pyxero 0.9.x: ``BaseManager._parse_api_response`` is ``json.loads(text,
  object_hook=json_load_object_hook)`` (MS dates to ``datetime``, numbers to ``float``), then
  ``data["Invoices"]``: dicts, not typed models. It sends XML bodies
  (``_prepare_data_for_save``) and uses ``requests.get`` without a session, so every call
  opens a new connection.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

TOKEN = "bench-access-token"


def version(dist: str) -> str | None:
    """The installed version of ``dist``; peers count as absent under ``XERO_BENCH_NO_PEERS=1``."""
    if dist != "xero-sdk" and dist.startswith(("xero", "pyxero")) and os.environ.get("XERO_BENCH_NO_PEERS"):
        return None
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def xero_python_version() -> str | None:
    return version("xero-python") or version("xero_python")


def pyxero_version() -> str | None:
    return version("pyxero")


class _Urllib3Response:
    """What ``rest.RESTResponse`` reads from a urllib3 response."""

    status = 200
    reason = "OK"

    def __init__(self, data: bytes) -> None:
        self.data = data

    def getheaders(self) -> dict[str, str]:
        return {"Content-Type": "application/json; charset=utf-8"}

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return self.getheaders().get(name, default)


class XeroPython:
    """xero-python's ApiClient and AccountingApi, configured with a static token."""

    def __init__(self, base_url: str = "https://api.xero.com") -> None:
        from xero_python.accounting import AccountingApi  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from xero_python.api_client import ApiClient, Configuration  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from xero_python.api_client.oauth2 import OAuth2Token  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from xero_python.api_client.serializer import serialize  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from xero_python.rest import RESTResponse  # type: ignore[import-untyped, import-not-found, unused-ignore]

        token = {
            "access_token": TOKEN,
            "scope": ["accounting.transactions"],
            "expires_in": None,
            "token_type": "Bearer",
        }
        config = Configuration(oauth2_token=OAuth2Token(client_id="bench", client_secret="bench"))
        self.api_client: Any = ApiClient(config, oauth2_token_getter=lambda: token, pool_threads=1)
        self.api: Any = AccountingApi(self.api_client, base_url=base_url.rstrip("/") + "/api.xro/2.0")
        self.finder: Any = self.api.get_model_finder()
        self._serialize: Callable[[Any], Any] = serialize
        self._response: Callable[[Any], Any] = RESTResponse

    def parse(self, data: bytes, response_type: str = "Invoices") -> Any:
        """``ApiClient.deserialize`` on a response holding ``data``, as ``call_api`` does."""
        return self.api_client.deserialize(self._response(_Urllib3Response(data)), response_type, self.finder)

    def dumps(self, model: Any) -> bytes:
        """The request body ``call_api`` builds: ``serialize`` then ``rest``'s ``json.dumps``."""
        return json.dumps(self._serialize(model)).encode("utf-8")

    def get_organisation(self, tenant_id: str) -> Callable[[], Any]:
        api = self.api
        return lambda: api.get_organisations(tenant_id)

    def close(self) -> None:
        self.api_client.rest_client.pool_manager.clear()


@contextlib.contextmanager
def quiet_urllib3() -> Iterator[None]:
    """Silence urllib3's "connection pool is full" warnings (its pool holds 4 connections)."""
    log = logging.getLogger("urllib3.connectionpool")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


class _TextResponse:
    def __init__(self, data: bytes) -> None:
        self.text = data.decode("utf-8")


class PyXero:
    """pyxero's parsing, XML bodies and HTTP calls (OAuth2 credentials, static token)."""

    def __init__(self, base_url: str = "https://api.xero.com", tenant_id: str = "") -> None:
        from xero import Xero  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from xero.auth import OAuth2Credentials  # type: ignore[import-untyped, import-not-found, unused-ignore]
        from xero.manager import Manager  # type: ignore[import-untyped, import-not-found, unused-ignore]

        token = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 1800, "expires_at": 4e9}
        credentials: Any = OAuth2Credentials("bench", "bench", token=token, tenant_id=tenant_id or None)
        credentials.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.xero: Any = Xero(credentials)
        self.manager: Any = Manager("Invoices", credentials)

    def parse(self, data: bytes) -> Any:
        """``_parse_api_response``: dicts with MS dates parsed, numbers as float."""
        return self.manager._parse_api_response(_TextResponse(data), "Invoices")

    def dicts(self, data: bytes) -> Any:
        """The same decoding for a body without Xero's envelope (a request body)."""
        from xero.utils import json_load_object_hook  # type: ignore[import-untyped, import-not-found, unused-ignore]

        return json.loads(data.decode("utf-8"), object_hook=json_load_object_hook)

    def xml(self, invoices: list[Any]) -> bytes:
        """The XML body pyxero's ``put``/``save`` send for a list of invoice dicts."""
        data: bytes = self.manager._prepare_data_for_save(invoices)
        return data

    def get_organisation(self) -> Callable[[], Any]:
        organisations = self.xero.organisations
        return lambda: organisations.all()


@contextlib.contextmanager
def insecure_oauthlib() -> Iterator[None]:
    """requests-oauthlib refuses plain-HTTP URLs unless this variable is set (local server)."""
    old = os.environ.get("OAUTHLIB_INSECURE_TRANSPORT")
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("OAUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = old
