"""Scope constants and checks: caught before any user is sent to Xero."""

from __future__ import annotations

import pytest

from xero_sdk.auth import OAuth2App, ScopeError, check_scopes, scopes

DOCUMENTED = {
    # identity and offline
    "openid", "profile", "email", "offline_access",
    # accounting, broad
    "accounting.transactions", "accounting.transactions.read", "accounting.contacts",
    "accounting.contacts.read", "accounting.settings", "accounting.settings.read",
    "accounting.attachments", "accounting.attachments.read", "accounting.reports.read",
    "accounting.reports.tenninetynine.read", "accounting.journals.read", "accounting.budgets.read",
    "paymentservices",
    # payroll
    "payroll.employees", "payroll.employees.read", "payroll.payruns", "payroll.payruns.read",
    "payroll.payslip", "payroll.payslip.read", "payroll.settings", "payroll.settings.read",
    "payroll.timesheets", "payroll.timesheets.read",
    # other APIs
    "projects", "projects.read", "files", "files.read", "assets", "assets.read", "bankfeeds", "bankfeedsv2",
    "finance.statements.read", "finance.cashvalidation.read", "finance.bankstatementsplus.read",
    "marketplace.billing",
    # granular
    "accounting.invoices", "accounting.invoices.read", "accounting.payments",
    "accounting.payments.read", "accounting.banktransactions", "accounting.banktransactions.read",
    "accounting.manualjournals", "accounting.manualjournals.read", "accounting.classicexpenses",
    "accounting.classicexpenses.read", "accounting.reports.aged.read",
    "accounting.reports.balancesheet.read", "accounting.reports.banksummary.read",
    "accounting.reports.budgetsummary.read", "accounting.reports.executivesummary.read",
    "accounting.reports.profitandloss.read", "accounting.reports.trialbalance.read",
    "accounting.reports.taxreports.read",
}  # fmt: skip


def test_every_documented_scope_has_a_constant() -> None:
    assert scopes.ALL == DOCUMENTED
    constants = {
        name: getattr(scopes, name)
        for name in scopes.__all__
        if name.isupper() and isinstance(getattr(scopes, name), str)
    }
    assert set(constants.values()) == DOCUMENTED
    for name, value in constants.items():
        assert name == value.upper().replace(".", "_"), name
    assert scopes.ACCOUNTING_REPORTS_BALANCESHEET_READ == "accounting.reports.balancesheet.read"
    assert isinstance(scopes.ALL, frozenset)
    assert scopes.GRANULAR.isdisjoint(scopes.BROAD)


def test_check_scopes_returns_a_deduplicated_tuple() -> None:
    assert check_scopes([scopes.OFFLINE_ACCESS, scopes.ACCOUNTING_INVOICES, scopes.OFFLINE_ACCESS]) == (
        "offline_access",
        "accounting.invoices",
    )
    assert check_scopes(iter([scopes.EMAIL])) == ("email",)
    assert check_scopes([]) == ()


def test_a_single_string_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ScopeError, match=r"not a single string 'offline_access accounting.invoices'") as info:
        check_scopes("offline_access accounting.invoices")
    assert "['offline_access', 'accounting.invoices']" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_a_string_split_into_letters_is_recognised() -> None:
    with pytest.raises(ScopeError, match="split into letters"):
        check_scopes(list("offline_access"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["offline_access openid"], "one scope per list element"),
        ([""], "invalid scope ''"),
        ([" email"], "invalid scope"),
        ([42], "each scope must be a string"),
        (None, "must be a list"),
    ],
)
def test_malformed_elements_are_refused(value: object, message: str) -> None:
    with pytest.raises(ScopeError, match=message):
        check_scopes(value)  # type: ignore[arg-type]


def test_unknown_scope_is_refused_with_a_close_match() -> None:
    with pytest.raises(ScopeError, match=r"'accounting.invoice' \(did you mean 'accounting.invoices'\?\)"):
        check_scopes(["offline_access", "accounting.invoice"])
    with pytest.raises(ScopeError, match="allow_unknown_scopes=True"):
        check_scopes(["made.up"])
    assert check_scopes(["accounting.future.read"], allow_unknown=True) == ("accounting.future.read",)


def test_app_checks_scopes_at_construction() -> None:
    with pytest.raises(ScopeError, match="single string"):
        OAuth2App("id", "secret", redirect_uri="https://example.com/cb", scopes="offline_access")
    with pytest.raises(ScopeError, match="unknown Xero scope"):
        OAuth2App("id", "secret", redirect_uri="https://example.com/cb", scopes=["offline_acess"])
    app = OAuth2App(
        "id",
        "secret",
        redirect_uri="https://example.com/cb",
        scopes=["brand.new.scope"],
        allow_unknown_scopes=True,
    )
    assert app.scopes == ("brand.new.scope",)


def test_authorization_request_checks_override_scopes() -> None:
    app = OAuth2App("id", None, redirect_uri="https://example.com/cb", scopes=[scopes.OFFLINE_ACCESS])
    with pytest.raises(ScopeError):
        app.authorization_request(scopes="openid")
    with pytest.raises(ScopeError):
        app.authorization_request(scopes=["nope"])
    with pytest.raises(ValueError, match="no scopes"):
        OAuth2App("id", None, redirect_uri="https://example.com/cb").authorization_request()
    with pytest.raises(ScopeError):
        OAuth2App("id", "secret").client_credentials(scopes="marketplace.billing")
