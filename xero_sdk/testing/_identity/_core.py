"""The identity server's state (:class:`StateCore`): its records and their lifecycle, the admin
operations, issuing tokens, authenticating clients and checking bearer tokens; the endpoints
are added by :mod:`._oauth` and :mod:`._connections`."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from .._http import Request
from ._records import (
    _USER_ID,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    DEFAULT_REDIRECT_URIS,
    DEFAULT_TENANTS,
    ClientRecord,
    Config,
    IdentityFault,
    Reply,
    _AccessToken,
    _b64url,
    _Code,
    _Connection,
    _Grant,
    _oauth_error,
    _problem,
    _RefreshToken,
)


class StateCore:
    """Everything the server knows; all methods are thread-safe."""

    def __init__(
        self,
        *,
        config: Config | None = None,
        clients: Sequence[ClientRecord] | None = None,
        tenants: Sequence[tuple[str, str, str]] = DEFAULT_TENANTS,
        log: Any = None,
    ) -> None:
        self._initial_config = dataclasses.replace(config) if config else Config()
        self._initial_clients = (
            list(clients)
            if clients is not None
            else [
                ClientRecord(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REDIRECT_URIS),
                ClientRecord(DEFAULT_PUBLIC_CLIENT_ID, None, DEFAULT_REDIRECT_URIS),
            ]
        )
        self.tenants = tuple(tenants)
        self.base_url = ""
        self._log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self._lock = threading.RLock()
        self.reset()

    # -- lifecycle ---------------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.config = dataclasses.replace(self._initial_config)
            self.clients: dict[str, ClientRecord] = {c.client_id: c for c in self._initial_clients}
            self.grants: dict[str, _Grant] = {}
            self.codes: dict[str, _Code] = {}
            self.access_tokens: dict[str, _AccessToken] = {}
            self.refresh_tokens: dict[str, _RefreshToken] = {}
            self.connections: dict[str, _Connection] = {}
            self.faults: list[IdentityFault] = []
            self.stats: dict[str, Any] = {
                "faults": 0,
                "authorizations": 0,
                "code_exchanges": 0,
                "code_rejected": 0,
                "refresh_granted": 0,
                "refresh_rejected": 0,
                "client_credentials_granted": 0,
                "revocations": 0,
                "resource_ok": 0,
                "resource_401": 0,
                "resource_403": 0,
                "connections_calls": 0,
                "disconnects": 0,
                "refresh_uses": {},
                "refresh_events": [],
                "rejections": [],
            }

    def now(self) -> float:
        return time.time() + self.config.clock_offset

    def log(self, line: str) -> None:
        self._log(f"{time.strftime('%H:%M:%S')}.{int(time.time() * 1000) % 1000:03d} {line}")

    # -- admin -------------------------------------------------------------------------------------
    def configure(self, changes: Mapping[str, Any]) -> Reply:
        with self._lock:
            fields = {f.name: f for f in dataclasses.fields(Config)}
            for key, value in changes.items():
                if key not in fields:
                    return Reply(400, {"error": f"unknown config field {key!r}"})
                current = getattr(self.config, key)
                try:
                    if isinstance(current, bool):
                        if not isinstance(value, bool):
                            raise TypeError
                        coerced: Any = value
                    else:
                        coerced = type(current)(value)
                except (TypeError, ValueError):
                    return Reply(400, {"error": f"bad value for {key!r}"})
                setattr(self.config, key, coerced)
            self.log(f"config {dataclasses.asdict(self.config)}")
            return Reply(200, dataclasses.asdict(self.config))

    def clock(self, body: Mapping[str, Any]) -> Reply:
        with self._lock:
            if "offset" in body:
                self.config.clock_offset = float(body["offset"])
            if "advance" in body:
                self.config.clock_offset += float(body["advance"])
            return Reply(200, {"clock_offset": self.config.clock_offset, "now": self.now()})

    def expire(self, body: Mapping[str, Any]) -> Reply:
        """Expire access tokens (``kind: access``, default) or refresh tokens (``kind: refresh``):
        one (``token``) or all."""
        with self._lock:
            kind = body.get("kind", "access")
            token = body.get("token")
            table: Mapping[str, _AccessToken | _RefreshToken]
            table = self.refresh_tokens if kind == "refresh" else self.access_tokens
            targets = [table[token]] if isinstance(token, str) and token in table else []
            if token is None:
                targets = list(table.values())
            past = self.now() - 1
            for record in targets:
                record.expires_at = min(record.expires_at, past)
            return Reply(200, {"expired": len(targets)})

    def add_client(self, body: Mapping[str, Any]) -> Reply:
        with self._lock:
            client_id = body.get("client_id")
            if not isinstance(client_id, str) or not client_id:
                return Reply(400, {"error": "client_id required"})
            secret = body.get("client_secret")
            uris = body.get("redirect_uris", DEFAULT_REDIRECT_URIS)
            self.clients[client_id] = ClientRecord(
                client_id, secret if isinstance(secret, str) else None, tuple(uris)
            )
            return Reply(200, {"client_id": client_id})

    def add_fault(self, body: Mapping[str, Any]) -> Reply:
        known = {f.name for f in dataclasses.fields(IdentityFault)} - {"hits"}
        unknown = set(body) - known
        if unknown:
            return Reply(400, {"error": f"unknown fault field(s) {sorted(unknown)}"})
        with self._lock:
            self.faults.append(IdentityFault(**body))
            return Reply(200, {"faults": len(self.faults)})

    def fault_for(self, method: str, path: str) -> IdentityFault | None:
        """The injected fault the request meets, if any (counted as hit)."""
        with self._lock:
            request = Request(method, path, {}, {})
            for fault in self.faults:
                if fault.matches(request):
                    fault.hits += 1
                    self.stats["faults"] += 1
                    self.log(f"fault: {method} {path} -> {fault.status or 'answer lost'}")
                    return fault
        return None

    def snapshot_stats(self) -> Reply:
        with self._lock:
            return Reply(200, json.loads(json.dumps(self.stats)))

    # -- helpers -----------------------------------------------------------------------------------
    def _reject(self, grant_type: str, reply: Reply, reason: str) -> Reply:
        self.stats["rejections"].append({"grant_type": grant_type, "status": reply.status, "reason": reason})
        self.log(f"token {grant_type}: rejected ({reason})")
        return reply

    def _issue(
        self, grant: _Grant, client: ClientRecord, nonce: str | None, generation: int
    ) -> dict[str, Any]:
        now = self.now()
        access = "xat." + secrets.token_urlsafe(32)
        self.access_tokens[access] = _AccessToken(grant.id, now, now + self.config.access_token_ttl)
        payload: dict[str, Any] = {
            "access_token": access,
            "expires_in": int(self.config.access_token_ttl)
            if float(self.config.access_token_ttl).is_integer()
            else self.config.access_token_ttl,
            "token_type": "Bearer",
            "scope": " ".join(grant.scopes),
        }
        if grant.kind == "authorization_code" and "offline_access" in grant.scopes:
            refresh = "xrt." + secrets.token_urlsafe(32)
            self.refresh_tokens[refresh] = _RefreshToken(
                grant.id, now, now + self.config.refresh_token_ttl, generation
            )
            payload["refresh_token"] = refresh
        if grant.kind == "authorization_code" and "openid" in grant.scopes:
            payload["id_token"] = self._id_token(client, nonce, now)
        return payload

    def _id_token(self, client: ClientRecord, nonce: str | None, now: float) -> str:
        claims: dict[str, Any] = {
            "iss": self.base_url or "http://identity-server",
            "aud": client.client_id,
            "sub": _USER_ID,
            "iat": int(now),
            "exp": int(now + 300),
            "xero_userid": _USER_ID,
            "email": "test.user@example.com",
            "given_name": "Test",
            "family_name": "User",
        }
        if nonce:
            claims["nonce"] = nonce
        header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = _b64url(json.dumps(claims).encode())
        key = (client.client_secret or "identity-server-public-client").encode()
        signature = _b64url(hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest())
        return f"{header}.{body}.{signature}"

    def _authenticate_client(
        self, form: Mapping[str, str], basic: tuple[str, str] | None
    ) -> tuple[ClientRecord | None, Reply | None]:
        form_id, form_secret = form.get("client_id"), form.get("client_secret")
        if basic is not None and (form_secret is not None):
            return None, _oauth_error("invalid_request", "client credentials sent twice")
        if basic is not None:
            client_id, secret = basic
            if form_id is not None and form_id != client_id:
                return None, _oauth_error("invalid_request", "client_id mismatch")
            client = self.clients.get(client_id)
            if (
                client is None
                or client.client_secret is None
                or not hmac.compare_digest(client.client_secret.encode(), secret.encode())
            ):
                return None, _oauth_error(
                    "invalid_client",
                    "client authentication failed",
                    401,
                    {"WWW-Authenticate": 'Basic realm="xero"'},
                )
            return client, None
        if not form_id:
            return None, _oauth_error("invalid_client", "no client authentication")
        client = self.clients.get(form_id)
        if client is None:
            return None, _oauth_error("invalid_client", "unknown client")
        if client.client_secret is None:
            if form_secret:
                return None, _oauth_error("invalid_client", "public client must not send a secret")
            return client, None
        if form_secret is None or not hmac.compare_digest(
            client.client_secret.encode(), form_secret.encode()
        ):
            return None, _oauth_error("invalid_client", "client authentication failed")
        return client, None

    def _connect(self, grant: _Grant) -> None:
        now = self.now()
        for tenant_id in grant.tenant_ids:
            tenant = next(t for t in self.tenants if t[0] == tenant_id)
            existing = next(
                (
                    c
                    for c in self.connections.values()
                    if c.tenant_id == tenant_id and c.client_id == grant.client_id
                ),
                None,
            )
            if existing is not None:
                existing.auth_event_id = grant.id
                existing.updated = now
            else:
                cid = str(uuid.uuid4())
                self.connections[cid] = _Connection(
                    cid, tenant[0], tenant[1], tenant[2], grant.id, grant.client_id, now, now
                )

    def grant_for_testing(self, client_id: str, scopes: Sequence[str]) -> dict[str, Any]:
        """What a completed consent gives (tokens for a grant connected to every organisation),
        without the browser round trip: for in-process test clients."""
        with self._lock:
            client = self.clients[client_id]
            grant = _Grant(
                id=str(uuid.uuid4()),
                client_id=client_id,
                scopes=tuple(scopes),
                kind="authorization_code",
                tenant_ids=tuple(t[0] for t in self.tenants if t[1] == "ORGANISATION"),
            )
            self.grants[grant.id] = grant
            self._connect(grant)
            return self._issue(grant, client, None, generation=0)

    def check_bearer(
        self, authorization: str | None, tenant_header: str | None
    ) -> tuple[str | None, Reply | None]:
        """The tenant a resource request may act for, or the 401/403 Xero answers."""
        with self._lock:
            record, failure = self._bearer(authorization)
            if failure is not None:
                return None, failure
            assert record is not None
            grant = self.grants[record.grant_id]
            tenants = [c.tenant_id for c in self._visible_connections(grant)]
            if grant.kind == "client_credentials":
                return tenants[0], None
            if tenant_header in tenants:
                return tenant_header, None
            return None, _problem(403, "Forbidden", "AuthenticationUnsuccessful")

    # -- bearer-protected endpoints --------------------------------------------------------------
    def _bearer(self, authorization: str | None) -> tuple[_AccessToken | None, Reply | None]:
        if not authorization or not authorization.lower().startswith("bearer "):
            return None, _problem(401, "Unauthorized", "AuthorizationUnsuccessful")
        record = self.access_tokens.get(authorization[7:].strip())
        if record is None or record.revoked or self.grants[record.grant_id].revoked:
            return None, _problem(401, "Unauthorized", "AuthorizationUnsuccessful")
        if record.expires_at <= self.now():
            stamp = time.strftime("%m/%d/%Y %H:%M:%S", time.gmtime(record.expires_at))
            return None, _problem(401, "Unauthorized", f"TokenExpired: token expired at {stamp}")
        return record, None

    def _visible_connections(self, grant: _Grant) -> list[_Connection]:
        if grant.kind == "client_credentials":
            tenant = next(t for t in self.tenants if t[0] == grant.tenant_ids[0])
            now = self.now()
            return [
                _Connection(grant.id, tenant[0], tenant[1], tenant[2], grant.id, grant.client_id, now, now)
            ]
        return [c for c in self.connections.values() if c.client_id == grant.client_id]
