"""The TLS context of the clients the SDK builds, loaded on the first TLS handshake.

``httpx.Client()`` builds its ``ssl.SSLContext`` (parsing certifi's CA bundle, ~20-30 ms)
when the client is created, before anything knows whether a connection will use TLS. The SDK
gives the clients it builds a :class:`DeferredTLSContext` instead: the very context httpx would
build for ``verify=True`` (``httpx.create_ssl_context()``: ``SSL_CERT_FILE`` /
``SSL_CERT_DIR`` or certifi), built once, on the first handshake, so a cold start pays for it
only when it opens an ``https`` connection (always, against Xero; never against a local
server or mock).
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterable
from typing import Any


class DeferredTLSContext(ssl.SSLContext):
    """An ``ssl.SSLContext`` whose ``wrap_socket`` / ``wrap_bio`` (the calls httpcore and anyio
    make to open a TLS connection) use ``httpx.create_ssl_context()``, built on first use."""

    def __new__(cls) -> DeferredTLSContext:
        return super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)

    def __init__(self) -> None:
        self._build_lock = threading.Lock()
        self._built: ssl.SSLContext | None = None
        self._alpn: list[str] | None = None

    def set_alpn_protocols(self, alpn_protocols: Iterable[str]) -> None:
        protocols = list(alpn_protocols)
        super().set_alpn_protocols(protocols)
        self._alpn = protocols

    def built(self) -> ssl.SSLContext:
        """The real context (with the ALPN protocols last set here)."""
        with self._build_lock:
            if self._built is None:
                import httpx

                self._built = httpx.create_ssl_context()
            if self._alpn is not None:
                self._built.set_alpn_protocols(self._alpn)
            return self._built

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        return self.built().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        return self.built().wrap_bio(*args, **kwargs)
