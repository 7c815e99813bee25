"""``xero local``: run the local Xero from the testing kit (``xero_sdk.testing``) in the foreground."""

from __future__ import annotations

import importlib.util
import sys

import click

from ._errors import OTHER, CLIError


def testing_kit_available() -> bool:
    try:
        return importlib.util.find_spec("xero_sdk.testing") is not None
    except ImportError:
        return False


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("server_args", nargs=-1, type=click.UNPROCESSED)
def local(server_args: tuple[str, ...]) -> None:
    """Start a local, stateful Xero (``python -m xero_sdk.testing serve``) to try commands and the
    SDK against, without a Xero account; it prints the environment variables (XERO_API_URL,
    XERO_IDENTITY_URL, ...) that point the CLI and the SDK at it. Extra arguments go to the
    server. Ctrl-C stops it.
    """
    if not testing_kit_available():
        raise CLIError(
            "xero local is unavailable: the local Xero (xero_sdk.testing) is not installed "
            "in this environment (install xero-sdk with its 'testing' extra)",
            OTHER,
        )
    from xero_sdk.testing.__main__ import main as serve

    click.echo("starting the local Xero; export the variables it prints, then run xero commands", err=True)
    # In this process (not a child): a signal that stops ``xero local`` stops the server with it.
    try:
        code = serve(["serve", *server_args])
    except KeyboardInterrupt:
        return
    sys.exit(code)
