"""Keep secrets out of logs, ``repr()``, ``str()`` and errors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[REDACTED]"

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
