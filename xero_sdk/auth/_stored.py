"""How the shared stores (Redis, SQL) write a token: the JSON of ``Token.to_dict()``."""

from __future__ import annotations

import json
from typing import Any

from xero_sdk.errors import OAuthError, TokenStoreError

from ._token import Token

__all__ = ["decode_token", "encode_token"]


def encode_token(token: Token) -> str:
    if not isinstance(token, Token):
        raise TypeError(f"expected a Token, got {type(token).__name__}")
    return json.dumps(token.to_dict(), sort_keys=True)


def decode_token(raw: Any, store: object) -> Token | None:
    """The token in ``raw`` (``None``: none stored); a damaged value is a
    :class:`TokenStoreError` naming ``store`` (its repr holds no secret), never the value."""
    if raw is None:
        return None
    try:
        return Token.from_dict(json.loads(raw))
    except (ValueError, TypeError, OAuthError):
        raise TokenStoreError(f"{store!r}: the stored token is not a valid token") from None
