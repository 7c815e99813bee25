"""Which OAuth2 scopes allow which operation: broad scopes from Xero's documents, granular ones
from Xero's 2026 split.

The broad half is each operation's ``security`` section, generated into
``xero_generated.<api>.operation_scopes`` (tested against the documents). The documents name no
granular scope (release 16.1.0), so the granular half is the table below, written once:

* ``accounting.transactions[.read]`` is split by the entity the operation works on (the first
  segment of its path) into ``accounting.invoices``, ``.payments``, ``.banktransactions``,
  ``.manualjournals`` and ``.classicexpenses`` (each with ``.read``). Source: Xero's granular
  scopes FAQ (https://developer.xero.com/faq/granular-scopes), apideck.com/blog/xero-scopes and
  XeroAPI/xero-mcp-server #128.
* ``accounting.reports.read`` is split by report into ``accounting.reports.<report>.read``
  (same sources; the singular ``balancesheet``). ``getReportsList`` and ``getReportFromId``
  read the published tax reports (GST, BAS): ``accounting.reports.taxreports.read``.

A write operation allowed by ``accounting.transactions`` is allowed by the read-write granular
scope only; a read allowed by ``accounting.transactions.read`` also by the ``.read`` one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from . import scopes as s

__all__ = ["OperationRef", "allowing", "operation_ref", "required"]

#: First path segment -> (read-write, read-only) granular scope replacing accounting.transactions.
GRANULAR_BY_ENTITY: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        (
            "Invoices",
            "CreditNotes",
            "LinkedTransactions",
            "PurchaseOrders",
            "Quotes",
            "RepeatingInvoices",
            "Items",
        ),
        (s.ACCOUNTING_INVOICES, s.ACCOUNTING_INVOICES_READ),
    ),
    **dict.fromkeys(
        ("Payments", "BatchPayments", "Overpayments", "Prepayments"),
        (s.ACCOUNTING_PAYMENTS, s.ACCOUNTING_PAYMENTS_READ),
    ),
    **dict.fromkeys(
        ("BankTransactions", "BankTransfers"),
        (s.ACCOUNTING_BANKTRANSACTIONS, s.ACCOUNTING_BANKTRANSACTIONS_READ),
    ),
    "ManualJournals": (s.ACCOUNTING_MANUALJOURNALS, s.ACCOUNTING_MANUALJOURNALS_READ),
    **dict.fromkeys(
        ("ExpenseClaims", "Receipts"), (s.ACCOUNTING_CLASSICEXPENSES, s.ACCOUNTING_CLASSICEXPENSES_READ)
    ),
}

#: Report operationId -> the granular scope replacing accounting.reports.read for it.
GRANULAR_BY_REPORT: dict[str, str] = {
    "getReportAgedPayablesByContact": s.ACCOUNTING_REPORTS_AGED_READ,
    "getReportAgedReceivablesByContact": s.ACCOUNTING_REPORTS_AGED_READ,
    "getReportBalanceSheet": s.ACCOUNTING_REPORTS_BALANCESHEET_READ,
    "getReportBankSummary": s.ACCOUNTING_REPORTS_BANKSUMMARY_READ,
    "getReportBudgetSummary": s.ACCOUNTING_REPORTS_BUDGETSUMMARY_READ,
    "getReportExecutiveSummary": s.ACCOUNTING_REPORTS_EXECUTIVESUMMARY_READ,
    "getReportProfitAndLoss": s.ACCOUNTING_REPORTS_PROFITANDLOSS_READ,
    "getReportTrialBalance": s.ACCOUNTING_REPORTS_TRIALBALANCE_READ,
    "getReportTenNinetyNine": s.ACCOUNTING_REPORTS_TENNINETYNINE_READ,
    "getReportsList": s.ACCOUNTING_REPORTS_TAXREPORTS_READ,
    "getReportFromId": s.ACCOUNTING_REPORTS_TAXREPORTS_READ,
}

OperationRef = tuple[str, str]
"""(API key, operationId): ``("accounting", "getInvoices")``."""

Operation = str | Callable[..., Any]
"""What the functions here accept for an operation: ``"getInvoices"``, ``"get_invoices"``,
``"accounting.get_invoices"``, or the method itself (``org.accounting.get_invoices``)."""


@cache
def _tables(api: str) -> Any:
    return importlib.import_module(f"xero_generated.{api}.operation_scopes")


def _apis() -> tuple[str, ...]:
    from xero_sdk._transport._config import API_NAMES

    return API_NAMES


def _lookup(api: str, name: str) -> str | None:
    tables = _tables(api)
    if name in tables.SCOPES:
        return str(name)
    found = tables.OPERATION_IDS.get(name)
    return None if found is None else str(found)


def operation_ref(operation: Operation) -> OperationRef:
    """The (API, operationId) an operation name or method stands for. A name several APIs share
    (``get_employees``) must be qualified: ``"payroll_uk.get_employees"``."""
    if callable(operation):
        owner = getattr(operation, "__self__", None)
        module = type(owner).__module__ if owner is not None else getattr(operation, "__module__", "")
        parts = module.split(".")
        name = getattr(operation, "__name__", "")
        if len(parts) == 3 and parts[0] == "xero_generated" and parts[2] == "facade":
            found = _lookup(parts[1], name)
            if found is not None:
                return parts[1], found
        raise ValueError(f"{operation!r} is not an operation of a Xero API object")
    if not isinstance(operation, str):
        raise TypeError(f"an operation is a name or a method, not {type(operation).__name__}")
    api, _, name = operation.rpartition(".")
    apis = (api,) if api else _apis()
    if api and api not in _apis():
        raise ValueError(f"unknown API {api!r} in {operation!r}; known: {', '.join(_apis())}")
    matches = [(a, op) for a in apis if (op := _lookup(a, name)) is not None]
    if not matches:
        raise ValueError(f"no Xero operation named {operation!r}")
    if len(matches) > 1:
        choices = ", ".join(f"{a}.{name}" for a, _ in matches)
        raise ValueError(f"{operation!r} is an operation of several APIs: name one of {choices}")
    return matches[0]


def _granular(api: str, operation_id: str, broad: tuple[str, ...]) -> list[str]:
    if api != "accounting":
        return []
    return granular_for_operation(api, operation_id, _tables(api).PATHS[operation_id], broad)


def granular_for_operation(api: str, operation_id: str, path: str, broad: Iterable[str]) -> list[str]:
    """The granular scopes that allow one operation (its API, operationId, path and the broad
    scopes its document names), from the two tables above; the documentation reference reads
    them through this function too."""
    broad = tuple(broad)
    if api != "accounting":
        return []
    out: list[str] = []
    if s.ACCOUNTING_TRANSACTIONS in broad or s.ACCOUNTING_TRANSACTIONS_READ in broad:
        entity = path.strip("/").split("/")[0]
        pair = GRANULAR_BY_ENTITY.get(entity)
        if pair is not None:
            if s.ACCOUNTING_TRANSACTIONS in broad:
                out.append(pair[0])
            if s.ACCOUNTING_TRANSACTIONS_READ in broad:
                out.append(pair[1])
    if s.ACCOUNTING_REPORTS_READ in broad and operation_id in GRANULAR_BY_REPORT:
        out.append(GRANULAR_BY_REPORT[operation_id])
    return [scope for scope in out if scope not in broad]


def allowing(operation: Operation) -> tuple[str, ...]:
    """Every scope that allows ``operation``: the broad ones its document names, then the
    granular ones that replace them. Any one of them is enough. Empty for an operation any
    access token may call (Identity)."""
    api, operation_id = operation_ref(operation)
    broad = tuple(_tables(api).SCOPES[operation_id])
    return broad + tuple(_granular(api, operation_id, broad))


def _least(candidates: tuple[str, ...], granular: bool) -> str:
    """The narrowest scope among ``candidates``: granular before broad (when asked), read-only
    before read-write."""
    pool = [c for c in candidates if c not in s.GRANULAR_REPLACEMENTS] if granular else list(candidates)
    pool = pool or list(candidates)
    reads = [c for c in pool if c.endswith(".read")]
    return (reads or pool)[0]


def required(operations: Iterable[Operation], *, granular: bool = True) -> tuple[str, ...]:
    """The scopes to request so that every one of ``operations`` is allowed: for each, its
    narrowest scope (granular, as apps created from 2 March 2026 must request, unless
    ``granular=False``; read-only when the operation only reads), deduplicated and sorted.
    Add ``offline_access`` for a refresh token."""
    if isinstance(operations, str) or callable(operations):
        operations = [operations]
    chosen = {_least(found, granular) for op in operations if (found := allowing(op))}
    return tuple(sorted(c for c in chosen if not (c.endswith(".read") and c[: -len(".read")] in chosen)))
