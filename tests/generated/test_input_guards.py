"""Input that would be sent wrong is refused before anything is sent: floats for amounts,
Decimals too large to write, list parameters whose elements hold the separator or are not
GUIDs; a webhook key with stray whitespace still verifies."""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

import pytest

from tests.webhooks._helpers import INTENT_TO_RECEIVE, KEY, sign
from xero_sdk._runtime.codec import dumps
from xero_sdk.errors import InvalidRequestError
from xero_sdk.webhooks import WebhookHandler, verify_signature


def test_a_float_amount_is_refused_naming_the_field() -> None:
    from xero_sdk.accounting import Invoice, LineItem

    with pytest.raises(TypeError, match=r"LineItem\.unit_amount .*float 0\.30000000000000004"):
        LineItem(unit_amount=0.1 + 0.2)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Invoice\.total"):
        Invoice(total=1.5)  # type: ignore[arg-type]
    exact = LineItem(unit_amount=Decimal("0.30"), quantity=2, tax_amount="1.10")  # type: ignore[arg-type]
    assert (exact.unit_amount, exact.quantity, exact.tax_amount) == (
        Decimal("0.30"),
        Decimal(2),
        Decimal("1.10"),
    )
    assert b'"UnitAmount":0.30' in exact.to_json() and b'"TaxAmount":1.10' in exact.to_json()


def test_decimal_exponent_is_bounded() -> None:
    from xero_sdk.accounting import LineItem

    for huge in (Decimal("1E+20000000"), Decimal("1E-20000000")):
        with pytest.raises(ValueError, match="out of range"):
            dumps({"UnitAmount": huge})
        with pytest.raises(ValueError, match="out of range"):
            LineItem(unit_amount=huge).to_json()
    assert dumps([Decimal("1E+2"), Decimal("2.5E-3")]) == b"[100,0.0025]"


def test_list_parameter_elements_holding_the_separator_are_refused() -> None:
    from xero_sdk._generated.accounting.api import get_invoices

    with pytest.raises(InvalidRequestError, match=r"InvoiceNumbers: element 'INV-1,INV-2'"):
        get_invoices.build(invoice_numbers=["INV-1,INV-2"])
    with pytest.raises(InvalidRequestError, match="InvoiceNumbers"):
        get_invoices.build(invoice_numbers=["INV-1", ""])
    request = get_invoices.build(invoice_numbers=["INV-1", "INV-2"], statuses=["DRAFT", "PAID"])
    assert ("InvoiceNumbers", "INV-1,INV-2") in request.params and (
        "Statuses",
        "DRAFT,PAID",
    ) in request.params


def test_guid_list_parameters_hold_only_guids() -> None:
    from xero_sdk._generated.accounting.api import get_invoices

    for bad in ("not-a-guid", "6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b,00000000-0000-0000-0000-000000000000"):
        with pytest.raises(InvalidRequestError, match=r"IDs: .* is not a GUID"):
            get_invoices.build(ids=[bad])
    one = uuid.UUID("6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    request = get_invoices.build(ids=[one, "{0C7A1B2E-1C2D-4E5F-8A9B-0C1D2E3F4A5B}"], contact_ids=[one])
    assert ("IDs", f"{one},0c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b") in request.params
    assert ("ContactIDs", str(one)) in request.params


@pytest.mark.parametrize("padded", [KEY + "\n", " " + KEY, KEY + "\r\n", "\t" + KEY + " "])
def test_webhook_key_whitespace_is_stripped_with_a_warning(
    padded: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="xero_sdk.webhooks")
    signature = sign(INTENT_TO_RECEIVE)
    assert WebhookHandler(padded).handle(INTENT_TO_RECEIVE, {"x-xero-signature": signature}).status == 200
    assert verify_signature(INTENT_TO_RECEIVE, signature, padded.encode())
    assert "whitespace" in caplog.text and KEY not in caplog.text
