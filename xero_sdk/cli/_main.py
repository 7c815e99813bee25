"""The ``xero`` command: the root group, its global options, lazy subcommands, exit codes."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from . import _config
from ._errors import EXIT_CODES, INTERRUPTED, CLIError, fail

#: Built-in commands: name -> (module in xero_sdk.cli, attribute, one-line help). Loaded when used.
BUILTINS: dict[str, tuple[str, str, str]] = {
    "login": ("_auth", "login", "Sign in with your browser (OAuth2 PKCE on a loopback port)."),
    "logout": ("_auth", "logout", "Revoke the profile's token and forget it."),
    "whoami": ("_auth", "whoami", "Show the profile, the signed-in user, scopes and tenant."),
    "connections": ("_auth", "connections", "List the tenants (organisations) the login reaches."),
    "use": ("_auth", "use", "Choose the tenant later commands call, by name or id."),
    "export": ("_export", "export", "Export every record of an entity to CSV or JSON Lines."),
    "local": ("_local", "local", "Start a local Xero to try commands and the SDK against."),
    "webhooks": ("_webhooks", "webhooks", "Receive or check Xero webhook deliveries."),
    "completion": ("_completion", "completion", "Print the shell completion script (bash, zsh, fish)."),
}


def _exit_codes_epilog() -> str:
    return "\b\nExit codes:\n" + "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES)


class XeroGroup(click.Group):
    """Built-in commands and one group per API, each imported only when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from ._operations import api_keys, group_name

        return [*BUILTINS, *(group_name(a) for a in api_keys())]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in BUILTINS:
            module, attr, _ = BUILTINS[cmd_name]
            command: click.Command = getattr(importlib.import_module(f"xero_sdk.cli.{module}"), attr)
            return command
        from ._operations import ApiGroup, api_keys

        api = cmd_name.replace("-", "_")
        return ApiGroup(api) if api in api_keys() else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ._operations import api_keys, api_title, group_name

        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_, _, text) in BUILTINS.items()])
        with formatter.section("APIs (every operation as a command)"):
            formatter.write_dl([(group_name(a), api_title(a)) for a in api_keys()])

    def invoke(self, ctx: click.Context) -> Any:
        from xero_sdk.errors import XeroError

        try:
            return super().invoke(ctx)
        except CLIError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except XeroError as exc:
            fail(exc)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(INTERRUPTED)
        finally:
            session = ctx.obj
            if session is not None:
                session.close()


@click.group(
    cls=XeroGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    epilog=_exit_codes_epilog(),
)
@click.option(
    "--profile",
    envvar="XERO_PROFILE",
    default=_config.DEFAULT_PROFILE,
    show_default=True,
    help="which saved login to use (env XERO_PROFILE)",
)
@click.option("--tenant", help="tenant name or id for this command (env XERO_TENANT_ID)")
@click.option("--api-url", help="replace https://api.xero.com for every API (env XERO_API_URL)")
@click.option("--identity-url", help="the identity server (env XERO_IDENTITY_URL)")
@click.option("--max-retries", type=click.IntRange(0, 10), default=2, show_default=True)
@click.version_option(package_name="xero-sdk", prog_name="xero")
@click.pass_context
def cli(
    ctx: click.Context,
    profile: str,
    tenant: str | None,
    api_url: str | None,
    identity_url: str | None,
    max_retries: int,
) -> None:
    """Xero from the command line: sign in, call any operation of Xero's APIs, export data.

    \b
      xero login --client-id YOUR_CLIENT_ID
      xero accounting get-invoices --where 'Status=="AUTHORISED"' --order "Date DESC"
      xero export invoices --since 2026-01-01 --format csv --out invoices.csv
    """
    from ._session import Session

    ctx.obj = Session(
        profile_name=profile,
        tenant=tenant,
        api_url=api_url,
        identity_url=identity_url,
        max_retries=max_retries,
    )


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    cli.main(args=argv, prog_name="xero")
