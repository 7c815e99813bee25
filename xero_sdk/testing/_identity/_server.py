"""The identity server's state machine and HTTP handler (see the package docstring for the API)."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from .._controls import Fault
from .._http import Answer, Request, problem

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_PUBLIC_CLIENT_ID",
    "DEFAULT_REDIRECT_URIS",
    "DEFAULT_TENANTS",
    "ClientRecord",
    "Config",
    "Headers",
    "IdentityHTTPServer",
    "IdentityState",
    "Reply",
    "fingerprint",
    "reply_bytes",
    "route_identity",
]

DEFAULT_CLIENT_ID = "xero-sdk-test-client"
DEFAULT_CLIENT_SECRET = "xero-sdk-test-secret-7Qv2LmN8pR4sT6wY"
DEFAULT_PUBLIC_CLIENT_ID = "xero-sdk-test-pkce-client"
DEFAULT_REDIRECT_URIS = (
    "http://localhost:8765/callback",
    "http://127.0.0.1:8765/callback",
    "https://example.com/callback",
)
#: (tenantId, tenantType, tenantName); authorization-code grants connect the organisations,
#: client-credentials tokens (Custom Connections) are bound to the first one.
DEFAULT_TENANTS: tuple[tuple[str, str, str], ...] = (
    ("0b4e4a31-7c2b-4d1e-9a55-5c1f6e0d2a01", "ORGANISATION", "Demo Company (NZ)"),
    ("7f3a9c52-1e8d-4b6a-8c0f-2d9e4b7a1c02", "ORGANISATION", "Demo Company (UK)"),
    ("c5d1e2f3-a4b5-4c6d-8e7f-9a0b1c2d3e03", "PRACTICE", "Demo Practice"),
)
_USER_ID = "4ad6d4b2-7f51-4f07-9a1b-6a4a3c2e9d10"
_SCOPE_TOKEN = re.compile(r"^[a-z0-9_.]+$")
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def fingerprint(value: str) -> str:
    """What the stats use instead of token values: the first 12 hex digits of SHA-256."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:12]


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _xero_datetime(t: float) -> str:
    """Identity API style: ISO, no zone, 7-digit fraction (UTC)."""
    return dt.datetime.fromtimestamp(t, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0"


@dataclasses.dataclass
class Config:
    """Run-time settings; every field can be changed with ``POST /_admin/config``."""

    access_token_ttl: float = 1800.0
    refresh_token_ttl: float = 60 * 86400.0
    code_ttl: float = 300.0
    consent: str = "approve"
    """``approve`` (auto-consent) or ``deny`` (redirect with ``error=access_denied``)."""
    require_tenant: bool = True
    """Resource calls with an authorization-code token must send a connected ``xero-tenant-id``."""
    token_latency: float = 0.0
    """Seconds to sleep before answering a token request (widens race windows in tests)."""
    refresh_grace: float = 0.0
    """Seconds a spent refresh token may be presented again (Xero allows 30 minutes, for a
    refresh whose answer was lost); 0 makes every refresh token strictly single-use."""
    clock_offset: float = 0.0
    """Seconds added to the real clock: the server's notion of now (expiry checks)."""


@dataclasses.dataclass
class ClientRecord:
    client_id: str
    client_secret: str | None
    redirect_uris: tuple[str, ...]


@dataclasses.dataclass
class _Grant:
    id: str  # = authEventId
    client_id: str
    scopes: tuple[str, ...]
    kind: str  # authorization_code | client_credentials
    tenant_ids: tuple[str, ...]
    revoked: bool = False


@dataclasses.dataclass
class _Code:
    client_id: str
    redirect_uri: str
    challenge: str | None
    nonce: str | None
    grant_id: str
    expires_at: float
    used: bool = False


@dataclasses.dataclass
class _AccessToken:
    grant_id: str
    issued_at: float
    expires_at: float
    revoked: bool = False


@dataclasses.dataclass
class _RefreshToken:
    grant_id: str
    issued_at: float
    expires_at: float
    generation: int
    used_at: float | None = None
    revoked: bool = False


@dataclasses.dataclass
class _Connection:
    id: str
    tenant_id: str
    tenant_type: str
    tenant_name: str
    auth_event_id: str
    client_id: str
    created: float
    updated: float


#: An answer: status, a JSON value (or bytes, or None) and headers; shared with the local Xero.
Reply = Answer
#: Xero's gateway problem body for 401/403/404/429/5xx.
_problem = problem


def _oauth_error(
    error: str, description: str, status: int = 400, headers: dict[str, str] | None = None
) -> Reply:
    return Reply(status, {"error": error, "error_description": description}, headers or {})


@dataclasses.dataclass
class IdentityFault(Fault):
    """An injected failure of the identity endpoints (``POST /_admin/faults``): the fields of
    :class:`~xero_sdk.testing.Fault` (``status`` answered instead of handling the request, with
    ``Retry-After`` on a 429; ``times``, ``method``, ``path``), or ``lose_answer``: the request is
    handled (a refresh token is spent) and the connection then closed without the answer, as
    when an answer is lost on the way back."""

    lose_answer: bool = False


class IdentityState:
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
        def b64(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

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
        header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = b64(json.dumps(claims).encode())
        key = (client.client_secret or "identity-server-public-client").encode()
        signature = b64(hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest())
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

    # -- /identity/connect/authorize -----------------------------------------------------------
    def authorize(self, query: Mapping[str, str]) -> Reply:
        with self._lock:
            client = self.clients.get(query.get("client_id", ""))
            if client is None:
                return Reply(400, b"unknown client_id\n", {"Content-Type": "text/plain"})
            redirect_uri = query.get("redirect_uri", "")
            if redirect_uri not in client.redirect_uris:
                return Reply(
                    400, b"redirect_uri is not registered for this client\n", {"Content-Type": "text/plain"}
                )
            state = query.get("state")

            def back(params: dict[str, str]) -> Reply:
                if state is not None:
                    params["state"] = state
                sep = "&" if "?" in redirect_uri else "?"
                return Reply(302, None, {"Location": redirect_uri + sep + urllib.parse.urlencode(params)})

            if query.get("response_type") != "code":
                return back(
                    {"error": "unsupported_response_type", "error_description": "response_type must be code"}
                )
            scopes = tuple(query.get("scope", "").split())
            if not scopes or not all(_SCOPE_TOKEN.match(s) for s in scopes):
                return back({"error": "invalid_scope", "error_description": "scope is missing or malformed"})
            challenge = query.get("code_challenge")
            method = query.get("code_challenge_method")
            if challenge is not None or client.client_secret is None:
                if challenge is None:
                    return back({"error": "invalid_request", "error_description": "code_challenge required"})
                if method != "S256":
                    return back(
                        {
                            "error": "invalid_request",
                            "error_description": "code_challenge_method must be S256",
                        }
                    )
                if not _CHALLENGE.match(challenge):
                    return back({"error": "invalid_request", "error_description": "malformed code_challenge"})
            if self.config.consent != "approve":
                return back({"error": "access_denied", "error_description": "the user declined consent"})
            grant = _Grant(
                id=str(uuid.uuid4()),
                client_id=client.client_id,
                scopes=scopes,
                kind="authorization_code",
                tenant_ids=tuple(t[0] for t in self.tenants if t[1] == "ORGANISATION"),
            )
            self.grants[grant.id] = grant
            self._connect(grant)
            code = secrets.token_urlsafe(24)
            self.codes[code] = _Code(
                client.client_id,
                redirect_uri,
                challenge,
                query.get("nonce"),
                grant.id,
                self.now() + self.config.code_ttl,
            )
            self.stats["authorizations"] += 1
            self.log(f"authorize: client={client.client_id} scopes={' '.join(scopes)} -> code issued")
            return back({"code": code, "scope": " ".join(scopes), "session_state": secrets.token_hex(8)})

    # -- /connect/token ------------------------------------------------------------------------
    def token(self, form: Mapping[str, str], basic: tuple[str, str] | None) -> Reply:
        latency = self.config.token_latency
        if latency > 0:
            time.sleep(latency)
        with self._lock:
            grant_type = form.get("grant_type", "")
            client, failure = self._authenticate_client(form, basic)
            if failure is not None:
                return self._reject(grant_type, failure, "client authentication")
            assert client is not None
            if grant_type == "authorization_code":
                return self._token_from_code(client, form)
            if grant_type == "refresh_token":
                return self._token_from_refresh(client, form)
            if grant_type == "client_credentials":
                return self._token_from_client_credentials(client, form)
            return self._reject(
                grant_type, _oauth_error("unsupported_grant_type", "unsupported grant_type"), "grant type"
            )

    def _token_from_code(self, client: ClientRecord, form: Mapping[str, str]) -> Reply:
        code = self.codes.get(form.get("code", ""))
        invalid = _oauth_error("invalid_grant", "invalid authorization code")

        def reject(reason: str) -> Reply:
            self.stats["code_rejected"] += 1
            return self._reject("authorization_code", invalid, reason)

        if code is None or code.client_id != client.client_id:
            return reject("unknown code")
        if code.used:
            # RFC 6749 4.1.2: a reused code revokes what was issued with it
            self._revoke_grant(code.grant_id)
            return reject("code reused")
        code.used = True
        if code.expires_at <= self.now():
            return reject("code expired")
        if form.get("redirect_uri") != code.redirect_uri:
            return reject("redirect_uri mismatch")
        if code.challenge is not None:
            verifier = form.get("code_verifier")
            if not verifier or not hmac.compare_digest(_s256(verifier), code.challenge):
                return reject("PKCE verification failed")
        grant = self.grants[code.grant_id]
        self.stats["code_exchanges"] += 1
        self.log(f"token authorization_code: granted (grant {grant.id})")
        return Reply(200, self._issue(grant, client, code.nonce, generation=0), {"Cache-Control": "no-store"})

    def _token_from_refresh(self, client: ClientRecord, form: Mapping[str, str]) -> Reply:
        value = form.get("refresh_token", "")
        uses: dict[str, int] = self.stats["refresh_uses"]
        fp = fingerprint(value)
        uses[fp] = uses.get(fp, 0) + 1
        record = self.refresh_tokens.get(value)
        now = self.now()
        reason = None
        if record is None:
            reason = "unknown refresh token"
        elif self.grants[record.grant_id].client_id != client.client_id:
            reason = "refresh token of another client"
        elif record.revoked or self.grants[record.grant_id].revoked:
            reason = "refresh token revoked"
        elif record.used_at is not None and now - record.used_at > self.config.refresh_grace:
            reason = f"refresh token {fp} already used"
        elif record.expires_at <= now:
            reason = "refresh token expired"
        if reason is not None or record is None:
            self.stats["refresh_rejected"] += 1
            return self._reject(
                "refresh_token", _oauth_error("invalid_grant", "invalid refresh token"), reason or ""
            )
        if record.used_at is None:
            record.used_at = now
        grant = self.grants[record.grant_id]
        payload = self._issue(grant, client, None, generation=record.generation + 1)
        self.stats["refresh_granted"] += 1
        self.stats["refresh_events"].append(
            {
                "at": now,
                "age": now - record.issued_at,
                "generation": record.generation + 1,
                "refresh_token": fp,
            }
        )
        self.log(f"token refresh_token: granted ({fp} -> {fingerprint(payload['refresh_token'])})")
        return Reply(200, payload, {"Cache-Control": "no-store"})

    def _token_from_client_credentials(self, client: ClientRecord, form: Mapping[str, str]) -> Reply:
        if client.client_secret is None:
            return self._reject(
                "client_credentials",
                _oauth_error("unauthorized_client", "public clients cannot use client_credentials"),
                "public client",
            )
        requested = tuple(form.get("scope", "").split())
        if not all(_SCOPE_TOKEN.match(s) for s in requested):
            return self._reject(
                "client_credentials", _oauth_error("invalid_scope", "malformed scope"), "scope"
            )
        scopes = requested or ("accounting.transactions", "accounting.contacts", "accounting.settings")
        grant = _Grant(
            id=str(uuid.uuid4()),
            client_id=client.client_id,
            scopes=scopes,
            kind="client_credentials",
            tenant_ids=(self.tenants[0][0],),
        )
        self.grants[grant.id] = grant
        self.stats["client_credentials_granted"] += 1
        self.log("token client_credentials: granted")
        return Reply(200, self._issue(grant, client, None, generation=0), {"Cache-Control": "no-store"})

    # -- /connect/revocation ---------------------------------------------------------------------
    def _revoke_grant(self, grant_id: str) -> None:
        grant = self.grants.get(grant_id)
        if grant is None:
            return
        grant.revoked = True
        for refresh_record in self.refresh_tokens.values():
            if refresh_record.grant_id == grant_id:
                refresh_record.revoked = True
        for access_record in self.access_tokens.values():
            if access_record.grant_id == grant_id:
                access_record.revoked = True
        # Xero: revoking removes the user's connections to this app
        for cid in [c.id for c in self.connections.values() if c.client_id == grant.client_id]:
            del self.connections[cid]

    def revoke(self, form: Mapping[str, str], basic: tuple[str, str] | None) -> Reply:
        with self._lock:
            client, failure = self._authenticate_client(form, basic)
            if failure is not None:
                return self._reject("revocation", failure, "client authentication")
            assert client is not None
            value = form.get("token", "")
            record = self.refresh_tokens.get(value) or self.access_tokens.get(value)
            if record is not None and self.grants[record.grant_id].client_id == client.client_id:
                self._revoke_grant(record.grant_id)
                self.stats["revocations"] += 1
                self.log("revocation: grant revoked")
            else:
                self.log("revocation: unknown token (ignored, RFC 7009)")
            return Reply(200, None)

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

    def organisation(self, authorization: str | None, tenant_header: str | None) -> Reply:
        with self._lock:
            record, failure = self._bearer(authorization)
            if failure is not None:
                self.stats["resource_401"] += 1
                return failure
            assert record is not None
            grant = self.grants[record.grant_id]
            tenants = [c.tenant_id for c in self._visible_connections(grant)]
            if grant.kind == "client_credentials":
                tenant_id = tenants[0]
            elif tenant_header in tenants:
                tenant_id = tenant_header
            elif self.config.require_tenant:
                self.stats["resource_403"] += 1
                return _problem(403, "Forbidden", "AuthenticationUnsuccessful")
            else:
                tenant_id = tenants[0] if tenants else self.tenants[0][0]
            name = next((t[2] for t in self.tenants if t[0] == tenant_id), "")
            self.stats["resource_ok"] += 1
            return Reply(
                200,
                {
                    "Id": str(uuid.uuid4()),
                    "Status": "OK",
                    "ProviderName": "xero-sdk identity server",
                    "DateTimeUTC": f"/Date({int(self.now() * 1000)})/",
                    "Organisations": [{"OrganisationID": tenant_id, "Name": name, "Version": "NZ"}],
                },
            )

    def list_connections(self, authorization: str | None, auth_event_id: str | None) -> Reply:
        with self._lock:
            record, failure = self._bearer(authorization)
            if failure is not None:
                return failure
            assert record is not None
            self.stats["connections_calls"] += 1
            items = self._visible_connections(self.grants[record.grant_id])
            if auth_event_id:
                items = [c for c in items if c.auth_event_id == auth_event_id]
            return Reply(
                200,
                [
                    {
                        "id": c.id,
                        "authEventId": c.auth_event_id,
                        "tenantId": c.tenant_id,
                        "tenantType": c.tenant_type,
                        "tenantName": c.tenant_name,
                        "createdDateUtc": _xero_datetime(c.created),
                        "updatedDateUtc": _xero_datetime(c.updated),
                    }
                    for c in items
                ],
            )

    def delete_connection(self, authorization: str | None, connection_id: str) -> Reply:
        with self._lock:
            record, failure = self._bearer(authorization)
            if failure is not None:
                return failure
            assert record is not None
            grant = self.grants[record.grant_id]
            connection = self.connections.get(connection_id)
            if connection is None or connection.client_id != grant.client_id:
                return _problem(404, "Not Found", f"connection {connection_id} not found")
            del self.connections[connection_id]
            self.stats["disconnects"] += 1
            self.log(f"connection {connection_id} deleted")
            return Reply(204, None)


class IdentityHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], state: IdentityState) -> None:
        super().__init__(address, _Handler)
        self.state = state
        host, port = self.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else host
        if ":" in host_text:
            host_text = f"[{host_text}]"
        self.url = f"http://{host_text}:{port}"
        state.base_url = self.url


def _basic(header: str | None) -> tuple[str, str] | None:
    """The (user, password) of an HTTP Basic ``Authorization`` header, if it is one."""
    header = header or ""
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ("", "")
    user, _, password = decoded.partition(":")
    return urllib.parse.unquote(user), urllib.parse.unquote(password)


def _form(body: bytes) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _json_object(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    value = json.loads(body)
    return value if isinstance(value, dict) else {}


class Headers(Protocol):
    """What the router reads from request headers: a case-insensitive ``get``."""

    def get(self, name: str, /) -> str | None: ...


def route_identity(
    state: IdentityState,
    method: str,
    target: str,
    headers: Headers,
    body: bytes,
    *,
    resources: bool = True,
) -> Reply | None:
    """Answer one identity request (``target`` is the path with its query string; ``headers``
    looked up case-insensitively by the caller's mapping), or None when the path is not one of
    the identity server's. ``resources=False`` leaves ``/api.xro/2.0/Organisation`` to the caller
    (the local Xero answers it from its organisations)."""
    parts = urllib.parse.urlsplit(target)
    path = parts.path.rstrip("/") or "/"
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    if path.startswith("/_admin/"):
        return _admin(state, method, path[len("/_admin/") :], body)
    fault = state.fault_for(method, path)
    if fault is not None and fault.status is not None:
        return fault.answer()
    reply = _route(state, method, path, query, headers, body, resources=resources)
    if fault is not None and reply is not None:
        return dataclasses.replace(reply, lost=True)
    return reply


def _route(
    state: IdentityState,
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Headers,
    body: bytes,
    *,
    resources: bool,
) -> Reply | None:
    lower = path.lower()
    if method == "GET" and path == "/identity/connect/authorize":
        return state.authorize(query)
    if method == "POST" and path == "/connect/token":
        return state.token(_form(body), _basic(headers.get("Authorization")))
    if method == "POST" and path == "/connect/revocation":
        return state.revoke(_form(body), _basic(headers.get("Authorization")))
    if lower == "/connections" and method == "GET":
        return state.list_connections(headers.get("Authorization"), query.get("authEventId"))
    if lower.startswith("/connections/") and method == "DELETE":
        return state.delete_connection(
            headers.get("Authorization"), urllib.parse.unquote(path.split("/", 2)[2])
        )
    if resources and method == "GET" and lower == "/api.xro/2.0/organisation":
        return state.organisation(headers.get("Authorization"), headers.get("xero-tenant-id"))
    return None


def _admin(state: IdentityState, method: str, name: str, body: bytes) -> Reply:
    if method == "GET" and name == "health":
        return Reply(200, {"ok": True, "url": state.base_url})
    if method == "GET" and name == "stats":
        return state.snapshot_stats()
    if method == "GET" and name == "config":
        return Reply(200, dataclasses.asdict(state.config))
    if method != "POST":
        return Reply(405, {"error": "method not allowed"})
    data = _json_object(body)
    if name == "reset":
        state.reset()
        return Reply(200, {"ok": True})
    if name == "config":
        return state.configure(data)
    if name == "clock":
        return state.clock(data)
    if name == "expire":
        return state.expire(data)
    if name == "clients":
        return state.add_client(data)
    if name == "faults":
        return state.add_fault(data)
    return Reply(404, {"error": "unknown admin endpoint"})


def reply_bytes(reply: Reply) -> tuple[bytes, dict[str, str]]:
    """The body and headers a reply is sent with (JSON bodies encoded, their type set)."""
    headers = dict(reply.headers)
    if reply.body is None:
        return b"", headers
    if isinstance(reply.body, bytes):
        return reply.body, headers
    headers.setdefault("Content-Type", "application/json; charset=utf-8")
    return json.dumps(reply.body).encode("utf-8"), headers


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # one buffered write per response (flushed by handle_one_request) and no Nagle delay:
    # otherwise keep-alive clients wait ~40 ms for delayed ACKs on every request
    wbufsize = -1
    disable_nagle_algorithm = True
    server: IdentityHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are logged by _send, without query strings (they carry codes/tokens)

    def _send(self, reply: Reply) -> None:
        if reply.lost:  # handled, but the answer never arrives: close without it
            self.close_connection = True
            self.connection.shutdown(2)
            return
        body, headers = reply_bytes(reply)
        self.send_response(reply.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        path = urllib.parse.urlsplit(self.path).path
        if not path.startswith("/_admin/"):
            self.server.state.log(f"{self.command} {path} -> {reply.status}")

    def _handle(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            reply = route_identity(self.server.state, self.command, self.path, self.headers, body)
            if reply is None:
                reply = Reply(404, {"error": "not_found", "path": urllib.parse.urlsplit(self.path).path})
        except Exception as exc:  # keep serving; report the bug to the caller and the log
            self.server.state.log(
                f"ERROR {self.command} {self.path.split('?')[0]}: {type(exc).__name__}: {exc}"
            )
            reply = Reply(
                HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "server_error", "detail": type(exc).__name__}
            )
        self._send(reply)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()
