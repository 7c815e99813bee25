"""``xero login / whoami / connections / use / logout`` against the local identity server."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.cli._local_books import LocalBooks
from tests.cli.conftest import Xero, sign_in
from tests.identity_server import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_TENANTS,
    IdentityServerProcess,
)

ORGS = [t for t in DEFAULT_TENANTS if t[1] == "ORGANISATION"]


def test_login_keeps_the_token_in_a_0600_file_and_picks_the_first_tenant(
    xero: Xero, identity_server: IdentityServerProcess, config_dir: Path
) -> None:
    done = sign_in(
        xero, identity_server, "--for", "accounting.get-invoices", "--scope", "ACCOUNTING_CONTACTS_READ"
    )
    assert done.returncode == 0, done.stderr.decode()
    err = done.stderr.decode()
    assert "code_challenge_method=S256" in err  # the PKCE sign-in URL was printed
    token_file = config_dir / "tokens" / "default.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = json.loads(token_file.read_text())
    # granular by default: getInvoices lists accounting.transactions(.read); /Invoices maps to invoices
    assert token["scopes"] == [
        "offline_access", "openid", "profile", "email", "accounting.contacts.read", "accounting.invoices.read",
    ]  # fmt: skip
    profile = json.loads((config_dir / "profiles.json").read_text())["profiles"]["default"]
    assert profile["tenant_id"] == ORGS[0][0]
    assert "access_token" not in (config_dir / "profiles.json").read_text()
    assert token["access_token"] not in err


def test_whoami_connections_and_use(logged_in: Xero) -> None:
    who = logged_in("whoami", "--format", "json")
    assert who.returncode == 0, who.stderr.decode()
    info = json.loads(who.stdout)
    assert info["profile"] == "default"
    assert info["tenant_id"] == ORGS[0][0] and info["refreshable"] is True
    assert "accounting.invoices.read" in info["scopes"].split()

    listed = logged_in("connections", "--format", "json")
    assert listed.returncode == 0, listed.stderr.decode()
    rows = json.loads(listed.stdout)
    assert {r["tenantId"] for r in rows} == {t[0] for t in ORGS}
    assert [r["current"] for r in rows].count(True) == 1

    # by a unique name prefix, case-insensitively
    chosen = logged_in("use", ORGS[1][2][:-2].lower())
    assert chosen.returncode == 0, chosen.stderr.decode()
    assert json.loads(logged_in("whoami", "-f", "json").stdout)["tenant_id"] == ORGS[1][0]
    # by id
    assert logged_in("use", ORGS[0][0]).returncode == 0
    assert json.loads(logged_in("whoami", "-f", "json").stdout)["tenant_name"] == ORGS[0][2]
    # ambiguous and unknown names are usage errors naming the tenants
    ambiguous = logged_in("use", "demo")
    assert ambiguous.returncode == 2 and b"several tenants" in ambiguous.stderr
    unknown = logged_in("use", "Nope Ltd")
    assert unknown.returncode == 2 and ORGS[0][2].encode() in unknown.stderr


def test_logout_revokes_the_grant(
    logged_in: Xero, identity_server: IdentityServerProcess, config_dir: Path
) -> None:
    token = json.loads((config_dir / "tokens" / "default.json").read_text())
    done = logged_in("logout")
    assert done.returncode == 0, done.stderr.decode()
    assert b"revoked" in done.stderr
    assert not (config_dir / "tokens" / "default.json").exists()
    assert identity_server.stats()["revocations"] >= 1
    # the revoked refresh token is dead at the identity server
    from xero_sdk.auth import InvalidGrantError, OAuth2App

    app = OAuth2App("xero-cli-test-app", identity_url=identity_server.url)
    try:
        app.refresh(token["refresh_token"])
        raise AssertionError("the refresh token still works after logout")
    except InvalidGrantError:
        pass
    finally:
        app.close()
    after = logged_in("whoami")
    assert after.returncode == 3 and b"xero login" in after.stderr


def test_profiles_are_separate(xero: Xero, identity_server: IdentityServerProcess, config_dir: Path) -> None:
    assert sign_in(xero, identity_server).returncode == 0
    other = xero("--profile", "work", "whoami")
    assert other.returncode == 3 and b"'work' is not logged in" in other.stderr
    assert xero("whoami").returncode == 0


def test_a_refresh_is_saved_back_to_the_store(
    logged_in: Xero, identity_server: IdentityServerProcess, config_dir: Path
) -> None:
    before = json.loads((config_dir / "tokens" / "default.json").read_text())
    identity_server.expire("access")
    identity_server.set_clock(advance=3600)
    listed = logged_in("connections", "-f", "json")
    assert listed.returncode == 0, listed.stderr.decode()
    after = json.loads((config_dir / "tokens" / "default.json").read_text())
    assert after["refresh_token"] != before["refresh_token"]  # rotated and persisted


def test_declined_consent_and_unknown_scopes_fail_clearly(
    xero: Xero, identity_server: IdentityServerProcess, config_dir: Path
) -> None:
    identity_server.configure(consent="deny")
    declined = sign_in(xero, identity_server)
    assert declined.returncode == 3, declined.stderr.decode()
    assert b"access_denied" in declined.stderr
    assert not (config_dir / "tokens" / "default.json").exists()
    unknown = xero("login", "--client-id", "x", "--scope", "accounting.everything", "--no-browser")
    assert unknown.returncode == 2 and b"unknown scope 'accounting.everything'" in unknown.stderr
    no_client = xero("login", "--no-browser")
    assert no_client.returncode == 3 and b"XERO_CLIENT_ID" in no_client.stderr


def test_custom_connection_login_calls_without_a_tenant(xero: Xero, books: LocalBooks) -> None:
    xero.env.update(XERO_IDENTITY_URL=books.identity_url)  # the local Xero signs in and answers
    secret = {"XERO_CLIENT_SECRET": DEFAULT_CLIENT_SECRET}
    missing = xero("login", "--client-credentials", "--client-id", DEFAULT_CLIENT_ID)
    assert missing.returncode == 3 and b"XERO_CLIENT_SECRET" in missing.stderr
    done = xero(
        "login", "--client-credentials", "--client-id", DEFAULT_CLIENT_ID,
        "--scope", "accounting.invoices.read", env=secret,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert b"Custom Connection" in done.stderr
    assert books.local.identity.stats["client_credentials_granted"] == 1
    call = xero(
        "accounting", "get-invoices", "--page-size", "1", env={**secret, "XERO_ACCOUNTING_URL": books.url}
    )
    assert call.returncode == 0, call.stderr.decode()
    sent = books.requests[-1]
    assert "xero-tenant-id" not in {k.lower() for k in sent["headers"]}
    assert sent["headers"]["Authorization"].startswith("Bearer ")
    assert DEFAULT_CLIENT_SECRET.encode() not in call.stdout + call.stderr
