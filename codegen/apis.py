"""What the generator knows beyond the registry: operations Xero splits or retires.

The APIs themselves are listed once, in :mod:`xero_sdk._apis`.
"""

from __future__ import annotations

from xero_sdk._apis import APIS, BY_KEY, WEBHOOKS, Api

__all__ = ["APIS", "BY_KEY", "REMOVALS", "SPLIT_LISTS", "WEBHOOKS", "Api"]

#: Query lists Xero caps by URL length (about 52 GUIDs, Xero-OpenAPI #534): a longer list is
#: sent as several requests and the answers merged (xero_sdk._runtime.id_lists).
SPLIT_LISTS = frozenset({"IDs", "InvoiceNumbers", "ContactIDs"})

#: (API, first path segment) -> when Xero removes those operations: they warn DeprecationWarning.
#: Classic expense claims and receipts are retired in favour of Xero Expenses (Xero developer
#: changelog: ExpenseClaims and Receipts, removal by February 2027).
REMOVALS: dict[tuple[str, str], str] = {
    ("accounting", "ExpenseClaims"): "February 2027",
    ("accounting", "Receipts"): "February 2027",
}
