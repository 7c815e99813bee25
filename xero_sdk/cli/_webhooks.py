"""``xero webhooks listen`` (a verifying receiver) and ``xero webhooks verify`` (one saved delivery)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ._errors import OTHER, USAGE, CLIError
from ._output import default_format, dumps

KEY_HELP = "the app's webhook key (env XERO_WEBHOOK_KEY)"


@click.group()
def webhooks() -> None:
    """Receive Xero's webhook deliveries on this machine, or check a saved one."""


def _event_line(event: Any) -> str:
    data = event.to_dict()
    return "  ".join(
        str(data.get(k, ""))
        for k in ("eventDateUtc", "eventCategory", "eventType", "tenantId", "resourceId", "resourceUrl")
    )


def print_events(payload: Any, fmt: str) -> None:
    """One line per event: JSON Lines when piped, aligned fields on a terminal."""
    for event in payload.events:
        line = dumps(event.to_dict()) if fmt == "jsonl" else _event_line(event)
        click.echo(line)
    sys.stdout.flush()


@webhooks.command()
@click.option("--key", envvar="XERO_WEBHOOK_KEY", required=True, help=KEY_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="the interface to listen on")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="0 picks a free port"
)
@click.option("--path", "url_path", default="/", show_default=True, help="the URL path Xero posts to")
@click.option("-f", "--format", "fmt", type=click.Choice(["jsonl", "text"]), help="event output")
def listen(key: str, host: str, port: int, url_path: str, fmt: str | None) -> None:
    """Receive deliveries: answer 200 to correctly signed ones (printing their typed events) and
    401 to the rest, as Xero requires (intent-to-receive included).

    Put a tunnel (ngrok, cloudflared) in front of it and register its URL with your app.
    """
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from xero_sdk.webhooks import wsgi_app

    fmt = fmt or ("text" if default_format() == "table" else "jsonl")
    application = wsgi_app(lambda payload: print_events(payload, fmt), key, respond_first=False)

    def routed(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO", "/") != url_path:
            start_response("404 Not Found", [("Content-Length", "0")])
            return [b""]
        return application(environ, start_response)

    class Quiet(WSGIRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if str(code) == "401":
                click.echo(f"{self.command} {self.path}: 401 (signature not valid)", err=True)
            elif str(code) != "200":
                click.echo(f"{self.command} {self.path}: {code}", err=True)

    server = make_server(host, port, routed, handler_class=Quiet)
    click.echo(f"listening on http://{host}:{server.server_port}{url_path} (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@webhooks.command()
@click.argument("body_file", type=click.File("rb"))
@click.option("--key", envvar="XERO_WEBHOOK_KEY", required=True, help=KEY_HELP)
@click.option("--signature", required=True, help="the x-xero-signature header's value")
@click.option("-f", "--format", "fmt", type=click.Choice(["jsonl", "text"]), help="event output")
def verify(body_file: Any, key: str, signature: str, fmt: str | None) -> None:
    """Check a saved delivery: BODY_FILE (the raw request body, - for stdin) against its
    signature. Prints the typed events and exits 0 when it is genuine, exits 1 when not."""
    from xero_sdk.webhooks import WebhookPayloadError, parse_payload, verify_signature

    raw = body_file.read()
    if not verify_signature(raw, signature, key):
        raise CLIError("the signature does not match this body and key", OTHER)
    try:
        payload = parse_payload(raw)
    except WebhookPayloadError as exc:
        raise CLIError(f"signed, but not a webhook payload: {exc}", USAGE) from None
    click.echo(f"signature valid: {len(payload.events)} events", err=True)
    print_events(payload, fmt or ("text" if default_format() == "table" else "jsonl"))
