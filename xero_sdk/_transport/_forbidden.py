"""What a 403 means: the scopes the operation needs that the token lacks, or Xero's Advanced tier.

Xero's access tokens are JWTs whose ``scope`` claim lists what the user granted; the payload is
read (never verified, never logged) only to say which of the operation's scopes are missing.
From 2 March 2026 the Journals endpoints answer 403 to apps below the Advanced tier
(https://developer.xero.com/pricing; accountingtoday.com "Xero shifts to tiered pricing"): such
a 403 while the token carries the journals scope raises :class:`AdvancedTierRequiredError`.
"""

from __future__ import annotations

import base64
import json

from xero_sdk.errors import AdvancedTierRequiredError, APIError, PermissionDeniedError

#: (API, operationId) of the operations only apps on Xero's Advanced tier may call.
ADVANCED_ONLY: frozenset[tuple[str, str]] = frozenset(
    {("accounting", "getJournals"), ("accounting", "getJournal"), ("accounting", "getJournalByNumber")}
)


def granted_scopes(authorization: str | None) -> tuple[str, ...] | None:
    """The ``scope`` claim of a ``Bearer <JWT>`` header, or ``None`` when it carries none."""
    if not authorization or not authorization[:7].lower() == "bearer ":
        return None
    parts = authorization[7:].strip().split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    claim = payload.get("scope") if isinstance(payload, dict) else None
    if isinstance(claim, str):
        return tuple(claim.split())
    if isinstance(claim, list) and all(isinstance(c, str) for c in claim):
        return tuple(claim)
    return None


def explain_forbidden(error: APIError, api: str, operation_id: str, authorization: str | None) -> APIError:
    """``error`` (a 403) with the scopes named, or as an :class:`AdvancedTierRequiredError`."""
    if not isinstance(error, PermissionDeniedError):
        return error
    from xero_sdk.auth._operation_scopes import allowing

    try:
        required = allowing(f"{api}.{operation_id}")
    except ValueError:
        required = ()
    granted = granted_scopes(authorization)
    missing = required if granted is not None and required and not set(required) & set(granted) else ()
    text = str(error)
    if missing:
        text += f"\n  the access token lacks the scopes this operation needs: one of {', '.join(missing)}"
    elif required:
        text += f"\n  scopes that allow this operation (any one): {', '.join(required)}"
    cls: type[PermissionDeniedError] = type(error)
    if (api, operation_id) in ADVANCED_ONLY and not missing:
        cls = AdvancedTierRequiredError
        text += "\n  Xero keeps this endpoint for apps on its Advanced tier (from 2 March 2026)"
    rebuilt = cls.__new__(cls)
    rebuilt.__dict__.update(error.__dict__)
    Exception.__init__(rebuilt, text)
    rebuilt.required_scopes = required
    rebuilt.granted_scopes = granted
    rebuilt.missing_scopes = missing
    return rebuilt
