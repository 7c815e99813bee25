"""``make demo``: the quickstart against a local Xero that keeps state, no account and no node.

Starts the local Xero server (``python -m xero_sdk.testing serve``: Xero's identity endpoints
with PKCE and rotating refresh tokens, ``/connections``, and the Accounting API computing totals,
tax, payments, journals and reports for seeded demo companies), points the SDK at it through
``XERO_IDENTITY_URL`` and ``XERO_API_URL``, subscribes a loopback webhook receiver (the local
Xero checks intent-to-receive, then posts signed events), and runs ``examples/quickstart.py``
with consent automated (the "browser" follows the redirect to the quickstart's loopback port).
Everything it shows was computed: the invoice's tax and total, the contacts the where filter
selected, the payment that made the invoice PAID, the trial balance, the webhook that arrived.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from examples import quickstart  # noqa: E402
from xero_sdk.testing._identity import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET  # noqa: E402
from xero_sdk.webhooks import verify_signature  # noqa: E402

WEBHOOK_KEY = "demo-webhook-signing-key"


def approve_in_browser(url: str) -> None:
    """What a user's browser does: open the consent page, approve, follow the redirect home."""
    print(f"   (browser) {url.split('?')[0]} -> approve")
    threading.Thread(
        target=httpx.get, args=(url,), kwargs={"follow_redirects": True, "timeout": 30}, daemon=True
    ).start()


class WebhookReceiver(ThreadingHTTPServer):
    """A loopback endpoint answering as Xero requires: 200 for a valid signature, 401 otherwise."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Receive)
        self.events: list[dict[str, Any]] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}/webhooks"


class _Receive(BaseHTTPRequestHandler):
    server: WebhookReceiver

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        valid = verify_signature(body, self.headers.get("x-xero-signature", ""), WEBHOOK_KEY)
        if valid:
            self.server.events.extend(json.loads(body)["events"])
        self.send_response(200 if valid else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()


def start_local_xero(redirect_uri: str) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "xero_sdk.testing", "serve", "--rate-limits", "--redirect-uri", redirect_uri],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    env: dict[str, str] = {}
    while "XERO_ACCESS_TOKEN" not in env:
        line = process.stdout.readline().decode().strip()
        if not line:
            raise SystemExit("the local Xero did not start")
        name, _, value = line.partition("=")
        env[name] = value
    return process, env


def main() -> int:
    from tests.mockserver.prism import free_port

    started = time.monotonic()
    redirect_uri = f"http://localhost:{free_port()}/callback"
    print("Starting the local Xero (python -m xero_sdk.testing serve) and a webhook receiver...")
    process, env = start_local_xero(redirect_uri)
    receiver = WebhookReceiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        url = env["XERO_API_URL"]
        os.environ["XERO_IDENTITY_URL"] = env["XERO_IDENTITY_URL"]
        os.environ["XERO_API_URL"] = url
        os.environ.pop("XERO_ACCOUNTING_URL", None)
        print(f"   local Xero        {url} (identity and Accounting, with state)")
        hook = httpx.post(f"{url}/_local/webhooks", json={"url": receiver.url, "key": WEBHOOK_KEY}).json()
        print(
            f"   webhooks          {receiver.url} (intent to receive {'passed' if hook['active'] else 'FAILED'})"
        )
        with tempfile.TemporaryDirectory(prefix="xero-demo-") as tmp:
            quickstart.run(
                client_id=DEFAULT_CLIENT_ID,
                client_secret=DEFAULT_CLIENT_SECRET,
                redirect_uri=redirect_uri,
                token_file=Path(tmp) / "xero-token.json",
                open_browser=approve_in_browser,
            )
        print("\nWebhooks received (each signature checked with the signing key)")
        for event in receiver.events:
            print(f"   {event['eventCategory']:<8} {event['eventType']:<7} {event['resourceUrl']}")
    finally:
        receiver.shutdown()
        receiver.server_close()
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    print(f"(demo finished in {time.monotonic() - started:.1f} s; the local Xero stopped)")
    return 0 if receiver.events else 1


if __name__ == "__main__":
    sys.exit(main())
