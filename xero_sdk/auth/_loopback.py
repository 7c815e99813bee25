"""The desktop / command-line flow: consent in the browser, the callback on a loopback port.

Register ``http://localhost:<port>/callback`` (any free port you choose, any path) as a redirect
URI of your Xero app, then::

    app = OAuth2App(client_id, redirect_uri="http://localhost:8765/callback",
                    scopes=[scopes.OFFLINE_ACCESS, scopes.ACCOUNTING_INVOICES])
    token = run_loopback_flow(app)          # opens the browser, waits for the callback
    FileTokenStore("xero-token.json").save(token)

PKCE (S256) and a fresh ``state`` protect the exchange, so a PKCE app needs no client secret.
Only the one expected callback is accepted; the listener binds the loopback interface only and
stops after it (or after ``timeout`` seconds). Each connection is served in its own thread with a
short socket timeout, so an idle connection (a browser's pre-connect) blocks neither the callback
nor the timeout.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

from xero_sdk.errors import OAuthError

from ._app import OAuth2App
from ._token import Token

__all__ = ["run_loopback_flow"]

#: Seconds a callback connection may stay idle before it is dropped.
_CONNECTION_TIMEOUT = 10.0

_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>xero-sdk</title>"
    b"<p>Signed in to Xero. You can close this window and return to the application.</p>"
)


def _listen_address(redirect_uri: str) -> tuple[str, int, str]:
    parts = urllib.parse.urlsplit(redirect_uri)
    if parts.scheme != "http" or parts.hostname not in ("localhost", "127.0.0.1", "::1") or not parts.port:
        raise ValueError(
            "run_loopback_flow needs a redirect_uri like http://localhost:8765/callback "
            f"(http, a loopback host and an explicit port); got {redirect_uri!r}"
        )
    host = "::1" if parts.hostname == "::1" else "127.0.0.1"
    return host, parts.port, parts.path or "/"


def run_loopback_flow(
    app: OAuth2App,
    *,
    open_browser: Callable[[str], Any] | None = None,
    timeout: float = 300.0,
    scopes: list[str] | None = None,
) -> Token:
    """Send the user to Xero's consent page and return the token from the loopback callback.

    ``open_browser`` receives the authorization URL (default: :func:`webbrowser.open`; pass
    ``print`` on a machine without a browser and open the URL elsewhere on the same host).
    """
    # a web app never runs this flow: its imports load here, not with xero_sdk.auth
    import webbrowser
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    if app.redirect_uri is None:
        raise ValueError("run_loopback_flow needs the app's redirect_uri")
    host, port, path = _listen_address(app.redirect_uri)
    netloc = urllib.parse.urlsplit(app.redirect_uri).netloc
    request = app.authorization_request(scopes=scopes)
    received: dict[str, str] = {}
    done = threading.Event()
    first = threading.Lock()

    class Callback(BaseHTTPRequestHandler):
        timeout = _CONNECTION_TIMEOUT

        def do_GET(self) -> None:
            target = urllib.parse.urlsplit(self.path)
            if target.path != path or not first.acquire(blocking=False):
                self.send_error(404)
                return
            received["url"] = urllib.parse.urlunsplit(("http", netloc, target.path, target.query, ""))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(_PAGE)))
            self.end_headers()
            self.wfile.write(_PAGE)
            done.set()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer((host, port), Callback)
    server.daemon_threads = True
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    serving.start()
    try:
        (open_browser or webbrowser.open)(request.url)
        done.wait(timeout)
    finally:
        server.shutdown()
        server.server_close()
        serving.join()
    if "url" not in received:
        raise OAuthError(f"no callback on {app.redirect_uri} within {timeout:.0f} s")
    return app.exchange_code(received["url"], state=request.state, code_verifier=request.code_verifier)
