"""Receive Xero webhooks with nothing but the standard library's WSGI server.

Run it::

    export XERO_WEBHOOK_KEY=...   # the key on your app's "Webhooks" page at developer.xero.com
    python examples/webhook_receiver_wsgi.py --port 8080

then give Xero the public HTTPS URL that reaches it. Xero only delivers to HTTPS on port
443, so put a TLS-terminating reverse proxy (or, while developing, a tunnel) in front; this
process listens on 127.0.0.1 unless ``--host`` says otherwise. When you save the URL, Xero
sends "intent to receive" requests: the app answers 200 to the correctly signed ones and 401
to the others, which is what turns the webhook on.

The same ``app`` object runs under any WSGI server (gunicorn, uWSGI, mod_wsgi, waitress)::

    gunicorn --chdir examples 'webhook_receiver_wsgi:make_app_from_env()'
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer, make_server

from xero_sdk.webhooks import (
    CreditNoteWebhookEventEventsItem,
    WebhookPayload,
    WebhookWSGIApp,
    wsgi_app,
)

log = logging.getLogger("webhook_receiver")

KEY_VARIABLE = "XERO_WEBHOOK_KEY"


def log_events(payload: WebhookPayload) -> None:
    """The work to do per delivery. Here: log it. In real life: fetch each changed record.

    This runs after Xero has been answered (``respond_first=True``), on the server thread
    that handled the request. Webhooks say *what* changed, not how: fetch the record with
    the API client, e.g. ``org.accounting.get_invoice(event.resource_id)`` for an INVOICE
    event, and make the processing idempotent (Xero may deliver an event twice).
    """
    for event in payload.events:
        detail = ""
        if isinstance(event, CreditNoteWebhookEventEventsItem) and event.data is not None:
            detail = f" ({event.data.type_} {event.data.status})"
        log.info(
            "%s %s %s in tenant %s at %s%s",
            event.event_category,
            event.event_type,
            event.resource_id,
            event.tenant_id,
            event.event_date_utc.isoformat() if event.event_date_utc else "?",
            detail,
        )


def make_app(webhook_key: str, on_events: Callable[[WebhookPayload], object] = log_events) -> WebhookWSGIApp:
    """The WSGI application: 200 to correctly signed POSTs, 401 to the rest, empty bodies."""
    return wsgi_app(on_events, webhook_key)


def make_app_from_env() -> WebhookWSGIApp:
    """The application with the key from ``XERO_WEBHOOK_KEY`` (for WSGI servers' factories)."""
    key = os.environ.get(KEY_VARIABLE, "")
    if not key:
        raise SystemExit(f"set {KEY_VARIABLE} to the webhook key of your Xero app")
    return make_app(key)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """``wsgiref``'s server, one thread per request: a slow callback does not hold up the next."""

    daemon_threads = True


def make_receiver(app: WebhookWSGIApp, host: str = "127.0.0.1", port: int = 8080) -> WSGIServer:
    """A ``wsgiref`` server for ``app`` (port 0 picks a free port: see ``server_port``)."""
    return make_server(host, port, app, server_class=ThreadingWSGIServer)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Receive Xero webhooks (key from $XERO_WEBHOOK_KEY).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    args = parser.parse_args(argv)
    key = os.environ.get(KEY_VARIABLE, "")
    if not key:
        print(f"error: set {KEY_VARIABLE} to the webhook key of your Xero app", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    server = make_receiver(make_app(key), args.host, args.port)
    log.info("listening on http://%s:%d/ (Ctrl-C to stop)", args.host, server.server_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
