"""Field names: validation and the snake_case -> Xero mapping (checked against Xero's specs)."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from specs.fetch import SpecsError
from tests.specdocs import raw_doc
from xero_sdk._runtime.where import RESERVED_FIRST_WORDS, RESERVED_WORDS, F, where, xero_field_name
from xero_sdk._runtime.where._lookups import _split_key


@pytest.mark.parametrize(
    ("name", "xero"),
    [
        ("amount_due", "AmountDue"),
        ("updated_date_utc", "UpdatedDateUTC"),
        ("contact_id", "ContactID"),
        ("invoice_id", "InvoiceID"),
        ("is_sold", "IsSold"),
        ("ids", "IDs"),
        ("id", "ID"),
        ("contact.contact_id", "Contact.ContactID"),
        ("Contact.ContactID", "Contact.ContactID"),
        ("name", "Name"),
        ("amountDue", "AmountDue"),
        ("type_", "Type"),
        ("class_", "Class"),
        ("address_line_1", "AddressLine1"),
        ("employees_are_stp2", "EmployeesAreSTP2"),
        ("is_exempt_from_w1", "IsExemptFromW1"),
        ("has_help_debt", "HasHELPDebt"),
        ("cogs_account_code", "COGSAccountCode"),
        ("api_key", "APIKey"),
        ("online_invoice_url", "OnlineInvoiceUrl"),  # Xero writes Url, not URL
        ("federal_tax_id_type", "FederalTaxIDType"),
        ("UpdatedDateUTC", "UpdatedDateUTC"),
        ("HasHELPDebt", "HasHELPDebt"),
        ("Box1", "Box1"),
        ("A", "A"),
        ("Contact_ID", "ContactID"),
    ],
)
def test_mapping(name: str, xero: str) -> None:
    assert xero_field_name(name) == xero
    assert F(name).name == xero


@pytest.mark.parametrize(
    "name",
    [
        "",
        ".",
        "A.",
        ".A",
        "A..B",
        "1A",
        "_A",
        "A B",
        "A-B",
        'A"',
        "A)",
        "A==1",
        "Ä",
        "A\n",
        "A.1B",
        "a__b",
        "a__",
        "Contact..Name",
        "Name ",
        "\u216eateK",  # ROMAN NUMERAL FIVE HUNDRED, not D
        "\uff2eame",  # FULLWIDTH N
    ],
)
def test_invalid_names(name: str) -> None:
    with pytest.raises(ValueError, match="field name"):
        F(name)


@pytest.mark.parametrize("word", sorted(RESERVED_WORDS))
def test_reserved_words(word: str) -> None:
    for name in (word, word.upper(), word.capitalize(), f"Contact.{word}", f"{word}.Name"):
        with pytest.raises(ValueError, match="reserved word"):
            F(name)


@pytest.mark.parametrize("word", sorted(RESERVED_FIRST_WORDS))
def test_reserved_first_words(word: str) -> None:
    for name in (word, word.upper(), word.capitalize(), f"{word}.Name"):
        with pytest.raises(ValueError, match="reserved word"):
            F(name)
    assert F(f"Summary.{word.capitalize()}").name == f"Summary.{word.capitalize()}"


def test_non_string_names() -> None:
    with pytest.raises(TypeError):
        F(1)  # type: ignore[arg-type]


def test_keyword_names_use_the_same_rules() -> None:
    assert str(where(contact__contact_id=1)) == "Contact.ContactID==1"
    with pytest.raises(ValueError, match="reserved word"):
        where(true=1)


# --- against Xero's documents -----------------------------------------------------------------


@functools.cache
def _where_property_names() -> frozenset[str]:
    names: set[str] = set()
    # The two APIs whose list operations take where= (their documents' where parameters).
    for api in ("accounting", "payroll_au"):
        try:
            document = raw_doc(api)
        except SpecsError as exc:
            pytest.skip(f"Xero's OpenAPI documents are not available: {exc}")
        for schema in document["components"]["schemas"].values():
            names.update((schema.get("properties") or {}).keys())
    return frozenset(name for name in names if name[:1].isupper())  # camelCase ones are paging metadata


def test_every_xero_name_passes_through_unchanged() -> None:
    names = _where_property_names()
    assert len(names) > 400
    assert [name for name in sorted(names) if xero_field_name(f"Parent.{name}") != f"Parent.{name}"] == []
    # As the first part too, except a keyword: only ImportSummaryAccounts.New, not filterable.
    assert [name for name in sorted(names) if name.lower() in RESERVED_FIRST_WORDS] == ["New"]
    assert [name for name in sorted(names - {"New"}) if xero_field_name(name) != name] == []


def test_generated_attribute_names_map_back_to_xero_names() -> None:
    """The models' snake_case attribute names (openapi-python-client's snake_case, with its
    trailing ``_`` for builtins) map back to the exact property names, acronyms included."""
    strings: Any = pytest.importorskip("openapi_python_client.strings")
    names = _where_property_names()
    wrong = {}
    for name in sorted(names):
        attribute = strings.fix_reserved_words(strings.snake_case(name))
        if xero_field_name(f"parent.{attribute}") != f"Parent.{name}":
            wrong[name] = (attribute, xero_field_name(f"parent.{attribute}"))
    # Xero spells ID both ways. snake_case follows the spelling of the filterable entities
    # (ContactID, ID); these four are on reports and line-item tax details, and are written
    # with their Xero names (which pass through unchanged) if ever needed.
    assert wrong == {
        "ContactId": ("contact_id", "Parent.ContactID"),  # TenNinetyNineContact (a report)
        "Id": ("id", "Parent.ID"),  # ReportAttribute
        "SalesTaxCodeId": ("sales_tax_code_id", "Parent.SalesTaxCodeID"),  # LineItem
        "TaxComponentId": ("tax_component_id", "Parent.TaxComponentID"),  # TaxBreakdownComponent
    }


def test_no_xero_name_is_mistaken_for_a_lookup() -> None:
    strings: Any = pytest.importorskip("openapi_python_client.strings")
    for name in _where_property_names():
        attribute = strings.snake_case(name)
        assert _split_key(f"contact__{attribute}") == (f"contact.{attribute}", "exact")
        assert _split_key(f"Contact__{name}") == (f"Contact.{name}", "exact")
