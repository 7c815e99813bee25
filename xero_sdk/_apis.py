"""The APIs the SDK covers: the one list, read by codegen, the clients, the CLI and the tests.

Adding an API is a new entry here and its document in ``specs/lock.json``; ``make generate``
writes its package, its public module (``xero_sdk.<key>``) and its client property from this
list. A leaf module (standard library only), so that anything may read it cheaply.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["APIS", "BY_KEY", "KEYS", "WEBHOOKS", "Api"]


class Api(NamedTuple):
    """One of Xero's OpenAPI documents and what the documents do not say about it."""

    #: The Python name: ``xero.<key>``, ``xero_sdk.<key>``, ``XERO_<KEY>_URL``.
    key: str
    #: The document's file name in Xero-OpenAPI.
    file: str
    title: str
    #: Class name prefix: ``<prefix>Api``, ``Async<prefix>Api``.
    prefix: str
    #: The path of the API on ``https://api.xero.com``.
    base_path: str
    #: Largest ``pageSize`` the list operations take (None: they take none).
    max_page_size: int | None = None
    #: Page size when none can be asked for.
    fixed_page_size: int | None = None
    #: The environment variable overriding the base URL (default ``XERO_<KEY>_URL``).
    env_var: str = ""

    @property
    def url_env_var(self) -> str:
        return self.env_var or f"XERO_{self.key.upper()}_URL"


APIS: tuple[Api, ...] = (
    # Accounting: 1000 per page is the documented maximum (Xero's paging documentation).
    Api("accounting", "xero_accounting.yaml", "Accounting", "Accounting", "/api.xro/2.0", 1000, 100),
    Api("payroll_au", "xero-payroll-au.yaml", "Payroll AU", "PayrollAu", "/payroll.xro/1.0", None, 100),
    Api(
        "payroll_au_v2",
        "xero-payroll-au-v2.yaml",
        "Payroll AU v2",
        "PayrollAuV2",
        "/payroll.xro/2.0",
        None,
        100,
    ),
    Api("payroll_nz", "xero-payroll-nz.yaml", "Payroll NZ", "PayrollNz", "/payroll.xro/2.0", None, 100),
    Api("payroll_uk", "xero-payroll-uk.yaml", "Payroll UK", "PayrollUk", "/payroll.xro/2.0", None, 100),
    # Projects: the document says pageSize is 1 to 500.
    Api("projects", "xero-projects.yaml", "Projects", "Projects", "/projects.xro/2.0", 500, 50),
    # Not XERO_IDENTITY_URL: that one names the sign-in server (OAuth2App), another host.
    Api("identity", "xero-identity.yaml", "Identity", "Identity", "", env_var="XERO_IDENTITY_API_URL"),
    # Assets and Bank Feeds document no maximum: 100 is the size every Xero API accepts.
    Api("assets", "xero_assets.yaml", "Assets", "Assets", "/assets.xro/1.0", 100, 10),
    Api("files", "xero_files.yaml", "Files", "Files", "/files.xro/1.0", 100, 100),
    Api("bankfeeds", "xero_bankfeeds.yaml", "Bank Feeds", "BankFeeds", "/bankfeeds.xro/1.0", 100, 10),
    Api("finance", "xero-finance.yaml", "Finance", "Finance", "/finance.xro/1.0"),
    Api("app_store", "xero-app-store.yaml", "App Store", "AppStore", "/appstore/2.0"),
    # Bank Feeds v2 (Xero-OpenAPI 20.x): PagedFeedConnections.items holds at most 1000.
    Api(
        "bankfeeds_v2",
        "xero_bankfeeds_v2.yaml",
        "Bank Feeds v2",
        "BankFeedsV2",
        "/bankfeeds.xro/2.0",
        1000,
        10,
    ),
)

#: The webhooks document: payload models only (no operations, no client property).
WEBHOOKS = Api("webhooks", "xero-webhooks.yaml", "Webhooks", "Webhooks", "")

#: The API keys of the client, in the registry's order (the README's).
KEYS: tuple[str, ...] = tuple(api.key for api in APIS)
BY_KEY: dict[str, Api] = {api.key: api for api in (*APIS, WEBHOOKS)}
