"""The APIs the SDK generates, and what the documents do not say about them."""

from __future__ import annotations

import attrs


@attrs.frozen
class Api:
    key: str  # the Python name: xero.<key>, xero_generated.<key>
    file: str  # the document's file name in Xero-OpenAPI
    title: str
    prefix: str  # class name prefix: <prefix>Api, Async<prefix>Api
    max_page_size: int | None = None  # largest pageSize the list operations take
    fixed_page_size: int | None = None  # page size when none can be asked for


APIS: tuple[Api, ...] = (
    # Accounting: 1000 per page is the documented maximum (Xero's paging documentation).
    Api("accounting", "xero_accounting.yaml", "Accounting", "Accounting", 1000, 100),
    Api("payroll_au", "xero-payroll-au.yaml", "Payroll AU", "PayrollAu", None, 100),
    Api("payroll_au_v2", "xero-payroll-au-v2.yaml", "Payroll AU v2", "PayrollAuV2", None, 100),
    Api("payroll_nz", "xero-payroll-nz.yaml", "Payroll NZ", "PayrollNz", None, 100),
    Api("payroll_uk", "xero-payroll-uk.yaml", "Payroll UK", "PayrollUk", None, 100),
    # Projects: the document says pageSize is 1 to 500.
    Api("projects", "xero-projects.yaml", "Projects", "Projects", 500, 50),
    Api("identity", "xero-identity.yaml", "Identity", "Identity"),
    # Assets and Bank Feeds document no maximum: 100 is the size every Xero API accepts.
    Api("assets", "xero_assets.yaml", "Assets", "Assets", 100, 10),
    Api("files", "xero_files.yaml", "Files", "Files", 100, 100),
    Api("bankfeeds", "xero_bankfeeds.yaml", "Bank Feeds", "BankFeeds", 100, 10),
    Api("finance", "xero-finance.yaml", "Finance", "Finance"),
    Api("app_store", "xero-app-store.yaml", "App Store", "AppStore"),
    # Bank Feeds v2 (Xero-OpenAPI 20.x): PagedFeedConnections.items holds at most 1000.
    Api("bankfeeds_v2", "xero_bankfeeds_v2.yaml", "Bank Feeds v2", "BankFeedsV2", 1000, 10),
)
#: Query lists Xero caps by URL length (about 52 GUIDs, Xero-OpenAPI #534): a longer list is
#: sent as several requests and the answers merged (xero_sdk._id_lists).
SPLIT_LISTS = frozenset({"IDs", "InvoiceNumbers", "ContactIDs"})

#: (API, first path segment) -> when Xero removes those operations: they warn DeprecationWarning.
#: Classic expense claims and receipts are retired in favour of Xero Expenses (Xero developer
#: changelog: ExpenseClaims and Receipts, removal by February 2027).
REMOVALS: dict[tuple[str, str], str] = {
    ("accounting", "ExpenseClaims"): "February 2027",
    ("accounting", "Receipts"): "February 2027",
}

WEBHOOKS = Api("webhooks", "xero-webhooks.yaml", "Webhooks", "Webhooks")
BY_KEY = {api.key: api for api in (*APIS, WEBHOOKS)}
