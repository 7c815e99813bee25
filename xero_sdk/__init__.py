"""xero-sdk: a typed Python SDK for Xero's APIs, generated from Xero's OpenAPI documents.

Everything below is imported on first use, so ``from xero_sdk import Xero`` stays cheap::

    from xero_sdk import Xero, AsyncXero, OAuth2App, FileTokenStore, scopes, F, where
    from xero_sdk.accounting import Invoice, LineItem, Contact
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xero_sdk._runtime.lazy import lazy_module
from xero_sdk._transport._httpx_cli import defer_httpx_cli


def _join_halves(path: list[str]) -> list[str]:
    """The generated half of the package (``xero_sdk._generated`` and the per-API modules such as
    ``xero_sdk.accounting``) is written by ``make generate`` into ``generated/xero_sdk/``: an
    installed wheel merges the two folders, a checkout (whose ``generated/`` is on ``sys.path``)
    joins them here. What ``pkgutil.extend_path`` does, without importing ``pkgutil``."""
    import os
    import sys

    seen = {os.path.abspath(p) for p in path}
    for entry in sys.path:
        if not isinstance(entry, str):
            continue
        half = os.path.abspath(os.path.join(entry, __name__))
        if half not in seen and os.path.isdir(half):
            path.append(half)
            seen.add(half)
    return path


__path__ = _join_halves(list(__path__))

__version__ = "0.1.0"

if TYPE_CHECKING:
    from xero_sdk import attachments, batches, errors, reports, webhooks
    from xero_sdk._clients import AsyncXero, Xero
    from xero_sdk._runtime.operation import RequestOptions
    from xero_sdk._runtime.order import Order, order_by
    from xero_sdk._runtime.where import Expr, F, where
    from xero_sdk._transport._body import BodyLimits
    from xero_sdk._transport._egress import Egress, EgressMeter
    from xero_sdk._transport._limiter import RateLimiter
    from xero_sdk._transport._ratelimit import RateLimits
    from xero_sdk._transport._redis_limiter import RedisRateLimiter
    from xero_sdk._transport._retry import RetryPolicy
    from xero_sdk.auth import (
        AuthorizationRequest,
        Connection,
        FileTokenStore,
        MemoryTokenStore,
        OAuth2App,
        RedisTokenStore,
        SQLTokenStore,
        Token,
        TokenStore,
        run_loopback_flow,
        scopes,
    )

_EXPORTS = {
    "AsyncXero": "_clients",
    "AuthorizationRequest": "auth",
    "Connection": "auth",
    "Egress": "_transport._egress",
    "EgressMeter": "_transport._egress",
    "Expr": "_runtime.where",
    "F": "_runtime.where",
    "FileTokenStore": "auth",
    "MemoryTokenStore": "auth",
    "OAuth2App": "auth",
    "Order": "_runtime.order",
    "RateLimiter": "_transport._limiter",
    "RateLimits": "_transport._ratelimit",
    "BodyLimits": "_transport._body",
    "RedisRateLimiter": "_transport._redis_limiter",
    "RedisTokenStore": "auth",
    "SQLTokenStore": "auth",
    "RequestOptions": "_runtime.operation",
    "RetryPolicy": "_transport._retry",
    "Token": "auth",
    "TokenStore": "auth",
    "Xero": "_clients",
    "order_by": "_runtime.order",
    "where": "_runtime.where",
    "run_loopback_flow": "auth",
}
_SUBMODULES = {
    "attachments": "attachments",
    "batches": "batches",
    "errors": "errors",
    "reports": "reports",
    "scopes": "auth.scopes",
    "webhooks": "webhooks",
}

__all__ = [
    "AsyncXero",
    "AuthorizationRequest",
    "BodyLimits",
    "Connection",
    "Egress",
    "EgressMeter",
    "Expr",
    "F",
    "FileTokenStore",
    "MemoryTokenStore",
    "OAuth2App",
    "Order",
    "RateLimiter",
    "RateLimits",
    "RedisRateLimiter",
    "RedisTokenStore",
    "RequestOptions",
    "RetryPolicy",
    "SQLTokenStore",
    "Token",
    "TokenStore",
    "Xero",
    "__version__",
    "attachments",
    "batches",
    "errors",
    "order_by",
    "reports",
    "run_loopback_flow",
    "scopes",
    "webhooks",
    "where",
]

defer_httpx_cli()

if not TYPE_CHECKING:  # mypy sees the imports above, never a catch-all __getattr__
    __getattr__, __dir__ = lazy_module(__name__, _EXPORTS, submodules=_SUBMODULES)
