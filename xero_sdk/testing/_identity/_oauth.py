"""The OAuth2 endpoints: ``/identity/connect/authorize``, ``/connect/token`` (authorization code,
refresh token, client credentials) and ``/connect/revocation``."""

from __future__ import annotations

import hmac
import secrets
import time
import urllib.parse
import uuid
from collections.abc import Mapping

from ._core import StateCore
from ._records import (
    _CHALLENGE,
    _SCOPE_TOKEN,
    ClientRecord,
    Reply,
    _Code,
    _Grant,
    _oauth_error,
    _s256,
    fingerprint,
)


class OAuthEndpoints(StateCore):
    """The OAuth2 endpoints of :class:`~._state.IdentityState`."""

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
