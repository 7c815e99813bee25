"""Reading lists: the where language, order, paging and the pagination object, Journals offset,
If-Modified-Since, IDs, Statuses, includeArchived, summaryOnly, and dates as Xero sends them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import httpx
import pytest

from xero_sdk import F, Xero, where
from xero_sdk.testing import LocalXero

SEEDED_ACTIVE_CONTACTS = 26  # 27 seeded, one ARCHIVED


def _names(xero: Xero, expression: str | object, **kwargs: object) -> list[str]:
    contacts = xero.accounting.get_contacts(where=expression, **kwargs).contacts or []  # type: ignore[arg-type]
    return sorted(str(c.name) for c in contacts)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('Name=="Boom FM"', ["Boom FM"]),
        ('Name = "Boom FM"', ["Boom FM"]),
        ('Name.StartsWith("Ba")', ["Basket Case", "Bayside Club"]),
        ('Name.EndsWith("Club")', ["Bayside Club"]),
        ('Name.Contains("Agency")', ["City Agency", "SMART Agency"]),
        ('Name.ToLower()=="boom fm"', ["Boom FM"]),
        ('Name.ToUpper().Contains("AGENCY") AND IsSupplier==false', ["City Agency", "SMART Agency"]),
        ("IsCustomer==true&&IsSupplier==true", ["Alpine Outfitters", "Young Bros Transport"]),
        ('Name=="Boom FM" OR Name=="Basket Case"', ["Basket Case", "Boom FM"]),
        (
            'Name=="Boom FM" || (Name.StartsWith("Ri") && IsCustomer==true)',
            ["Boom FM", "Ridgeway University"],
        ),
        (
            'NOT (Name.StartsWith("A") OR Name.StartsWith("B")) AND Name.StartsWith("C")',
            ["City Agency", "Cooper Hardware"],
        ),
        (
            '!(IsCustomer==true) AND Name.StartsWith("P")',
            ["PC Complete", "Port & Philip Freight", "Powerdirect"],
        ),
        ("EmailAddress==null", ["Adventure Works", "Orlena Greenhouse"]),
        ('EmailAddress!=null&&EmailAddress.StartsWith("hello")', ["Alpine Outfitters", "Rex Media Group"]),
        ('Name <> "Boom FM" AND Name.StartsWith("Bo")', []),
    ],
)
def test_where_language(xero_client: Xero, expression: str, expected: list[str]) -> None:
    assert _names(xero_client, expression) == expected


def test_where_built_with_F_and_where_helpers(xero_client: Xero) -> None:
    assert _names(
        xero_client, (F("ContactStatus") == "ACTIVE") & F("Name").startswith("A", null_safe=True)
    ) == [
        "ABC Furniture",
        "Acme Corporation",
        "Adventure Works",
        "Alpine Outfitters",
    ]
    assert _names(xero_client, where(EmailAddress__isnull=True)) == ["Adventure Works", "Orlena Greenhouse"]


def test_where_nested_path_with_guid_selects_one_contacts_invoices(xero_client: Xero) -> None:
    acme = (xero_client.accounting.get_contacts(where='Name=="Acme Corporation"').contacts or [])[0]
    invoices = (
        xero_client.accounting.get_invoices(where=F("Contact.ContactID") == acme.contact_id).invoices or []
    )
    assert invoices and all(i.contact and i.contact.contact_id == acme.contact_id for i in invoices)
    same = (
        xero_client.accounting.get_invoices(where=f'Contact.ContactID==Guid("{acme.contact_id}")').invoices
        or []
    )
    assert [i.invoice_id for i in same] == [i.invoice_id for i in invoices]


def test_where_dates_and_numbers_compare_as_values(xero_client: Xero) -> None:
    today = dt.date.today()
    recent = (
        xero_client.accounting.get_invoices(where=F("Date") >= today - dt.timedelta(days=30)).invoices or []
    )
    assert recent and all(i.date and i.date >= today - dt.timedelta(days=30) for i in recent)
    older = (
        xero_client.accounting.get_invoices(
            where=f"Date<DateTime({(today - dt.timedelta(days=30)):%Y,%m,%d})"
        ).invoices
        or []
    )
    assert older and all(i.date and i.date < today - dt.timedelta(days=30) for i in older)
    owing = (
        xero_client.accounting.get_invoices(where=(F("AmountDue") > 100) & (F("Type") == "ACCREC")).invoices
        or []
    )
    assert owing and all(i.amount_due and i.amount_due > 100 for i in owing)


def test_order_by_one_or_more_fields(xero_client: Xero) -> None:
    names = [c.name for c in xero_client.accounting.get_contacts(order="Name DESC").contacts or []]
    assert names == sorted(names, key=lambda n: str(n).lower(), reverse=True)
    invoices = xero_client.accounting.get_invoices(order="Type ASC, Total DESC").invoices or []
    keys = [(str(i.type_), -(i.total or 0)) for i in invoices]
    assert keys == sorted(keys)


def test_page_and_page_size_return_the_pagination_object(xero_client: Xero) -> None:
    first = xero_client.accounting.get_contacts(page=1, page_size=10)
    third = xero_client.accounting.get_contacts(page=3, page_size=10)
    assert first.pagination is not None and third.pagination is not None
    assert (
        first.pagination.page,
        first.pagination.page_size,
        first.pagination.page_count,
        first.pagination.item_count,
    ) == (1, 10, 3, SEEDED_ACTIVE_CONTACTS)
    assert len(first.contacts or []) == 10 and len(third.contacts or []) == SEEDED_ACTIVE_CONTACTS - 20


def test_iterating_walks_every_page(xero_client: Xero) -> None:
    assert len(list(xero_client.accounting.iter_contacts())) == SEEDED_ACTIVE_CONTACTS


def test_include_archived_adds_archived_contacts(xero_client: Xero) -> None:
    everyone = xero_client.accounting.get_contacts(include_archived=True).contacts or []
    assert len(everyone) == SEEDED_ACTIVE_CONTACTS + 1
    assert [c.name for c in everyone if c.contact_status == "ARCHIVED"] == ["DIISR - Small Business Services"]


def test_ids_and_statuses_filter_invoices(xero_client: Xero) -> None:
    invoices = xero_client.accounting.get_invoices().invoices or []
    chosen = [str(i.invoice_id) for i in invoices[:2]]
    by_id = xero_client.accounting.get_invoices(ids=chosen).invoices or []
    assert sorted(str(i.invoice_id) for i in by_id) == sorted(str(i) for i in chosen)
    paid = xero_client.accounting.get_invoices(statuses=["PAID"]).invoices or []
    assert paid and {i.status for i in paid} == {"PAID"}


def test_summary_only_leaves_out_line_items(xero_client: Xero) -> None:
    full = xero_client.accounting.get_invoices(page=1).invoices or []
    summary = xero_client.accounting.get_invoices(page=1, summary_only=True).invoices or []
    assert all(i.line_items for i in full)
    assert not any(i.line_items for i in summary)


def test_if_modified_since_returns_records_changed_after(xero_local: LocalXero, xero_client: Xero) -> None:
    mark = dt.datetime.now(dt.timezone.utc)
    for contact in xero_local.org().all("Contacts"):
        contact["UpdatedDateUTC"] = mark - dt.timedelta(hours=1)
    xero_client.accounting.update_contact(
        str(xero_local.org().get("Contacts", "C005")["ContactID"]),  # type: ignore[index]
        body={"Contacts": [{"EmailAddress": "new@basket.example"}]},  # type: ignore[arg-type]
    )
    changed = (
        xero_client.accounting.get_contacts(if_modified_since=mark - dt.timedelta(minutes=1)).contacts or []
    )
    assert [c.name for c in changed] == ["Basket Case"]


def test_journals_page_by_offset_in_number_order(xero_client: Xero) -> None:
    journals = xero_client.accounting.get_journals().journals or []
    numbers = [j.journal_number for j in journals]
    assert numbers == sorted(numbers) and numbers[0] == 1
    after = xero_client.accounting.get_journals(offset=3).journals or []
    assert [j.journal_number for j in after] == [n for n in numbers if n and n > 3]
    for journal in journals:  # every journal balances
        assert sum((line.net_amount or Decimal(0)) for line in journal.journal_lines or []) == 0


def test_dates_are_sent_as_ms_json_dates(raw: httpx.Client) -> None:
    body = raw.get("/Invoices", params={"page": 1}).json()
    invoice = body["Invoices"][0]
    assert re.fullmatch(r"/Date\(\d+\+0000\)/", invoice["Date"])
    assert re.fullmatch(r"/Date\(\d+\+0000\)/", invoice["UpdatedDateUTC"])
    assert re.fullmatch(r"/Date\(\d+\+0000\)/", body["DateTimeUTC"])
    millis = int(invoice["Date"][6:-7])
    assert millis % 86_400_000 == 0  # a date is midnight UTC


def test_unknown_record_is_404(xero_client: Xero) -> None:
    from xero_sdk.errors import NotFoundError

    with pytest.raises(NotFoundError):
        xero_client.accounting.get_invoice("00000000-0000-0000-0000-000000000000")
