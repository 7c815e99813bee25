"""The kinds of record a batch can save: the Accounting operations that accept ``summarizeErrors``.

Each :class:`BatchKind` names the generated operations that save its records (``create_*`` and,
where Xero has one, ``update_or_create_*``), the JSON key of the list in the request and the
response, and the element model. The list is checked against the generated facade by the tests:
an operation that gains ``summarizeErrors`` in a new release of the document must be added here
or to :data:`EXCLUDED_OPERATIONS` with a reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import attrs

if TYPE_CHECKING:
    from xero_sdk._generated.accounting.models import (  # type: ignore[import-not-found, unused-ignore]
        BankTransaction,
        BatchPayment,
        Contact,
        CreditNote,
        Invoice,
        Item,
        ManualJournal,
        Payment,
        PurchaseOrder,
        Quote,
        RepeatingInvoice,
    )

__all__ = [
    "BANK_TRANSACTIONS",
    "BATCH_PAYMENTS",
    "CONTACTS",
    "CREDIT_NOTES",
    "EXCLUDED_OPERATIONS",
    "INVOICES",
    "ITEMS",
    "KINDS",
    "MANUAL_JOURNALS",
    "PAYMENTS",
    "PURCHASE_ORDERS",
    "QUOTES",
    "REPEATING_INVOICES",
    "BatchKind",
    "Mode",
    "Record",
    "check_mode",
    "kind_named",
    "kind_of_record",
]

T = TypeVar("T")

#: A record a batch can save; the batch's kind follows from its type.
Record = TypeVar(
    "Record",
    "BankTransaction",
    "BatchPayment",
    "Contact",
    "CreditNote",
    "Invoice",
    "Item",
    "ManualJournal",
    "Payment",
    "PurchaseOrder",
    "Quote",
    "RepeatingInvoice",
)

#: ``"create"`` sends ``PUT`` (create only); ``"create_or_update"`` sends ``POST`` (a record
#: carrying its id is updated, one without is created).
Mode = Literal["create", "create_or_update"]

MODELS_PACKAGE = "xero_sdk._generated.accounting.models"


def check_mode(mode: Mode) -> Mode:
    """``mode`` if it is one; ``ValueError`` otherwise."""
    if mode not in ("create", "create_or_update"):
        raise ValueError(f"mode must be 'create' or 'create_or_update', not {mode!r}")
    return mode


@attrs.frozen(slots=True)
class BatchKind(Generic[T]):
    """One kind of record: its operations, its JSON list key and its element model."""

    name: str
    """``invoices``, ``contacts``, ... (the names ``org.batches`` exposes)."""
    list_key: str
    """The JSON key of the list in the request and the response: ``Invoices``."""
    list_attr: str
    """The response wrapper's attribute holding that list: ``invoices``."""
    model_module: str
    """The element model's module below ``xero_sdk._generated.accounting.models``."""
    model_name: str
    """The element model: ``Invoice``."""
    create: str
    """The facade method creating records (``PUT``): ``create_invoices``."""
    create_or_update: str | None
    """The facade method updating or creating (``POST``), or ``None`` when Xero has none."""
    unitdp: bool
    """Whether the operations accept ``unitdp`` (4-decimal unit amounts)."""

    def method_for(self, mode: Mode) -> str:
        """The facade method for ``mode``; ``ValueError`` when this kind cannot do it."""
        if check_mode(mode) == "create":
            return self.create
        if self.create_or_update is None:
            raise ValueError(f"{self.name} can only be created: Xero has no update-or-create batch for them")
        return self.create_or_update

    def model(self) -> type[T]:
        """The element model class (imported on first use)."""
        module = importlib.import_module(f"{MODELS_PACKAGE}.{self.model_module}")
        cls: type[T] = getattr(module, self.model_name)
        return cls

    def __repr__(self) -> str:
        return f"BatchKind({self.name!r})"


def _kind(
    name: str, list_key: str, model_module: str, model_name: str, *, update: bool = True, unitdp: bool = False
) -> Any:
    return BatchKind(
        name=name,
        list_key=list_key,
        list_attr=name,
        model_module=model_module,
        model_name=model_name,
        create=f"create_{name}",
        create_or_update=f"update_or_create_{name}" if update else None,
        unitdp=unitdp,
    )


BANK_TRANSACTIONS: BatchKind[BankTransaction] = _kind(
    "bank_transactions", "BankTransactions", "bank_transaction", "BankTransaction", unitdp=True
)
CONTACTS: BatchKind[Contact] = _kind("contacts", "Contacts", "contact", "Contact")
CREDIT_NOTES: BatchKind[CreditNote] = _kind(
    "credit_notes", "CreditNotes", "credit_note", "CreditNote", unitdp=True
)
INVOICES: BatchKind[Invoice] = _kind("invoices", "Invoices", "invoice", "Invoice", unitdp=True)
ITEMS: BatchKind[Item] = _kind("items", "Items", "item", "Item", unitdp=True)
MANUAL_JOURNALS: BatchKind[ManualJournal] = _kind(
    "manual_journals", "ManualJournals", "manual_journal", "ManualJournal"
)
PURCHASE_ORDERS: BatchKind[PurchaseOrder] = _kind(
    "purchase_orders", "PurchaseOrders", "purchase_order", "PurchaseOrder"
)
QUOTES: BatchKind[Quote] = _kind("quotes", "Quotes", "quote", "Quote")
REPEATING_INVOICES: BatchKind[RepeatingInvoice] = _kind(
    "repeating_invoices", "RepeatingInvoices", "repeating_invoice", "RepeatingInvoice"
)
PAYMENTS: BatchKind[Payment] = _kind("payments", "Payments", "payment", "Payment", update=False)
BATCH_PAYMENTS: BatchKind[BatchPayment] = attrs.evolve(
    _kind("batch_payments", "BatchPayments", "batch_payment", "BatchPayment", update=False),
    create="create_batch_payment",
)

#: Every kind, by name.
KINDS: Mapping[str, BatchKind[Any]] = {
    kind.name: kind
    for kind in (
        BANK_TRANSACTIONS,
        BATCH_PAYMENTS,
        CONTACTS,
        CREDIT_NOTES,
        INVOICES,
        ITEMS,
        MANUAL_JOURNALS,
        PAYMENTS,
        PURCHASE_ORDERS,
        QUOTES,
        REPEATING_INVOICES,
    )
}

#: Operations accepting ``summarizeErrors`` that batches deliberately do not cover, and why.
EXCLUDED_OPERATIONS: Mapping[str, str] = {
    "create_credit_note_allocation": "allocations belong to one credit note: call it with the note's id",
    "create_overpayment_allocations": "allocations belong to one overpayment: call it with its id",
    "create_prepayment_allocations": "allocations belong to one prepayment: call it with its id",
    "delete_bank_transfers": "a delete, not a save",
}


def kind_named(name: str) -> BatchKind[Any]:
    """The kind called ``name`` (``"invoices"``); ``ValueError`` listing the known names."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"no batch kind {name!r}; known: {', '.join(sorted(KINDS))}") from None


_BY_MODEL: dict[type[Any], BatchKind[Any]] = {}


def kind_of_record(record: object) -> BatchKind[Any]:
    """The kind whose element model ``record`` is an instance of; ``TypeError`` otherwise."""
    if not _BY_MODEL:
        for kind in KINDS.values():
            _BY_MODEL[kind.model()] = kind
    found = _BY_MODEL.get(type(record))
    if found is None:
        for cls, candidate in _BY_MODEL.items():
            if isinstance(record, cls):
                return candidate
        raise TypeError(
            f"cannot infer the batch kind of a {type(record).__name__}: pass Accounting models "
            f"({', '.join(sorted(k.model_name for k in KINDS.values()))}), or name the kind: "
            "org.batches.invoices.save([...]) also takes plain dicts"
        )
    return found
