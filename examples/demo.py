"""``make demo``: the quickstart against a local Xero, no account needed.

Starts the local identity server (``tests/identity_server``: PKCE, rotating refresh tokens,
``/connections``) and Prism serving Xero's Accounting document (``tests/mockserver``), points
the SDK at them through ``XERO_IDENTITY_URL`` and ``XERO_ACCOUNTING_URL``, and runs
``examples/quickstart.py`` with consent automated (the "browser" follows the identity server's
redirect to the quickstart's loopback port). Both servers are stopped at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from examples import quickstart  # noqa: E402
from tests.identity_server import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, start_identity_server  # noqa: E402
from tests.mockserver.prism import PrismFleet, free_port  # noqa: E402


def approve_in_browser(url: str) -> None:
    """What a user's browser does: open the consent page, approve, follow the redirect home."""
    print(f"   (browser) {url.split('?')[0]} -> approve")
    threading.Thread(
        target=httpx.get, args=(url,), kwargs={"follow_redirects": True, "timeout": 30}, daemon=True
    ).start()


def main() -> int:
    started = time.monotonic()
    redirect_uri = f"http://localhost:{free_port()}/callback"
    print("Starting a local Xero: the identity server and Prism (Accounting takes ~30 s to load)...")
    with (
        PrismFleet(["accounting"]) as prism,
        start_identity_server("--redirect-uri", redirect_uri) as identity,
    ):
        os.environ["XERO_IDENTITY_URL"] = identity.url
        os.environ["XERO_ACCOUNTING_URL"] = prism.url("accounting")
        print(f"   identity server  {identity.url}")
        print(f"   Xero Accounting  {os.environ['XERO_ACCOUNTING_URL']} (Prism)")
        print("   (Prism answers with the examples in Xero's document, so the data shown is canned:")
        print("    a filter or a new invoice does not change what comes back; every request is")
        print("    validated against the document)")
        with tempfile.TemporaryDirectory(prefix="xero-demo-") as tmp:
            quickstart.run(
                client_id=DEFAULT_CLIENT_ID,
                client_secret=DEFAULT_CLIENT_SECRET,
                redirect_uri=redirect_uri,
                token_file=Path(tmp) / "xero-token.json",
                open_browser=approve_in_browser,
            )
    print(f"(demo finished in {time.monotonic() - started:.0f} s; local servers stopped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
