"""``xero login``, ``logout``, ``whoami``, ``connections`` and ``use``."""

from __future__ import annotations

import base64
import json
import os
import sys
from typing import Any

import click

from . import _config
from ._errors import AUTH, USAGE, CLIError
from ._output import default_format, write
from ._scopes import DEFAULT_SCOPES, scopes_for_operations, scopes_from_names
from ._session import Session, resolve_tenant

pass_session = click.make_pass_decorator(Session)


@click.command()
@click.option("--client-id", envvar="XERO_CLIENT_ID", help="your Xero app's client id (env XERO_CLIENT_ID)")
@click.option(
    "--scope",
    "scope_names",
    multiple=True,
    metavar="SCOPE",
    help="a scope by name (accounting.invoices.read or ACCOUNTING_INVOICES_READ); repeatable",
)
@click.option(
    "--for",
    "operations",
    multiple=True,
    metavar="OPERATION",
    help="ask for the scopes this operation needs (accounting.get-invoices, get-invoices or "
    "getInvoices); repeatable",
)
@click.option(
    "--broad", is_flag=True, help="ask for broad scopes (accounting.transactions) instead of granular ones"
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=_config.DEFAULT_PORT,
    show_default=True,
    help="the loopback port of the redirect URI http://localhost:PORT/callback registered with your app",
)
@click.option("--no-browser", is_flag=True, help="print the sign-in URL instead of opening a browser")
@click.option(
    "--client-credentials",
    is_flag=True,
    help="a Custom Connection: get a token with the client-credentials grant (no browser; the "
    "secret comes from XERO_CLIENT_SECRET, also on every later command)",
)
@click.option("--timeout", type=float, default=300.0, show_default=True, help="seconds to wait for sign-in")
@pass_session
def login(
    session: Session,
    client_id: str | None,
    scope_names: tuple[str, ...],
    operations: tuple[str, ...],
    broad: bool,
    port: int,
    no_browser: bool,
    client_credentials: bool,
    timeout: float,
) -> None:
    """Sign in with your browser and keep the token for later commands.

    Opens Xero's consent page (OAuth2 authorization code with PKCE: no client secret needed) and
    waits for the redirect on http://localhost:PORT/callback, which must be registered with your
    app. Without --scope or --for it asks for read access to the usual Accounting data. The
    token is kept in the system keychain when there is one, else in a 0600 file in the config
    directory; refreshes are saved back there.
    """
    from xero_sdk.auth import run_loopback_flow

    chosen = list(scopes_from_names(scope_names)) + list(
        scopes_for_operations(operations, granular=not broad)
    )
    if client_credentials:
        _login_custom_connection(session, client_id, chosen)
        return
    scopes = _with_identity(chosen or list(DEFAULT_SCOPES))
    redirect_uri = f"http://localhost:{port}/callback"
    app = session.app(client_id, redirect_uri=redirect_uri, scopes=scopes)

    def show(url: str) -> None:
        click.echo(f"Sign in to Xero at:\n{url}", err=True)
        if not no_browser:
            import webbrowser

            webbrowser.open(url)

    token = run_loopback_flow(app, open_browser=show, timeout=timeout)
    store = session.store()
    store.save(token)
    profile = session.profile
    profile.client_id = app.client_id
    profile.redirect_uri = redirect_uri
    profile.scopes = list(token.scopes or scopes)
    connections = session.client().connections()
    if connections and profile.tenant_id not in {str(c.tenant_id) for c in connections}:
        profile.tenant_id, profile.tenant_name = str(connections[0].tenant_id), connections[0].tenant_name
    _config.save(profile)
    from ._tokens import store_description

    click.echo(f"Logged in (profile {profile.name}); token kept in {store_description(store)}.", err=True)
    for c in connections:
        mark = "*" if str(c.tenant_id) == profile.tenant_id else " "
        click.echo(f" {mark} {c.tenant_name} ({c.tenant_id})", err=True)
    if profile.tenant_id:
        click.echo(f"Using {profile.tenant_name}; change with `xero use <name or id>`.", err=True)


def _login_custom_connection(session: Session, client_id: str | None, scopes: list[str]) -> None:
    """A Custom Connection's token: one organisation, no consent page, no refresh token."""
    from ._tokens import store_description

    if not os.environ.get("XERO_CLIENT_SECRET"):
        raise CLIError("--client-credentials needs the app's secret in XERO_CLIENT_SECRET", AUTH)
    app = session.app(client_id, scopes=scopes)
    token = app.client_credentials(scopes or None)
    store = session.store()
    store.save(token)
    profile = session.profile
    profile.client_id = app.client_id
    profile.scopes = list(token.scopes or scopes)
    profile.client_credentials = True
    profile.tenant_id = profile.tenant_name = None
    _config.save(profile)
    click.echo(
        f"Logged in as a Custom Connection (profile {profile.name}); token kept in {store_description(store)}.",
        err=True,
    )


def _with_identity(scopes: list[str]) -> list[str]:
    from xero_sdk.auth import scopes as s

    base = [s.OFFLINE_ACCESS, s.OPENID, s.PROFILE, s.EMAIL]
    return base + [x for x in scopes if x not in base]


@click.command()
@pass_session
def logout(session: Session) -> None:
    """Revoke the profile's token at Xero and remove it from this machine."""
    store = session.store()
    token = store.load()
    if token is None:
        click.echo(f"profile {session.profile_name!r} is not logged in", err=True)
        return
    from xero_sdk.auth import OAuthError

    try:
        session.app().revoke(token)
        revoked = True
    except OAuthError as exc:
        revoked = False
        click.echo(
            f"warning: Xero did not confirm the revocation ({exc}); the token is forgotten here", err=True
        )
    store.clear()
    profile = session.profile
    profile.tenant_id = profile.tenant_name = None
    _config.save(profile)
    click.echo(f"Logged out of profile {profile.name}{' (token revoked)' if revoked else ''}.", err=True)


def _claims(id_token: str | None) -> dict[str, Any]:
    """The id token's claims, read without verification: shown to the user, never trusted."""
    if not id_token or id_token.count(".") != 2:
        return {}
    payload = id_token.split(".")[1]
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@click.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "table"]), help="output format")
@pass_session
def whoami(session: Session, fmt: str | None) -> None:
    """Show the profile, the signed-in user, the token's scopes and expiry, and the tenant."""
    from ._tokens import store_description

    store = session.store()
    token = store.load()
    if token is None:
        raise CLIError(f"profile {session.profile_name!r} is not logged in: run `xero login`", AUTH)
    claims = _claims(token.id_token)
    profile = session.profile
    info = {
        "profile": profile.name,
        "client_id": profile.client_id,
        "user": claims.get("name")
        or " ".join(x for x in (claims.get("given_name"), claims.get("family_name")) if x)
        or None,
        "email": claims.get("email"),
        "xero_userid": claims.get("xero_userid") or claims.get("sub"),
        "scopes": " ".join(token.scopes),
        "access_token_expires_at": token.expires_at.isoformat(),
        "refreshable": token.can_refresh,
        "tenant_id": profile.tenant_id,
        "tenant_name": profile.tenant_name,
        "token_store": store_description(store),
    }
    fmt = fmt or ("table" if default_format() == "table" else "json")
    if fmt == "json":
        write(info, "json", sys.stdout)
    else:
        for key, value in info.items():
            click.echo(f"{key:>24}: {'' if value is None else value}")


@click.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "table"]))
@pass_session
def connections(session: Session, fmt: str | None) -> None:
    """List the tenants (organisations and practices) this login can call."""
    rows = [
        {
            "tenantId": str(c.tenant_id),
            "tenantName": c.tenant_name,
            "tenantType": c.tenant_type,
            "current": str(c.tenant_id) == session.profile.tenant_id,
            "id": c.id,
        }
        for c in session.client().connections()
    ]
    write(rows, fmt or default_format(), sys.stdout, title="Connections")


@click.command()
@click.argument("tenant")
@pass_session
def use(session: Session, tenant: str) -> None:
    """Make TENANT (a name, a unique name prefix, or a tenant id) the profile's tenant."""
    if not tenant.strip():
        raise CLIError("give a tenant name or id", USAGE)
    tenant_id, name = resolve_tenant(session, tenant)
    profile = session.profile
    profile.tenant_id, profile.tenant_name = tenant_id, name
    _config.save(profile)
    click.echo(f"Using {name or tenant_id} ({tenant_id}) for profile {profile.name}.", err=True)
