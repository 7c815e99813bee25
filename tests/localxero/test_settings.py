"""Organisation settings that keep state: accounts, tax rates, currencies, contact groups,
items, tracking categories; and the other APIs answering from their documents' examples."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from tests.localxero.conftest import raw_client
from xero_sdk import Xero
from xero_sdk.accounting import (
    Account,
    AccountType,
    Contact,
    ContactGroup,
    ContactGroups,
    Contacts,
    Item,
    Items,
    TaxComponent,
    TaxRate,
    TaxRates,
    TrackingCategory,
    TrackingOption,
)
from xero_sdk.errors import BadRequestError
from xero_sdk.testing import LocalXero


def test_account_codes_are_unique(xero_client: Xero) -> None:
    created = xero_client.accounting.create_account(
        body=Account(code="201", name="Consulting Income", type_=AccountType.REVENUE)
    )
    assert (created.accounts or [])[0].class_ == "REVENUE"
    with pytest.raises(BadRequestError) as refused:
        xero_client.accounting.create_account(
            body=Account(code="201", name="Another", type_=AccountType.REVENUE)
        )
    assert [e.message for e in refused.value.errors] == ["Please enter a unique Code."]


def test_a_new_tax_rate_applies_its_components_to_invoice_lines(xero_client: Xero) -> None:
    rate = TaxRate(name="Tourism levy", tax_components=[TaxComponent(name="Levy", rate=Decimal("12.5"))])
    created = (xero_client.accounting.create_tax_rates(body=TaxRates(tax_rates=[rate])).tax_rates or [])[0]
    assert created.effective_rate == Decimal("12.5") and created.tax_type
    body = {
        "Invoices": [
            {
                "Type": "ACCREC",
                "Contact": {"Name": "Boom FM"},
                "LineItems": [
                    {
                        "Description": "Tour",
                        "Quantity": 1,
                        "UnitAmount": 80,
                        "AccountCode": "200",
                        "TaxType": created.tax_type,
                    }
                ],
            }
        ]
    }
    invoice = (xero_client.accounting.create_invoices(body=body).invoices or [])[0]  # type: ignore[arg-type]
    assert invoice.total_tax == Decimal("10.00")


def test_contact_groups_hold_contacts(xero_client: Xero) -> None:
    group = (
        xero_client.accounting.create_contact_group(
            body=ContactGroups(contact_groups=[ContactGroup(name="Wholesale")])
        ).contact_groups
        or []
    )[0]
    contact = (xero_client.accounting.get_contacts(where='Name=="Boom FM"').contacts or [])[0]
    xero_client.accounting.create_contact_group_contacts(
        str(group.contact_group_id), body=Contacts(contacts=[Contact(contact_id=contact.contact_id)])
    )
    again = (xero_client.accounting.get_contact_group(str(group.contact_group_id)).contact_groups or [])[0]
    assert [c.name for c in again.contacts or []] == ["Boom FM"]


def test_item_codes_are_unique_and_items_can_be_deleted(xero_client: Xero) -> None:
    with pytest.raises(BadRequestError):
        xero_client.accounting.create_items(body=Items(items=[Item(code="BOOK", name="Duplicate")]))
    book = (xero_client.accounting.get_items(where='Code=="BOOK"').items or [])[0]
    xero_client.accounting.delete_item(str(book.item_id))
    assert not xero_client.accounting.get_items(where='Code=="BOOK"').items


def test_at_most_two_active_tracking_categories_each_with_options(xero_client: Xero) -> None:
    second = (
        xero_client.accounting.create_tracking_category(
            body=TrackingCategory(name="Project")
        ).tracking_categories
        or []
    )[0]
    xero_client.accounting.create_tracking_options(
        str(second.tracking_category_id), body=TrackingOption(name="Website")
    )
    options = (
        xero_client.accounting.get_tracking_category(str(second.tracking_category_id)).tracking_categories
        or []
    )[0].options or []
    assert [o.name for o in options] == ["Website"]
    with pytest.raises(BadRequestError):
        xero_client.accounting.create_tracking_category(body=TrackingCategory(name="Third"))


def test_currencies_can_be_added(raw: httpx.Client) -> None:
    assert raw.put("/Currencies", json={"Code": "AUD", "Description": "Australian Dollar"}).status_code == 200
    codes = [c["Code"] for c in raw.get("/Currencies").json()["Currencies"]]
    assert "AUD" in codes


@pytest.mark.parametrize(
    ("path", "key"), [("/payroll.xro/2.0/Employees", "employees"), ("/projects.xro/2.0/Projects", "items")]
)
def test_other_apis_answer_from_their_documents(xero_local: LocalXero, path: str, key: str) -> None:
    client = raw_client(xero_local)
    response = client.get(f"https://api.xero.com{path}")
    assert response.status_code == 200
    assert key in response.json()
