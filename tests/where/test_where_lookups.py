"""where(): Django-style lookups, xeroizer suffixes, raw strings, render_where."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from xero_sdk._runtime.where import LOOKUPS, XEROIZER_SUFFIXES, F, where
from xero_sdk._runtime.where import render_where as render

CID = UUID("fe61ead1-8afc-4f0b-beda-066620227aad")
GUID = 'Guid("fe61ead1-8afc-4f0b-beda-066620227aad")'


@pytest.mark.parametrize(
    ("lookups", "text"),
    [
        ({"Status": "DRAFT"}, 'Status=="DRAFT"'),
        ({"Status__exact": "DRAFT"}, 'Status=="DRAFT"'),
        ({"Status__ne": "DRAFT"}, 'Status!="DRAFT"'),
        ({"AmountDue__gt": 0}, "AmountDue>0"),
        ({"AmountDue__gte": Decimal("0.01")}, "AmountDue>=0.01"),
        ({"AmountDue__lt": 10}, "AmountDue<10"),
        ({"AmountDue__lte": Decimal("10.5")}, "AmountDue<=10.5"),
        ({"Date__gte": date(2026, 1, 31)}, "Date>=DateTime(2026,01,31)"),
        ({"Name__contains": "Ltd"}, 'Name.Contains("Ltd")'),
        ({"Name__startswith": "A"}, 'Name.StartsWith("A")'),
        ({"Name__endswith": "Z"}, 'Name.EndsWith("Z")'),
        ({"EmailAddress__isnull": True}, "EmailAddress==null"),
        ({"EmailAddress__isnull": False}, "EmailAddress!=null"),
        ({"EmailAddress": None}, "EmailAddress==null"),
        ({"IsSold": True}, "IsSold==true"),
        ({"Status__in": ["DRAFT", "SUBMITTED"]}, 'Status=="DRAFT"||Status=="SUBMITTED"'),
        ({"Status__in": ("DRAFT",)}, 'Status=="DRAFT"'),
        ({"Status__in": {"SUBMITTED", "DRAFT"}}, 'Status=="DRAFT"||Status=="SUBMITTED"'),
        ({"Contact__ContactID": CID}, f"Contact.ContactID=={GUID}"),
        ({"contact__contact_id": CID}, f"Contact.ContactID=={GUID}"),
        ({"Contact__Name__startswith": "Acme"}, 'Contact.Name.StartsWith("Acme")'),
        ({"contact__name__isnull": False}, "Contact.Name!=null"),
        ({"Invoice__date__lt": date(2026, 1, 1)}, "Invoice.Date<DateTime(2026,01,01)"),
        ({"Contact.ContactID": CID}, f"Contact.ContactID=={GUID}"),
    ],
)
def test_django_lookups(lookups: dict[str, object], text: str) -> None:
    assert str(where(**lookups)) == text


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("amount_due_is_not", "AmountDue!=5"),
        ("amount_due_is_greater_than", "AmountDue>5"),
        ("amount_due_is_greater_than_or_equal_to", "AmountDue>=5"),
        ("amount_due_is_less_than", "AmountDue<5"),
        ("amount_due_is_less_than_or_equal_to", "AmountDue<=5"),
        ("AmountDue_is_greater_than", "AmountDue>5"),
        ("contact__total_is_not", "Contact.Total!=5"),
        ("is_sold_is_not", "IsSold!=5"),
    ],
)
def test_xeroizer_suffixes(key: str, text: str) -> None:
    assert str(where(**{key: 5})) == text


def test_every_lookup_and_suffix_is_covered() -> None:
    assert set(LOOKUPS) == {
        "exact",
        "ne",
        "gt",
        "gte",
        "lt",
        "lte",
        "contains",
        "startswith",
        "endswith",
        "isnull",
        "in",
    }
    assert {suffix for suffix, _ in XEROIZER_SUFFIXES} == {
        "_is_not",
        "_is_greater_than",
        "_is_greater_than_or_equal_to",
        "_is_less_than",
        "_is_less_than_or_equal_to",
    }


@pytest.mark.parametrize(
    ("name", "xero"),
    [
        ("amount_due", "AmountDue"),
        ("updated_date_utc", "UpdatedDateUTC"),
        ("contact_id", "ContactID"),
        ("invoice_id", "InvoiceID"),
        ("is_sold", "IsSold"),
        ("type_", "Type"),
        ("address_line_1", "AddressLine1"),
        ("AmountDue", "AmountDue"),
        ("UpdatedDateUTC", "UpdatedDateUTC"),
    ],
)
def test_snake_case_keywords(name: str, xero: str) -> None:
    assert str(where(**{name: 1})) == f"{xero}==1"


def test_positional_then_keywords_in_order() -> None:
    expr = where(F("A") == 1, 'X=="y"', (F("B") == 2) | (F("C") == 3), D=4, E__gt=5)
    assert str(expr) == 'A==1&&(X=="y")&&(B==2||C==3)&&D==4&&E>5'


def test_in_lookup_groups_inside_and() -> None:
    assert str(where(Type="ACCREC", Status__in=["DRAFT", "PAID"])) == (
        'Type=="ACCREC"&&(Status=="DRAFT"||Status=="PAID")'
    )


def test_single_raw_string() -> None:
    assert str(where(' Status=="DRAFT" ')) == 'Status=="DRAFT"'


# --- errors -----------------------------------------------------------------------------------


def test_where_needs_a_condition() -> None:
    with pytest.raises(ValueError, match="at least one condition"):
        where()


@pytest.mark.parametrize(
    "key",
    [
        "AmountDue__gtt",
        "AmountDue__is_null",
        "Name__icontains",
        "Name__iexact",
        "Date__range",
        "Total__eq",
        "Total__is_greater_than",
        "Name__contain",
    ],
)
def test_unknown_lookup_lists_the_valid_ones(key: str) -> None:
    with pytest.raises(ValueError, match="unknown lookup") as info:
        where(**{key: 1})
    message = str(info.value)
    for lookup in LOOKUPS:
        assert lookup in message
    assert "_is_greater_than" in message
    assert key in message


def test_unknown_lookup_suggests() -> None:
    with pytest.raises(ValueError, match="did you mean 'isnull'"):
        where(EmailAddress__is_null=True)
    with pytest.raises(ValueError, match="did you mean 'gt'"):
        where(AmountDue__gtt=1)


@pytest.mark.parametrize("key", ["Name__", "__gt", "A___gt", "A B", "A==1||B", 'A"', "1A", "Contact__and"])
def test_invalid_keys(key: str) -> None:
    with pytest.raises(ValueError, match=r"field name|unknown lookup") as info:
        where(**{key: 1})
    assert f"where({key}=...)" in str(info.value)


def test_bad_values() -> None:
    with pytest.raises(TypeError, match="True or False"):
        where(EmailAddress__isnull=1)
    with pytest.raises(TypeError, match="takes a str"):
        where(Name__contains=5)
    with pytest.raises(TypeError, match="ordering comparisons"):
        where(AmountDue__gt=None)
    with pytest.raises(TypeError, match="list, tuple or set"):
        where(Status__in="DRAFT")
    with pytest.raises(TypeError, match="list, tuple or set"):
        where(Status__in=5)
    with pytest.raises(ValueError, match="at least one value"):
        where(Status__in=[])
    with pytest.raises(TypeError, match="cannot use a list"):
        where(Status=["DRAFT"])


def test_positional_errors() -> None:
    with pytest.raises(TypeError, match=r"where\(\*\*lookups\)"):
        where({"Status": "DRAFT"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="is a field"):
        where(F("Status"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got a bool"):
        where(True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "A==1)||(B==2", "(A==1", 'Name=="x', "Name=='x", "A==1)"],
)
def test_raw_strings_that_could_regroup_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        where(raw, B=2)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ('Name=="a(b"', '(Name=="a(b")&&B==2'),
        ('Name=="a""(b"', '(Name=="a""(b")&&B==2'),
        ("Name=='(x'", "(Name=='(x')&&B==2"),
        ("(A==1||C==3)", "((A==1||C==3))&&B==2"),
    ],
)
def test_balanced_raw_strings(raw: str, text: str) -> None:
    assert str(where(raw, B=2)) == text


# --- render_where -----------------------------------------------------------------------------


def test_render_where() -> None:
    assert render(None) is None
    assert render("") is None
    assert render("  ") is None
    assert render(' Status=="DRAFT" ') == ' Status=="DRAFT" '
    assert render("A==1)||(") == "A==1)||("  # raw text alone is the caller's code, sent as is
    assert render(where(A=1)) == "A==1"
    assert render(F("Name") == 'a"b') == 'Name=="a""b"'


@pytest.mark.parametrize("value", [F("A"), 1, True, b"A==1", ["A==1"]])
def test_render_where_rejects_other_types(value: object) -> None:
    with pytest.raises(TypeError):
        render(value)  # type: ignore[arg-type]
