"""The target the documentation examples run against: ``example_target``, one fixture to swap.

Today it is the local identity server (a real OAuth2 server process: consent, rotating refresh
tokens, ``/connections``) plus Prism serving Xero's documents for the APIs the examples call.
The SDK is pointed at them the way a user would point it anywhere else: through the
``XERO_IDENTITY_URL`` and ``XERO_<API>_URL`` environment variables, so an example's own
``Xero(app=app, token_store=store)`` reaches them unchanged. When ``xero_sdk.testing.LocalXero``
exists, a fixture of the same name returning an :class:`ExampleTarget` built on it replaces
this one; the examples and the runner stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.identity_server import IdentityServerProcess
from tests.mockserver.prism import PrismFleet
from xero_sdk._transport._config import env_var_for

from .examples import Block, all_blocks

#: the APIs the examples call (Prism loads Accounting in about 30 s; the others in 1-3 s)
EXAMPLE_APIS = ("accounting", "files", "payroll_nz")
WEBHOOK_KEY = "docs-example-webhook-key"
EXAMPLE_SCOPES = (
    "offline_access",
    "openid",
    "profile",
    "email",
    "accounting.transactions",
    "accounting.contacts",
    "accounting.settings",
    "accounting.attachments",
    "accounting.reports.read",
    "files",
    "payroll.employees",
)


@attrs.define
class ExampleTarget:
    """Where examples run: environment variables for the SDK, and the context names' values."""

    env: dict[str, str]
    identity: IdentityServerProcess
    _closers: list[Any] = attrs.field(factory=list)

    def context(self, workdir: Path) -> dict[str, Any]:
        """Fresh values for every name of :data:`tests.docs.examples.CONTEXT`, with a token in
        ``workdir/xero-token.json`` and the files the examples read there."""
        from queue import Queue
        from uuid import UUID

        from xero_sdk import AsyncXero, FileTokenStore, OAuth2App, Xero
        from xero_sdk.accounting import Contact, Invoice, Invoices, InvoiceType, LineItem

        identity = self.identity
        app = OAuth2App(
            identity.client_id,
            identity.client_secret,
            redirect_uri=identity.redirect_uri,
            scopes=list(EXAMPLE_SCOPES),
        )
        request = app.authorization_request()
        callback = identity.authorize(request.url)
        token = app.exchange_code(callback, state=request.state, code_verifier=request.code_verifier)
        store = FileTokenStore(workdir / "xero-token.json")
        store.save(token)
        xero = Xero(app=app, token_store=store)
        async_xero = AsyncXero(app=app, token_store=store)
        self._closers += [app, xero]
        tenant_id = xero.connections()[0].tenant_id
        (workdir / "receipt.pdf").write_bytes(b"%PDF-1.4\n% a receipt\n")
        (workdir / "report.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
        (workdir / "downloads").mkdir(exist_ok=True)
        contact_id = UUID("5b96e86b-418e-48e8-8949-308c14aec278")
        invoices = [
            Invoice(
                type_=InvoiceType.ACCREC,
                contact=Contact(contact_id=contact_id),
                line_items=[
                    LineItem(description=f"Item {n}", quantity=1, unit_amount=10, account_code="200")
                ],
            )
            for n in range(1)  # Prism answers with its one canned invoice
        ]
        return {
            "client_id": identity.client_id,
            "client_secret": identity.client_secret,
            "app": app,
            "store": store,
            "token": token,
            "tenant_id": tenant_id,
            "xero": xero,
            "org": xero.for_tenant(tenant_id),
            "async_xero": async_xero,
            "aorg": async_xero.for_tenant(tenant_id),
            "contact_id": contact_id,
            "invoice_id": UUID("243216c5-369e-4056-ac67-05388f86dc81"),
            "id1": UUID("0032e6ae-6a4b-4b8c-a5b2-0b4a3a1e9c11"),
            "id2": UUID("9a4b8f1e-2c3d-4e5f-8a9b-0c1d2e3f4a52"),
            "invoices": invoices,
            "batch": Invoices(invoices=invoices),
            "session": {},
            "request_url": identity.redirect_uri,
            "old_token": token,
            "auth_event_id": str(UUID(int=1)),
            "credit_note_id": UUID("249f15fa-f2a7-4acd-8a3a-d5ba7b1be7e0"),
            "order_id": "1042",
            "new_invoices": Invoices(invoices=invoices[:1]),
            "bad_invoice": {"Type": "ACCREC", "LineItems": []},
            "handle": lambda item: None,
            "work_queue": Queue(),
            "db": {},
            "user_id": "user-1",
            "raw_body": b'{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"X"}',
            "signature": "",
            "webhook_key": WEBHOOK_KEY,
        }

    def close(self) -> None:
        for item in reversed(self._closers):
            item.close()
        self._closers.clear()


@pytest.fixture(scope="session")
def docs_prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismFleet]:
    with PrismFleet(EXAMPLE_APIS, log_dir=tmp_path_factory.mktemp("docs-prism")) as fleet:
        yield fleet


@pytest.fixture
def example_target(
    docs_prism: PrismFleet, identity_server: IdentityServerProcess, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ExampleTarget]:
    env = {"XERO_IDENTITY_URL": identity_server.url, "XERO_WEBHOOK_KEY": WEBHOOK_KEY}
    env.update({env_var_for(api): docs_prism.url(api) for api in EXAMPLE_APIS})
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    target = ExampleTarget(env, identity_server)
    yield target
    target.close()


# --------------------------------------------------------------------------- the closing count

_BLOCKS: list[Block] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if any(item.nodeid.startswith("tests/docs/test_examples.py") for item in items):
        _BLOCKS[:] = all_blocks()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _BLOCKS:
        return
    run = [b for b in _BLOCKS if b.kind == "run"]
    marked = [b for b in _BLOCKS if b.kind != "run"]
    terminalreporter.write_sep("-", "documentation examples")
    terminalreporter.write_line(
        f"{len(_BLOCKS)} Python blocks in README.md and docs/: {len(run)} executed and type-checked, "
        f"{sum(b.kind == 'no-run' for b in marked)} type-checked only (no-run), "
        f"{sum(b.kind == 'skip' for b in marked)} skipped"
    )
    for b in marked:
        terminalreporter.write_line(f"  {b.kind:<6} {b.id}: {b.reason}")
