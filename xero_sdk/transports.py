"""HTTP clients for ``AsyncXero`` beyond httpx's default: :func:`aiohttp_client`.

``AsyncXero(transport="aiohttp")`` builds one for you (with the SDK's timeouts, closed by
``aclose()``); call :func:`aiohttp_client` yourself to tune the connection pool or share the
client, and pass it as ``AsyncXero(http_client=...)`` (then you close it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = ["aiohttp_client"]

_INSTALL_HINT = "the aiohttp transport needs the 'aiohttp' extra: pip install 'xero-sdk[aiohttp]'"


def aiohttp_client(**options: Any) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` whose requests travel over aiohttp (``pip install 'xero-sdk[aiohttp]'``).

    Same API as any ``httpx.AsyncClient`` (timeouts, event hooks, ``follow_redirects``...);
    less CPU per request than httpx's own transport, which is what bounds throughput when many
    requests are in flight. ``limits``, ``verify``, ``cert``, ``trust_env`` and ``proxy`` configure
    the aiohttp connection pool; every other keyword goes to ``httpx.AsyncClient``. HTTP/1.1
    only; the write timeout is not applied (aiohttp has none). Connection, timeout and
    protocol errors are raised as the same ``httpx`` exceptions as on the default transport,
    so retries and the SDK's errors do not change.

    ::

        from xero_sdk.transports import aiohttp_client

        http = aiohttp_client(limits=httpx.Limits(max_connections=20), timeout=30.0)
        async with AsyncXero(app=app, token_store=store, http_client=http) as xero:
            ...
        await http.aclose()
    """
    try:
        from xero_sdk._aiohttp import new_client
    except ImportError as exc:  # aiohttp or httpx-aiohttp missing
        raise ImportError(_INSTALL_HINT) from exc
    return new_client(**options)
