"""Which scopes allow which operation: the broad half against the documents' security sections,
the granular half (Xero's 2026 split), ``scopes.required`` / ``granular_for``, a 403 that names
the missing scopes or the Advanced tier, and the March 2026 rule at consent and token time."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.layer._loopback import Loopback, Reply
from tests.specdocs import REST_APIS, raw_doc, raw_operations
from xero_sdk import Xero, errors
from xero_sdk.auth import OAuth2App, OAuthError, scopes
from xero_sdk.auth._operation_scopes import GRANULAR_BY_ENTITY, GRANULAR_BY_REPORT

SPLIT = (scopes.ACCOUNTING_TRANSACTIONS, scopes.ACCOUNTING_TRANSACTIONS_READ, scopes.ACCOUNTING_REPORTS_READ)


def documented(api: str, op: dict[str, Any]) -> tuple[str, ...]:
    requirements = op.get("security", raw_doc(api).get("security")) or []
    out: list[str] = []
    for requirement in requirements:
        for names in requirement.values():
            out += [n for n in names if n not in out]
    return tuple(out)


@pytest.mark.parametrize("api", REST_APIS)
def test_broad_half_is_each_documents_security_section(api: str) -> None:
    checked = 0
    for _path, _method, op, _item in raw_operations(api):
        broad = documented(api, op)
        got = scopes.allowing(f"{api}.{op['operationId']}")
        assert got[: len(broad)] == broad, op["operationId"]
        assert set(got[len(broad) :]) <= scopes.GRANULAR, op["operationId"]  # the rest is granular
        checked += 1
    assert checked == sum(1 for _ in raw_operations(api))


def test_every_operation_a_split_scope_allows_has_its_granular_scope() -> None:
    for path, method, op, _item in raw_operations("accounting"):
        broad = documented("accounting", op)
        if not set(broad) & set(SPLIT):
            continue
        granular = scopes.allowing(f"accounting.{op['operationId']}")[len(broad) :]
        assert granular or set(broad) - set(SPLIT), op["operationId"]  # 1099: its own scope stays
        if scopes.ACCOUNTING_TRANSACTIONS in broad:
            entity = path.strip("/").split("/")[0]
            assert GRANULAR_BY_ENTITY[entity][0] in granular
        if scopes.ACCOUNTING_TRANSACTIONS_READ not in broad:  # a write: no read-only scope allows it
            assert not any(g.endswith(".read") for g in granular if g.startswith("accounting.invoices")), op
        if scopes.ACCOUNTING_REPORTS_READ in broad:
            assert GRANULAR_BY_REPORT[op["operationId"]] in granular + broad
        assert method == "get" or all(not g.endswith(".read") for g in granular), op["operationId"]


def test_allowing_names_methods_and_qualified_names() -> None:
    want = (
        "accounting.transactions",
        "accounting.transactions.read",
        "accounting.invoices",
        "accounting.invoices.read",
    )
    assert scopes.allowing("get_invoices") == want
    assert scopes.allowing("getInvoices") == want
    assert scopes.allowing("accounting.get_invoices") == want
    with Xero(access_token="t", tenant_id="x") as xero:
        assert scopes.allowing(xero.accounting.get_invoices) == want
        assert scopes.allowing(xero.payroll_uk.get_employees) == (
            "payroll.employees",
            "payroll.employees.read",
        )
    assert scopes.allowing("create_payments") == ("accounting.transactions", "accounting.payments")
    assert scopes.allowing("get_report_balance_sheet") == (
        "accounting.reports.read",
        "accounting.reports.balancesheet.read",
    )
    assert scopes.allowing("bankfeeds_v2.get_feed_connections") == ("bankfeedsv2",)
    assert scopes.allowing("identity.get_connections") == ()
    with pytest.raises(ValueError, match=r"payroll_au\.get_employees, payroll_nz\.get_employees"):
        scopes.allowing("get_employees")
    with pytest.raises(ValueError, match="no Xero operation"):
        scopes.allowing("get_invoicez")


def test_required_gives_the_narrowest_scopes_for_a_set_of_operations() -> None:
    assert scopes.required(
        ["get_invoices", "create_payments", "get_report_balance_sheet", "payroll_uk.get_employees"]
    ) == (
        "accounting.invoices.read",
        "accounting.payments",
        "accounting.reports.balancesheet.read",
        "payroll.employees.read",
    )
    # read and write on one entity: the read-write scope covers both
    assert scopes.required(["get_invoices", "create_invoices"]) == ("accounting.invoices",)
    assert scopes.required(["get_invoices", "get_contacts"], granular=False) == (
        "accounting.contacts.read",
        "accounting.transactions.read",
    )
    assert scopes.required("get_journals") == ("accounting.journals.read",)
    assert scopes.check_scopes(scopes.required(["get_quotes", "create_bank_transfer"])) == (
        "accounting.banktransactions",
        "accounting.invoices.read",
    )


def test_granular_for() -> None:
    assert scopes.granular_for("accounting.transactions") == (
        "accounting.invoices", "accounting.payments", "accounting.banktransactions",
        "accounting.manualjournals", "accounting.classicexpenses",
    )  # fmt: skip
    assert "accounting.reports.balancesheet.read" in scopes.granular_for("accounting.reports.read")
    assert scopes.granular_for("accounting.contacts") == ("accounting.contacts",)
    with pytest.raises(ValueError):
        scopes.granular_for("accounting.everything")


# --------------------------------------------------------------------------- a 403 explained


def jwt(scope: list[str]) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256'})}.{part({'scope': scope, 'xero_userid': 'u'})}.c2lnbmF0dXJl"


def forbidden(seen: Any) -> Reply:
    body = {"Type": None, "Title": "Forbidden", "Status": 403, "Detail": "AuthenticationUnsuccessful"}
    return Reply(403, {"Content-Type": "application/json"}, json.dumps(body).encode())


@pytest.fixture
def server() -> Any:
    loopback = Loopback()
    loopback.reset(forbidden)
    yield loopback
    loopback.close()


def call(server: Loopback, token: str, method: str) -> errors.APIError:
    with Xero(access_token=token, tenant_id="t", api_url=server.url, max_retries=0) as xero:
        with pytest.raises(errors.PermissionDeniedError) as info:
            getattr(xero.accounting, method)()
    return info.value


def test_a_403_names_the_scopes_the_token_lacks(server: Loopback) -> None:
    token = jwt(["openid", "accounting.contacts.read"])
    error = call(server, token, "get_invoices")
    assert type(error) is errors.PermissionDeniedError
    assert error.missing_scopes == error.required_scopes == scopes.allowing("get_invoices")
    assert error.granted_scopes == ("openid", "accounting.contacts.read")
    assert "lacks the scopes this operation needs: one of accounting.transactions" in str(error)
    assert "accounting.invoices.read" in str(error)
    assert token not in str(error) and token not in repr(error.__dict__)


def test_a_403_with_an_opaque_token_lists_the_scopes_that_allow_the_call(server: Loopback) -> None:
    error = call(server, "not-a-jwt", "get_invoices")
    assert error.granted_scopes is None and error.missing_scopes == ()
    assert "scopes that allow this operation (any one): accounting.transactions" in str(error)


def test_journals_403_with_the_scope_is_the_advanced_tier(server: Loopback) -> None:
    error = call(server, jwt(["accounting.journals.read"]), "get_journals")
    assert isinstance(error, errors.AdvancedTierRequiredError)
    assert "Advanced tier" in str(error) and error.status == 403
    # without the scope, the scope is what is missing
    lacking = call(server, jwt(["accounting.contacts"]), "get_journals")
    assert type(lacking) is errors.PermissionDeniedError
    assert lacking.missing_scopes == ("accounting.journals.read",)


# --------------------------------------------------------------------------- the March 2026 rule


def test_invalid_scope_at_consent_explains_the_granular_rule() -> None:
    app = OAuth2App("id", "secret", redirect_uri="http://localhost/cb", scopes=["accounting.transactions"])
    request = app.authorization_request()
    with pytest.raises(OAuthError) as info:
        app.exchange_code(
            f"http://localhost/cb?error=invalid_scope&state={request.state}",
            state=request.state,
            code_verifier=request.code_verifier,
        )
    text = str(info.value)
    assert info.value.error == "invalid_scope"
    assert "2 March 2026" in text
    assert "accounting.transactions (use accounting.invoices accounting.payments" in text


@pytest.mark.parametrize("code", ["invalid_scope", "unauthorized_client"])
def test_scope_refusal_at_token_time_explains_the_granular_rule(server: Loopback, code: str) -> None:
    server.reset(
        lambda seen: Reply(400, {"Content-Type": "application/json"}, json.dumps({"error": code}).encode())
    )
    app = OAuth2App(
        "id", "secret", token_url=server.url + "/connect/token", scopes=["accounting.reports.read"]
    )
    with pytest.raises(OAuthError) as info:
        app.client_credentials()
    assert info.value.error == code
    assert "2 March 2026" in str(info.value)
    assert "accounting.reports.read (use accounting.reports.aged.read" in str(info.value)
    assert "secret" not in str(info.value)
