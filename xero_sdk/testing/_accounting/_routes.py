"""The routing of the local Accounting API: each request's :class:`Context`, the route table
(filled by the ``@route`` decorators of the sibling modules) and :func:`handle`."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .._http import Answer, Request
from .._org import Org

#: The entities whose attachments the local Xero keeps (URL segment -> collection).
ATTACHMENT_ENTITIES = (
    "Accounts",
    "BankTransactions",
    "BankTransfers",
    "Contacts",
    "CreditNotes",
    "Invoices",
    "ManualJournals",
)
_WEBHOOK_CATEGORIES = {"Contacts": "CONTACT", "Invoices": "INVOICE", "CreditNotes": "CREDITNOTE"}


@dataclasses.dataclass
class Context:
    """One request's organisation, and the webhook events its changes raise."""

    org: Org
    request: Request
    events: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    """(category, type, resource id) of each change, for webhooks."""

    def changed(self, collection: str, record_id: str, created: bool) -> None:
        category = _WEBHOOK_CATEGORIES.get(collection)
        if category:
            self.events.append((category, "CREATE" if created else "UPDATE", record_id))


Handler = Callable[[Context, re.Match[str]], Answer]
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _ROUTES.append((method, re.compile("^" + pattern + "$", re.IGNORECASE), fn))
        return fn

    return register


def handle(ctx: Context, path: str) -> Answer | None:
    """``path`` is relative to ``/api.xro/2.0``."""
    for method, pattern, fn in _ROUTES:
        if method != ctx.request.method:
            continue
        match = pattern.match(path)
        if match:
            return fn(ctx, match)
    return None
