"""``python -m xero_sdk.testing._identity``: run the local Xero-like identity server (see the package
docstring for endpoints and options)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from ._records import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    DEFAULT_REDIRECT_URIS,
    ClientRecord,
    Config,
)
from ._server import IdentityHTTPServer
from ._state import IdentityState


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m xero_sdk.testing._identity", description=__doc__)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default)")
    p.add_argument("--access-token-ttl", type=float, default=1800.0, help="access token lifetime, s")
    p.add_argument("--refresh-token-ttl", type=float, default=60 * 86400.0, help="refresh token lifetime, s")
    p.add_argument("--code-ttl", type=float, default=300.0, help="authorization code lifetime, s")
    p.add_argument(
        "--refresh-grace",
        type=float,
        default=0.0,
        help="seconds a spent refresh token stays usable (Xero: 1800)",
    )
    p.add_argument("--token-latency", type=float, default=0.0, help="delay before token responses, s")
    p.add_argument(
        "--client",
        action="append",
        metavar="ID:SECRET",
        help="a confidential client (repeatable; replaces the built-in clients)",
    )
    p.add_argument(
        "--public-client",
        action="append",
        metavar="ID",
        help="a PKCE client without secret (repeatable; replaces the built-in clients)",
    )
    p.add_argument(
        "--redirect-uri",
        action="append",
        metavar="URI",
        help="a redirect URI the clients may use (repeatable; default: DEFAULT_REDIRECT_URIS)",
    )
    p.add_argument(
        "--no-require-tenant",
        action="store_true",
        help="accept resource calls without a xero-tenant-id header",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    uris = tuple(args.redirect_uri or DEFAULT_REDIRECT_URIS)
    clients: list[ClientRecord] = []
    for spec in args.client or []:
        client_id, sep, secret = spec.partition(":")
        if not client_id or not sep or not secret:
            print(f"--client must be ID:SECRET, got {spec!r}", file=sys.stderr)
            return 2
        clients.append(ClientRecord(client_id, secret, uris))
    for client_id in args.public_client or []:
        clients.append(ClientRecord(client_id, None, uris))
    if not clients:
        clients = [
            ClientRecord(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, uris),
            ClientRecord(DEFAULT_PUBLIC_CLIENT_ID, None, uris),
        ]
    config = Config(
        access_token_ttl=args.access_token_ttl,
        refresh_token_ttl=args.refresh_token_ttl,
        code_ttl=args.code_ttl,
        token_latency=args.token_latency,
        refresh_grace=args.refresh_grace,
        require_tenant=not args.no_require_tenant,
    )
    state = IdentityState(config=config, clients=clients)
    server = IdentityHTTPServer((args.host, args.port), state)

    def stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() blocks until serve_forever returns: call it from another thread
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"XERO_IDENTITY_URL={server.url}", flush=True)
    state.log(f"identity server listening on {server.url}")
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        state.log("identity server stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
