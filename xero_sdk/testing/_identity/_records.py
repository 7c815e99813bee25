"""What the identity server keeps and answers with: the built-in clients and tenants, its
settings (:class:`Config`), its records (clients, grants, codes, tokens, connections), the
faults a test can inject, and its replies."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import re

from .._controls import Fault
from .._http import Answer, problem

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


def _b64url(data: bytes) -> str:
    """Base64url without padding (PKCE challenges, JWT parts)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _s256(verifier: str) -> str:
    return _b64url(hashlib.sha256(verifier.encode("ascii", "replace")).digest())


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
