"""``python -m xero_sdk.testing serve [--host H] [--port N] [--data FILE] ...``: the local Xero as
an HTTP server. It prints the ``XERO_*`` environment lines the SDK reads, one per line, then
serves until SIGTERM/SIGINT (see :mod:`xero_sdk.testing._server` for the control endpoints)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from ._controls import RateLimits
from ._identity import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    DEFAULT_REDIRECT_URIS,
    ClientRecord,
)
from ._local import LocalXero
from ._server import LocalXeroServer, SQLiteBooks


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m xero_sdk.testing", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the local Xero server")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    serve.add_argument(
        "--data", metavar="FILE", help="keep the books in this SQLite file (default: in memory)"
    )
    serve.add_argument("--country", default="NZ", help="tax rules of the seeded companies (NZ, AU, UK, US)")
    serve.add_argument(
        "--redirect-uri",
        action="append",
        metavar="URI",
        help="a redirect URI the built-in clients may use (repeatable)",
    )
    serve.add_argument(
        "--strict", action="store_true", help="answer 500 to a request that breaks Xero's document"
    )
    serve.add_argument(
        "--rate-limits", action="store_true", help="apply Xero's rate limits (5 in flight, 60/min, 5000/day)"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    uris = tuple(args.redirect_uri or DEFAULT_REDIRECT_URIS)
    clients = [
        ClientRecord(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, uris),
        ClientRecord(DEFAULT_PUBLIC_CLIENT_ID, None, uris),
    ]
    local = LocalXero(
        country=args.country,
        strict=args.strict,
        clients=clients,
        rate_limits=RateLimits() if args.rate_limits else None,
    )
    books = SQLiteBooks(args.data) if args.data else None
    server = LocalXeroServer((args.host, args.port), local, books)

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    token = local.access_token()["access_token"]
    for line in (
        f"XERO_API_URL={server.url}",
        f"XERO_IDENTITY_URL={server.url}",
        f"XERO_CLIENT_ID={DEFAULT_CLIENT_ID}",
        f"XERO_CLIENT_SECRET={DEFAULT_CLIENT_SECRET}",
        f"XERO_TENANT_ID={local.tenant_id}",
        f"XERO_ACCESS_TOKEN={token}",
    ):
        print(line)
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        if books is not None:
            books.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
