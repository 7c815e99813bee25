"""What every command shares: the global options, the profile, the app and the client.

The client is built on first use, so ``xero --help`` and completion never import httpx. URLs come
from the SDK's environment variables (``XERO_API_URL``, ``XERO_<API>_URL``, ``XERO_IDENTITY_URL``)
unless ``--api-url`` / ``--identity-url`` are given.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import attrs

from . import _config
from ._errors import AUTH, USAGE, CLIError

if TYPE_CHECKING:
    import httpx

    from xero_sdk import Xero
    from xero_sdk.auth import FileTokenStore, OAuth2App

    from ._tokens import KeyringTokenStore


@attrs.define
class Session:
    profile_name: str
    tenant: str | None = None
    api_url: str | None = None
    identity_url: str | None = None
    max_retries: int = 2
    on_request: list[Any] = attrs.field(factory=list)
    on_response: list[Any] = attrs.field(factory=list)
    _profile: _config.Profile | None = None
    _client: Xero | None = None

    @property
    def profile(self) -> _config.Profile:
        if self._profile is None:
            self._profile = _config.load(self.profile_name)
        return self._profile

    def store(self) -> KeyringTokenStore | FileTokenStore:
        from ._tokens import token_store

        return token_store(self.profile_name)

    def app(
        self,
        client_id: str | None = None,
        *,
        redirect_uri: str | None = None,
        scopes: list[str] | None = None,
    ) -> OAuth2App:
        from xero_sdk.auth import OAuth2App

        client_id = client_id or os.environ.get("XERO_CLIENT_ID") or self.profile.client_id
        if not client_id:
            raise CLIError("no client id: pass --client-id or set XERO_CLIENT_ID", AUTH)
        return OAuth2App(
            client_id,
            os.environ.get("XERO_CLIENT_SECRET") or None,
            redirect_uri=redirect_uri or self.profile.redirect_uri,
            scopes=scopes if scopes is not None else self.profile.scopes,
            allow_unknown_scopes=True,
            identity_url=self.identity_url,
        )

    def client(self, *, rate_limit: bool = True) -> Xero:
        """The profile's client: a token from the store, refreshed and saved back as needed.
        ``XERO_ACCESS_TOKEN`` (a token obtained elsewhere, never refreshed) replaces the login."""
        if self._client is not None:
            return self._client
        from xero_sdk import Xero

        common: dict[str, Any] = {
            "api_url": self.api_url,
            "max_retries": self.max_retries,
            "rate_limit": rate_limit,
            "on_request": self.on_request,
            "on_response": self.on_response,
        }
        access_token = os.environ.get("XERO_ACCESS_TOKEN")
        if access_token:
            client = Xero(access_token=access_token, **common)
        else:
            store = self.store()
            if store.load() is None:
                raise CLIError(f"profile {self.profile_name!r} is not logged in: run `xero login`", AUTH)
            custom = self.profile.client_credentials
            if custom and not os.environ.get("XERO_CLIENT_SECRET"):
                raise CLIError("this profile is a Custom Connection: set XERO_CLIENT_SECRET", AUTH)
            client = Xero(app=self.app(), token_store=store, client_credentials=custom, **common)
        self._client = client
        return client

    def tenant_id(self) -> str:
        """The tenant to call: ``--tenant`` / ``XERO_TENANT_ID`` (a name or an id), else the
        profile's (``xero use``)."""
        wanted = self.tenant or os.environ.get("XERO_TENANT_ID")
        if wanted:
            # an id is used as given (no extra request); a name is looked up in the connections
            return wanted if looks_like_id(wanted) else resolve_tenant(self, wanted)[0]
        if self.profile.tenant_id:
            return self.profile.tenant_id
        raise CLIError("no tenant chosen: run `xero use <tenant name or id>` or pass --tenant", USAGE)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def looks_like_id(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def resolve_tenant(session: Session, wanted: str) -> tuple[str, str | None]:
    """(tenant id, name) for a tenant given by id or by name (case-insensitive, unique prefix)."""
    connections = session.client().connections()
    for c in connections:
        if str(c.tenant_id).lower() == wanted.lower():
            return str(c.tenant_id), c.tenant_name
    folded = wanted.casefold()
    exact = [c for c in connections if (c.tenant_name or "").casefold() == folded]
    matches = exact or [c for c in connections if (c.tenant_name or "").casefold().startswith(folded)]
    if len(matches) == 1:
        return str(matches[0].tenant_id), matches[0].tenant_name
    names = ", ".join(f"{c.tenant_name} ({c.tenant_id})" for c in connections) or "none"
    if not matches:
        raise CLIError(f"no connected tenant is called or has the id {wanted!r}; connected: {names}", USAGE)
    raise CLIError(f"{wanted!r} matches several tenants: {names}", USAGE)


def redacted_headers(headers: httpx.Headers) -> list[tuple[str, str]]:
    from xero_sdk._runtime.redact import redact_headers

    return list(redact_headers(dict(headers)).items())
