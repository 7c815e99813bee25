"""Keeping secrets out of logs, reprs and exception messages."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

MASK = "***"
#: Shorter values are not redacted (they would mask unrelated text such as "1" or "ok").
_MIN_SECRET_LEN = 6
_MAX_TEXT = 500


def fingerprint(secret: str | None) -> str:
    """A short, non-reversible tag for a secret, for correlating log lines (never the value)."""
    if not secret:
        return "-"
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:8]


def redact(text: str, secrets: Iterable[str | None], *, limit: int = _MAX_TEXT) -> str:
    """Replace every occurrence of each secret in ``text`` by ``***`` and cap its length: as
    is, URL-encoded (a form body echoed back) and base64-encoded (see ``secret_forms``)."""
    from xero_sdk._runtime.redact import secret_forms

    forms = {form for s in secrets if s and len(s) >= _MIN_SECRET_LEN for form in secret_forms(s)}
    for secret in sorted(forms, key=len, reverse=True):
        text = text.replace(secret, MASK)
    if len(text) > limit:
        text = text[:limit] + "..."
    return text
