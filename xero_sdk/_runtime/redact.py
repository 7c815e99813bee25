"""Keep secrets out of logs, ``repr()``, ``str()`` and errors: the one place the SDK redacts,
for API calls and identity calls (token, revocation, connections) alike.

- :func:`redact_headers`, :func:`redact_params`, :func:`redact_url`: what the log lines and
  errors show of a request.
- :func:`scrub_text`, :func:`scrub_json`: text a server echoed back, with every form of the
  secrets sent (as is, URL-encoded, base64) and anything shaped like a credential replaced.
- :func:`redact`: :func:`scrub_text` for messages, capped in length.
- :data:`MASK` and :func:`fingerprint`: what a ``repr`` shows for a secret field, and a short
  non-reversible tag for correlating log lines about one token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

REDACTED = "[REDACTED]"
#: What a ``repr`` shows in place of a secret field (``Token(access_token=***, ...)``).
MASK = "***"

#: Header names (lower case) whose values are never shown.
SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-xero-signature", "www-authenticate"}
)
#: Query and form field names (lower case) whose values are never shown.
SENSITIVE_PARAMS = frozenset(
    {
        "code",
        "code_verifier",
        "refresh_token",
        "access_token",
        "id_token",
        "token",
        "client_secret",
        "client_assertion",
        "assertion",
        "password",
        "secret",
    }
)


def redact_headers(headers: Iterable[tuple[str, str]] | Mapping[str, str]) -> dict[str, str]:
    """A plain dict copy of ``headers`` with sensitive values replaced."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {k: (REDACTED if k.lower() in SENSITIVE_HEADERS else v) for k, v in items}


def redact_params(params: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, REDACTED if k.lower() in SENSITIVE_PARAMS else v) for k, v in params]


def redact_url(url: str) -> str:
    """``url`` with sensitive query values replaced and any user-info removed."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() in SENSITIVE_PARAMS for k, _ in pairs):
            query = urlencode(redact_params(pairs), safe="[]")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


#: Anything shaped like a credential in text a server echoes back (a gateway's error page
#: listing the request headers): ``Bearer <token>`` / ``Basic <credentials>`` and JWTs (Xero's
#: access tokens are JWTs).
_CREDENTIAL_SHAPES = re.compile(
    r"(?i)\b(bearer|basic)(\s+|%20|\+)[A-Za-z0-9\-._~+/%]{16,}=*"
    r"|\beyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*"
)
#: Secrets shorter than this are not searched for (they would mask unrelated text).
_MIN_SECRET = 6


def _credential(match: re.Match[str]) -> str:
    scheme = match.group(1)
    return f"{scheme} {REDACTED}" if scheme else REDACTED


def secret_forms(secret: str) -> set[str]:
    """The ways a secret shows up in echoed text: as is, URL-encoded (``%2B``/``+`` forms),
    base64 and base64url encoded, and inside a base64-encoded ``Bearer`` header value."""
    import base64  # only when an answer is scrubbed: importing this module stays cheap

    forms = {secret, quote(secret, safe=""), quote(secret, safe="/"), quote_plus(secret)}
    for data in (secret, f"Bearer {secret}"):
        raw = data.encode("utf-8", "surrogatepass")
        forms.add(base64.b64encode(raw).decode("ascii"))
        forms.add(base64.urlsafe_b64encode(raw).decode("ascii").rstrip("="))
    return {f for f in forms if len(f) >= _MIN_SECRET}


def scrub_text(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every form of each secret and every credential-shaped string replaced."""
    forms: set[str] = set()
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET:
            forms |= secret_forms(secret)
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    return _CREDENTIAL_SHAPES.sub(_credential, text)


def scrub_json(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A decoded JSON value with :func:`scrub_text` applied to every string (keys included)."""
    found = tuple(secrets)
    if isinstance(value, str):
        return scrub_text(value, found)
    if isinstance(value, dict):
        return {
            scrub_text(k, found) if isinstance(k, str) else k: scrub_json(v, found) for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub_json(v, found) for v in value]
    return value


_MAX_TEXT = 500


def redact(text: str, secrets: Iterable[str | None], *, limit: int = _MAX_TEXT) -> str:
    """:func:`scrub_text` for a message: ``text`` without any form of ``secrets`` nor anything
    shaped like a credential, cut to ``limit`` characters."""
    text = scrub_text(text, [s for s in secrets if s])
    if len(text) > limit:
        text = text[:limit] + "..."
    return text


def fingerprint(secret: str | None) -> str:
    """A short, non-reversible tag for a secret, for correlating log lines (never the value)."""
    if not secret:
        return "-"
    import hashlib  # loads OpenSSL: only when a token is tagged in a log line

    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:8]
