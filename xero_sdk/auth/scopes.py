"""Xero OAuth2 scopes: one constant per scope, and :func:`check_scopes`.

Broad ("classic") scopes as of Xero-OpenAPI 16.1.0 and the granular scopes that replace
``accounting.transactions`` and ``accounting.reports.read`` (apps created from 2 Mar 2026 must use
granular scopes; older apps may mix both until Sep 2027). The granular names come from Xero's
developer pages and third-party lists, not from the OpenAPI documents: if Xero adds or renames a
scope before this module catches up, pass ``allow_unknown_scopes=True`` to ``OAuth2App`` (or
``check_scopes``) rather than waiting for a release.

    >>> from xero_sdk.auth import scopes
    >>> scopes.check_scopes([scopes.OFFLINE_ACCESS, scopes.ACCOUNTING_INVOICES])
    ('offline_access', 'accounting.invoices')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from xero_sdk._runtime.lazy import module_dir
from xero_sdk.errors import ScopeError

if TYPE_CHECKING:
    Operation = str | Callable[..., Any]

__all__ = [
    "ACCOUNTING_ATTACHMENTS",
    "ACCOUNTING_ATTACHMENTS_READ",
    "ACCOUNTING_BANKTRANSACTIONS",
    "ACCOUNTING_BANKTRANSACTIONS_READ",
    "ACCOUNTING_BUDGETS_READ",
    "ACCOUNTING_CLASSICEXPENSES",
    "ACCOUNTING_CLASSICEXPENSES_READ",
    "ACCOUNTING_CONTACTS",
    "ACCOUNTING_CONTACTS_READ",
    "ACCOUNTING_INVOICES",
    "ACCOUNTING_INVOICES_READ",
    "ACCOUNTING_JOURNALS_READ",
    "ACCOUNTING_MANUALJOURNALS",
    "ACCOUNTING_MANUALJOURNALS_READ",
    "ACCOUNTING_PAYMENTS",
    "ACCOUNTING_PAYMENTS_READ",
    "ACCOUNTING_REPORTS_AGED_READ",
    "ACCOUNTING_REPORTS_BALANCESHEET_READ",
    "ACCOUNTING_REPORTS_BANKSUMMARY_READ",
    "ACCOUNTING_REPORTS_BUDGETSUMMARY_READ",
    "ACCOUNTING_REPORTS_EXECUTIVESUMMARY_READ",
    "ACCOUNTING_REPORTS_PROFITANDLOSS_READ",
    "ACCOUNTING_REPORTS_READ",
    "ACCOUNTING_REPORTS_TAXREPORTS_READ",
    "ACCOUNTING_REPORTS_TENNINETYNINE_READ",
    "ACCOUNTING_REPORTS_TRIALBALANCE_READ",
    "ACCOUNTING_SETTINGS",
    "ACCOUNTING_SETTINGS_READ",
    "ACCOUNTING_TRANSACTIONS",
    "ACCOUNTING_TRANSACTIONS_READ",
    "ALL",
    "ASSETS",
    "ASSETS_READ",
    "BANKFEEDS",
    "BANKFEEDSV2",
    "BROAD",
    "EMAIL",
    "FILES",
    "FILES_READ",
    "FINANCE_BANKSTATEMENTSPLUS_READ",
    "FINANCE_CASHVALIDATION_READ",
    "FINANCE_STATEMENTS_READ",
    "GRANULAR",
    "GRANULAR_REPLACEMENTS",
    "IDENTITY",
    "MARKETPLACE_BILLING",
    "OFFLINE_ACCESS",
    "OPENID",
    "PAYMENTSERVICES",
    "PAYROLL_EMPLOYEES",
    "PAYROLL_EMPLOYEES_READ",
    "PAYROLL_PAYRUNS",
    "PAYROLL_PAYRUNS_READ",
    "PAYROLL_PAYSLIP",
    "PAYROLL_PAYSLIP_READ",
    "PAYROLL_SETTINGS",
    "PAYROLL_SETTINGS_READ",
    "PAYROLL_TIMESHEETS",
    "PAYROLL_TIMESHEETS_READ",
    "PROFILE",
    "PROJECTS",
    "PROJECTS_READ",
    "allowing",
    "check_scopes",
    "granular_for",
    "granular_rule",
    "required",
]
__dir__ = module_dir(__all__)

# -- identity and offline ----------------------------------------------------------------------
OPENID: Final = "openid"
PROFILE: Final = "profile"
EMAIL: Final = "email"
OFFLINE_ACCESS: Final = "offline_access"
"""Needed for a refresh token; without it the access token lasts 30 minutes and that is all."""

# -- accounting, broad -------------------------------------------------------------------------
ACCOUNTING_TRANSACTIONS: Final = "accounting.transactions"
ACCOUNTING_TRANSACTIONS_READ: Final = "accounting.transactions.read"
ACCOUNTING_CONTACTS: Final = "accounting.contacts"
ACCOUNTING_CONTACTS_READ: Final = "accounting.contacts.read"
ACCOUNTING_SETTINGS: Final = "accounting.settings"
ACCOUNTING_SETTINGS_READ: Final = "accounting.settings.read"
ACCOUNTING_ATTACHMENTS: Final = "accounting.attachments"
ACCOUNTING_ATTACHMENTS_READ: Final = "accounting.attachments.read"
ACCOUNTING_REPORTS_READ: Final = "accounting.reports.read"
ACCOUNTING_REPORTS_TENNINETYNINE_READ: Final = "accounting.reports.tenninetynine.read"
ACCOUNTING_JOURNALS_READ: Final = "accounting.journals.read"
ACCOUNTING_BUDGETS_READ: Final = "accounting.budgets.read"
PAYMENTSERVICES: Final = "paymentservices"

# -- accounting, granular (split of accounting.transactions) ------------------------------------
ACCOUNTING_INVOICES: Final = "accounting.invoices"
ACCOUNTING_INVOICES_READ: Final = "accounting.invoices.read"
ACCOUNTING_PAYMENTS: Final = "accounting.payments"
ACCOUNTING_PAYMENTS_READ: Final = "accounting.payments.read"
ACCOUNTING_BANKTRANSACTIONS: Final = "accounting.banktransactions"
ACCOUNTING_BANKTRANSACTIONS_READ: Final = "accounting.banktransactions.read"
ACCOUNTING_MANUALJOURNALS: Final = "accounting.manualjournals"
ACCOUNTING_MANUALJOURNALS_READ: Final = "accounting.manualjournals.read"
ACCOUNTING_CLASSICEXPENSES: Final = "accounting.classicexpenses"
ACCOUNTING_CLASSICEXPENSES_READ: Final = "accounting.classicexpenses.read"

# -- accounting, granular (split of accounting.reports.read) -----------------------------------
ACCOUNTING_REPORTS_AGED_READ: Final = "accounting.reports.aged.read"
ACCOUNTING_REPORTS_BALANCESHEET_READ: Final = "accounting.reports.balancesheet.read"
ACCOUNTING_REPORTS_BANKSUMMARY_READ: Final = "accounting.reports.banksummary.read"
ACCOUNTING_REPORTS_BUDGETSUMMARY_READ: Final = "accounting.reports.budgetsummary.read"
ACCOUNTING_REPORTS_EXECUTIVESUMMARY_READ: Final = "accounting.reports.executivesummary.read"
ACCOUNTING_REPORTS_PROFITANDLOSS_READ: Final = "accounting.reports.profitandloss.read"
ACCOUNTING_REPORTS_TRIALBALANCE_READ: Final = "accounting.reports.trialbalance.read"
ACCOUNTING_REPORTS_TAXREPORTS_READ: Final = "accounting.reports.taxreports.read"

# -- payroll -----------------------------------------------------------------------------------
PAYROLL_EMPLOYEES: Final = "payroll.employees"
PAYROLL_EMPLOYEES_READ: Final = "payroll.employees.read"
PAYROLL_PAYRUNS: Final = "payroll.payruns"
PAYROLL_PAYRUNS_READ: Final = "payroll.payruns.read"
PAYROLL_PAYSLIP: Final = "payroll.payslip"
PAYROLL_PAYSLIP_READ: Final = "payroll.payslip.read"
PAYROLL_SETTINGS: Final = "payroll.settings"
PAYROLL_SETTINGS_READ: Final = "payroll.settings.read"
PAYROLL_TIMESHEETS: Final = "payroll.timesheets"
PAYROLL_TIMESHEETS_READ: Final = "payroll.timesheets.read"

# -- other APIs --------------------------------------------------------------------------------
PROJECTS: Final = "projects"
PROJECTS_READ: Final = "projects.read"
FILES: Final = "files"
FILES_READ: Final = "files.read"
ASSETS: Final = "assets"
ASSETS_READ: Final = "assets.read"
BANKFEEDS: Final = "bankfeeds"
BANKFEEDSV2: Final = "bankfeedsv2"
"""Bank Feeds v2 (Feed Connections 2.0), from xero_bankfeeds_v2.yaml."""
FINANCE_STATEMENTS_READ: Final = "finance.statements.read"
FINANCE_CASHVALIDATION_READ: Final = "finance.cashvalidation.read"
FINANCE_BANKSTATEMENTSPLUS_READ: Final = "finance.bankstatementsplus.read"
MARKETPLACE_BILLING: Final = "marketplace.billing"
"""App Store billing; requested with the client-credentials grant."""

# -- groups ------------------------------------------------------------------------------------
IDENTITY: Final = frozenset({OPENID, PROFILE, EMAIL, OFFLINE_ACCESS})

BROAD: Final = frozenset(
    {
        ACCOUNTING_TRANSACTIONS,
        ACCOUNTING_TRANSACTIONS_READ,
        ACCOUNTING_CONTACTS,
        ACCOUNTING_CONTACTS_READ,
        ACCOUNTING_SETTINGS,
        ACCOUNTING_SETTINGS_READ,
        ACCOUNTING_ATTACHMENTS,
        ACCOUNTING_ATTACHMENTS_READ,
        ACCOUNTING_REPORTS_READ,
        ACCOUNTING_REPORTS_TENNINETYNINE_READ,
        ACCOUNTING_JOURNALS_READ,
        ACCOUNTING_BUDGETS_READ,
        PAYMENTSERVICES,
        PAYROLL_EMPLOYEES,
        PAYROLL_EMPLOYEES_READ,
        PAYROLL_PAYRUNS,
        PAYROLL_PAYRUNS_READ,
        PAYROLL_PAYSLIP,
        PAYROLL_PAYSLIP_READ,
        PAYROLL_SETTINGS,
        PAYROLL_SETTINGS_READ,
        PAYROLL_TIMESHEETS,
        PAYROLL_TIMESHEETS_READ,
        PROJECTS,
        PROJECTS_READ,
        FILES,
        FILES_READ,
        ASSETS,
        ASSETS_READ,
        BANKFEEDS,
        BANKFEEDSV2,
        FINANCE_STATEMENTS_READ,
        FINANCE_CASHVALIDATION_READ,
        FINANCE_BANKSTATEMENTSPLUS_READ,
        MARKETPLACE_BILLING,
    }
)
"""The broad ("classic") API scopes, without the identity ones."""

#: Broad scope -> the granular scopes that together replace it.
GRANULAR_REPLACEMENTS: Final[dict[str, tuple[str, ...]]] = {
    ACCOUNTING_TRANSACTIONS: (
        ACCOUNTING_INVOICES,
        ACCOUNTING_PAYMENTS,
        ACCOUNTING_BANKTRANSACTIONS,
        ACCOUNTING_MANUALJOURNALS,
        ACCOUNTING_CLASSICEXPENSES,
    ),
    ACCOUNTING_TRANSACTIONS_READ: (
        ACCOUNTING_INVOICES_READ,
        ACCOUNTING_PAYMENTS_READ,
        ACCOUNTING_BANKTRANSACTIONS_READ,
        ACCOUNTING_MANUALJOURNALS_READ,
        ACCOUNTING_CLASSICEXPENSES_READ,
    ),
    ACCOUNTING_REPORTS_READ: (
        ACCOUNTING_REPORTS_AGED_READ,
        ACCOUNTING_REPORTS_BALANCESHEET_READ,
        ACCOUNTING_REPORTS_BANKSUMMARY_READ,
        ACCOUNTING_REPORTS_BUDGETSUMMARY_READ,
        ACCOUNTING_REPORTS_EXECUTIVESUMMARY_READ,
        ACCOUNTING_REPORTS_PROFITANDLOSS_READ,
        ACCOUNTING_REPORTS_TRIALBALANCE_READ,
        ACCOUNTING_REPORTS_TAXREPORTS_READ,
    ),
}

GRANULAR: Final = frozenset(s for group in GRANULAR_REPLACEMENTS.values() for s in group)
"""The granular scopes that replace ``accounting.transactions[.read]`` and
``accounting.reports.read``."""

ALL: Final = IDENTITY | BROAD | GRANULAR
"""Every scope this module knows."""


def check_scopes(scopes: Iterable[str], *, allow_unknown: bool = False) -> tuple[str, ...]:
    """Validate a list of scopes and return it as a tuple, duplicates removed, order kept.

    Raises :class:`ScopeError` when ``scopes`` is a single string (``"offline_access"`` would
    otherwise be iterated letter by letter, the xero-python bug), when an element is not a
    string, is empty or contains whitespace (pass ``["openid", "email"]``, not
    ``["openid email"]``), or, unless ``allow_unknown`` is true, when a scope is not in
    :data:`ALL`. The message names the offending values and suggests close matches.
    """
    if isinstance(scopes, (str, bytes)):
        text = scopes.decode("ascii", "replace") if isinstance(scopes, bytes) else scopes
        suggestion = [s for s in text.split() if s]
        raise ScopeError(
            f"scopes must be a list of scope strings, not a single string {text!r}; "
            f"did you mean {suggestion!r}?"
        )
    try:
        items = list(scopes)
    except TypeError:
        raise ScopeError(f"scopes must be a list of strings, got {type(scopes).__name__}") from None
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ScopeError(f"each scope must be a string, got {type(item).__name__}: {item!r}")
        if not item or any(ch.isspace() for ch in item):
            raise ScopeError(
                f"invalid scope {item!r}: one scope per list element, without spaces "
                f"(did you mean {item.split()!r}?)"
            )
        if item not in result:
            result.append(item)
    if items and all(len(s) == 1 for s in result):
        joined = "".join(items)
        raise ScopeError(
            f"scopes look like a string split into letters ({''.join(result)!r}); "
            f"pass a list of scopes such as {joined.split()!r}"
        )
    if not allow_unknown:
        unknown = [s for s in result if s not in ALL]
        if unknown:
            import difflib  # only a mistake pays for it

            hints = []
            for s in unknown:
                close = difflib.get_close_matches(s, sorted(ALL), n=1, cutoff=0.75)
                hints.append(f"{s!r} (did you mean {close[0]!r}?)" if close else repr(s))
            raise ScopeError(
                "unknown Xero scope(s): "
                + ", ".join(hints)
                + ". Use the constants in xero_sdk.auth.scopes, or pass allow_unknown_scopes=True "
                "for a scope newer than this SDK."
            )
    return tuple(result)


# -- which scopes allow which operation (data in ._operation_scopes) ------------------------------


def granular_for(broad: str) -> tuple[str, ...]:
    """The granular scopes that together replace ``broad`` (``accounting.transactions`` ->
    ``accounting.invoices``, ``.payments``, ...); a scope that was not split is its own
    replacement (``("accounting.contacts",)``)."""
    if broad not in ALL:
        raise ScopeError(f"unknown Xero scope {broad!r}")
    return GRANULAR_REPLACEMENTS.get(broad, (broad,))


def allowing(operation: Operation) -> tuple[str, ...]:
    """Every scope that allows ``operation`` (``"get_invoices"``, ``"accounting.getInvoices"`` or
    ``org.accounting.get_invoices``): the broad ones its document names, then their granular
    replacements. Any one is enough."""
    from ._operation_scopes import allowing as _allowing

    return _allowing(operation)


def required(operations: Iterable[Operation] | Operation, *, granular: bool = True) -> tuple[str, ...]:
    """The narrowest scopes to request so that every one of ``operations`` is allowed (granular
    ones unless ``granular=False``; read-only where the operation only reads). Add
    ``offline_access`` for a refresh token::

        scopes.required([xero.accounting.get_invoices, xero.accounting.create_payments])
        # ('accounting.invoices.read', 'accounting.payments')
    """
    from ._operation_scopes import required as _required

    return _required(
        operations if not isinstance(operations, str) and not callable(operations) else [operations],
        granular=granular,
    )


GRANULAR_DATE: Final = "2 March 2026"


def granular_rule(requested: Iterable[str] = ()) -> str:
    """Why Xero refuses broad scopes to new apps, naming the requested ones it split and what
    to ask for instead (for ``invalid_scope`` / ``unauthorized_client`` answers)."""
    split = [scope for scope in requested if scope in GRANULAR_REPLACEMENTS]
    text = (
        f"apps created on or after {GRANULAR_DATE} cannot request accounting.transactions[.read] "
        "or accounting.reports.read (Xero answers invalid_scope or unauthorized_client); they must "
        "request the granular scopes that replace them (older apps may mix both until September "
        "2027; custom connections created from 29 April 2026 need them too)"
    )
    if split:
        text += "; this request asked for " + ", ".join(
            f"{scope} (use {' '.join(granular_for(scope))})" for scope in split
        )
    return text
