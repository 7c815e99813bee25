"""Field names in ``where``/``order`` are checked at call time against the operation's items:
a misspelled name (top level or nested) raises ``UnknownFieldError`` with the closest names
before any request; existing names, nested paths and raw strings go out unchanged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xero_sdk import F, order_by, where
from xero_sdk.accounting import Invoice
from xero_sdk.errors import UnknownFieldError

from ._docs import operations
from ._loopback import Loopback, Reply, Seen
from .conftest import sync_client
from .test_unitdp import _call_args

WHERE_OPS = [
    (op.api, op.name) for api in ("accounting", "payroll_au") for op in operations(api) if op.query("where")
]
ORDER_OPS = [
    (op.api, op.name) for api in ("accounting", "payroll_au") for op in operations(api) if op.query("order")
]
UNCHECKED = {("payroll_au", "get_pay_items")}  # PayItems holds four lists: no one item model


def _recording(seen: list[Seen]) -> Any:
    def app(request: Seen) -> Reply:
        seen.append(request)
        return Reply.json({})

    return app


def _prepared(xero: Any, api: str, name: str) -> tuple[Any, list[Any], dict[str, Any]]:
    method = getattr(getattr(xero, api), name)
    args, kwargs = _call_args(method)
    return method, args, kwargs


def test_the_documents_have_where_and_order_operations() -> None:
    assert len(WHERE_OPS) >= 25 and len(ORDER_OPS) >= 25, (WHERE_OPS, ORDER_OPS)


@pytest.mark.parametrize(("api", "name"), [op for op in WHERE_OPS if op not in UNCHECKED])
def test_a_misspelled_where_name_is_refused_before_sending(server: Loopback, api: str, name: str) -> None:
    seen: list[Seen] = []
    server.app = _recording(seen)
    with sync_client(server) as xero:
        method, args, kwargs = _prepared(xero, api, name)
        with pytest.raises(UnknownFieldError, match="no field 'Staus'") as raised:
            method(*args, where=F("Staus") == "AUTHORISED", **kwargs)
        with pytest.raises(UnknownFieldError):
            method(*args, where=where(Staus="AUTHORISED"), **kwargs)
        method(*args, where='Staus=="AUTHORISED"', **kwargs)  # raw text: sent as written
    assert raised.value.name == "Staus"
    assert [s.params("where") for s in seen] == [['Staus=="AUTHORISED"']]


@pytest.mark.parametrize(("api", "name"), [op for op in ORDER_OPS if op not in UNCHECKED])
def test_a_misspelled_order_name_is_refused_before_sending(server: Loopback, api: str, name: str) -> None:
    seen: list[Seen] = []
    server.app = _recording(seen)
    with sync_client(server) as xero:
        method, args, kwargs = _prepared(xero, api, name)
        with pytest.raises(UnknownFieldError, match="UpdatedDatUTC"):
            method(*args, order=order_by("updated_dat_utc"), **kwargs)
        method(*args, order="UpdatedDatUTC ASC", **kwargs)
    assert [s.params("order") for s in seen] == [["UpdatedDatUTC ASC"]]


def test_did_you_mean_names_the_closest_fields_nested_too(server: Loopback) -> None:
    server.app = _recording([])
    with sync_client(server) as xero:
        with pytest.raises(UnknownFieldError) as top:
            xero.accounting.get_invoices(order=order_by("updated_dat_utc"))
        with pytest.raises(UnknownFieldError) as nested:
            xero.accounting.get_invoices(where=where(Contact__ContactIDD="x"))
        with pytest.raises(UnknownFieldError) as leaf:
            xero.accounting.get_invoices(where=F("Reference.Length") == 3)
    assert top.value.suggestions[0] == "UpdatedDateUTC" and "did you mean 'UpdatedDateUTC'" in str(top.value)
    assert nested.value.model == "Contact" and "'Contact.ContactID'" in str(nested.value)
    assert "Reference is not an object" in str(leaf.value)
    assert isinstance(top.value, ValueError)


def test_existing_names_nested_paths_and_typed_fields_are_sent(server: Loopback) -> None:
    seen: list[Seen] = []
    server.app = _recording(seen)
    contact = "fe61ead1-8afc-4f0b-beda-066620227aad"
    with sync_client(server) as xero:
        xero.accounting.get_invoices(
            where=where(Type="ACCREC", Date__gte=date(2026, 1, 1), contact__contact_id=contact)
            & (Invoice.F.status == "PAID")
            & (F("contact.name") == "Acme"),  # any case, as Dynamic LINQ reads names
            order=order_by("updated_date_utc", desc=True),
        )
        xero.payroll_au.get_employees(where=F("Status") == "ACTIVE", order="LastName ASC")
    assert seen[0].params("where") == [
        'Type=="ACCREC"&&Date>=DateTime(2026,01,01)&&Contact.ContactID=="fe61ead1-8afc-4f0b-beda-066620227aad"'
        '&&Status=="PAID"&&Contact.Name=="Acme"'
    ]
    assert seen[0].params("order") == ["UpdatedDateUTC DESC"]
    assert seen[1].params("where") == ['Status=="ACTIVE"']
