"""One organisation's books: its records per collection, history, attachments and journals.

Records are dicts with Xero's field names and Python values (Decimal, date, datetime), so the
where filter and the totals work on numbers and dates. Fields starting with ``_`` are internal.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

__all__ = ["COLLECTIONS", "Org", "now_utc"]

#: collection -> the field that identifies a record (and the field a number may be looked up by)
COLLECTIONS: dict[str, tuple[str, str | None]] = {
    "Accounts": ("AccountID", "Code"),
    "TaxRates": ("TaxType", None),
    "Currencies": ("Code", None),
    "Contacts": ("ContactID", "ContactNumber"),
    "ContactGroups": ("ContactGroupID", None),
    "Items": ("ItemID", "Code"),
    "Invoices": ("InvoiceID", "InvoiceNumber"),
    "CreditNotes": ("CreditNoteID", "CreditNoteNumber"),
    "Payments": ("PaymentID", None),
    "Overpayments": ("OverpaymentID", None),
    "Prepayments": ("PrepaymentID", None),
    "BankTransactions": ("BankTransactionID", None),
    "BankTransfers": ("BankTransferID", None),
    "ManualJournals": ("ManualJournalID", None),
    "TrackingCategories": ("TrackingCategoryID", None),
    "Journals": ("JournalID", "JournalNumber"),
}


def now_utc() -> dt.datetime:
    """Now in UTC to the millisecond (what ``/Date(ms)/`` can carry)."""
    now = dt.datetime.now(dt.timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclasses.dataclass
class Org:
    """The books of one tenant."""

    tenant_id: str
    name: str
    tenant_type: str
    organisation: dict[str, Any]
    data: dict[str, dict[str, dict[str, Any]]] = dataclasses.field(
        default_factory=lambda: {name: {} for name in COLLECTIONS}
    )
    history: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)
    attachments: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)
    counters: dict[str, int] = dataclasses.field(default_factory=dict)

    def copy(self) -> Org:
        """A deep copy (what snapshots hold)."""
        return copy.deepcopy(self)

    # -- records -----------------------------------------------------------------------------------
    def all(self, collection: str) -> list[dict[str, Any]]:
        """Every record of ``collection``."""
        return list(self.data[collection].values())

    def get(self, collection: str, key: Any) -> dict[str, Any] | None:
        """By id, or by the collection's number field (case-insensitive), or None."""
        table = self.data[collection]
        text = str(key)
        found = table.get(text) or table.get(text.lower())
        if found is not None:
            return found
        _, number_field = COLLECTIONS[collection]
        if number_field is not None:
            lowered = text.lower()
            for record in table.values():
                if str(record.get(number_field, "")).lower() == lowered:
                    return record
        return None

    def put(self, collection: str, record: dict[str, Any]) -> dict[str, Any]:
        """Store ``record`` in ``collection`` under its id, given a new one if it has none; returns it."""
        id_field, _ = COLLECTIONS[collection]
        if not record.get(id_field):
            record[id_field] = str(uuid.uuid4())
        self.data[collection][str(record[id_field])] = record
        return record

    def next_number(self, name: str, prefix: str) -> str:
        """The next number of counter ``name``: ``prefix`` and four digits (``INV-0001``)."""
        self.counters[name] = self.counters.get(name, 0) + 1
        return f"{prefix}{self.counters[name]:04d}"

    def account(self, code_or_id: Any) -> dict[str, Any] | None:
        """The account with this code or id, or ``None``."""
        return self.get("Accounts", code_or_id) if code_or_id else None

    def system_account(self, system: str) -> dict[str, Any]:
        """The account playing system role ``system`` (``DEBTORS``, ``CREDITORS``...)."""
        return next(a for a in self.data["Accounts"].values() if a.get("SystemAccount") == system)

    def tax_rate(self, tax_type: str) -> Decimal | None:
        """The effective rate (percent) of ``tax_type``, or ``None`` if the organisation has no such rate."""
        rate = self.data["TaxRates"].get(tax_type)
        return None if rate is None else Decimal(str(rate["EffectiveRate"]))

    def note(self, entity_id: str, changes: str, details: str) -> None:
        """Add an entry to the history of ``entity_id``, as the system user."""
        self.history.setdefault(entity_id, []).append(
            {"Changes": changes, "DateUTC": now_utc(), "User": "System Generated", "Details": details}
        )

    def journals(self) -> Iterator[dict[str, Any]]:
        """Every journal, by journal number."""
        yield from sorted(self.data["Journals"].values(), key=lambda j: j["JournalNumber"])
