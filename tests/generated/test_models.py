"""What every generated model promises: nulls everywhere, unknown fields kept, open enums,
exact Decimals, GUIDs, and dates in every form Xero sends."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from uuid import UUID

import pytest

from tests.specdocs import REST_APIS
from xero_sdk._runtime.codec import dumps, loads
from xero_sdk._runtime.model import NIL_ID, AbsentList, Model

APIS = (*REST_APIS, "webhooks")


def all_models(api: str) -> list[type[Model]]:
    models = importlib.import_module(f"xero_sdk._generated.{api}.models")
    out = []
    for name in models.__all__:
        obj = getattr(models, name)
        if isinstance(obj, type) and issubclass(obj, Model):
            out.append(obj)
    return out


def absent(value: object) -> bool:
    """How a model holds a field Xero sent as null or not at all: None, or for the fields typed
    without None (see codegen/shapes.py) the nil id or an empty ``AbsentList``."""
    return value is None or value is NIL_ID or (type(value) is AbsentList and not value)


@pytest.mark.parametrize("api", APIS)
def test_null_is_accepted_on_every_field_of_every_model(api: str) -> None:
    checked = 0
    for cls in all_models(api):
        nulls = {json_name: None for json_name in cls.FIELDS.values()}
        obj = cls.from_dict(nulls)
        assert all(absent(getattr(obj, attr)) for attr in cls.FIELDS), cls.__name__
        assert obj.to_dict() == {}, cls.__name__
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("api", APIS)
def test_unknown_fields_are_kept_and_round_trip(api: str) -> None:
    for cls in all_models(api):
        src = {"FieldXeroAddsNextYear": {"nested": [1, "two", None]}, "AnotherOne": "x"}
        obj = cls.from_dict(src)
        assert obj.additional_properties == src
        assert obj.to_dict() == src


def test_unknown_enum_value_is_kept_and_written_back() -> None:
    from xero_sdk.accounting import Invoice, InvoiceStatus

    inv = Invoice.from_dict({"Status": "SCHEDULED_FOR_2030", "CurrencyCode": "XBT"})
    assert isinstance(inv.status, InvoiceStatus)
    assert inv.status == "SCHEDULED_FOR_2030"
    assert not inv.status.is_known
    assert InvoiceStatus("PAID") is InvoiceStatus.PAID and InvoiceStatus.PAID.is_known
    assert inv.to_dict() == {"Status": "SCHEDULED_FOR_2030", "CurrencyCode": "XBT"}
    assert loads(dumps(inv.to_dict())) == {"Status": "SCHEDULED_FOR_2030", "CurrencyCode": "XBT"}


def test_empty_enum_member_has_a_name() -> None:
    from xero_sdk.accounting import AccountBankAccountType

    assert AccountBankAccountType("") is AccountBankAccountType.EMPTY


def test_money_is_decimal_end_to_end_without_float() -> None:
    from xero_sdk.accounting import Invoice

    body = b'{"Total": 229.8950, "SubTotal": 0.1, "LineItems": [{"UnitAmount": 1234567890.123456789, "Quantity": 3}]}'
    inv = Invoice.from_json(body)
    assert inv.total == Decimal("229.8950") and str(inv.total) == "229.8950"
    assert inv.sub_total == Decimal("0.1")
    assert inv.line_items is not None
    assert inv.line_items[0].unit_amount == Decimal("1234567890.123456789")
    assert type(inv.line_items[0].quantity) is Decimal
    assert loads(inv.to_json()) == {
        "Total": Decimal("229.8950"),
        "SubTotal": Decimal("0.1"),
        "LineItems": [{"UnitAmount": Decimal("1234567890.123456789"), "Quantity": 3}],
    }
    text = inv.to_json().decode()
    for digits in ('"Total":229.8950', '"SubTotal":0.1', '"UnitAmount":1234567890.123456789', '"Quantity":3'):
        assert digits in text, text


def test_decimal_fields_accept_int_and_reject_nothing_silently() -> None:
    from xero_sdk.accounting import LineItem

    line = LineItem(quantity=2, unit_amount=Decimal("10.005"))
    assert line.quantity == Decimal(2) and type(line.quantity) is Decimal
    assert line.to_dict() == {"Quantity": Decimal("2"), "UnitAmount": Decimal("10.005")}


def test_guids_are_uuid_and_empty_guid_is_none() -> None:
    from xero_sdk.accounting import Invoice

    inv = Invoice.from_dict({"InvoiceID": "6C7A1B2E-1C2D-4E5F-8A9B-0C1D2E3F4A5B", "RepeatingInvoiceID": ""})
    assert inv.invoice_id == UUID("6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    assert inv.repeating_invoice_id is None


GUID = "6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


@pytest.mark.parametrize(
    "wire",
    [
        GUID,
        GUID.upper(),
        GUID.replace("-", ""),
        "{" + GUID + "}",
        "urn:uuid:" + GUID,
        GUID[:9] + "-" + GUID[9:],
    ],
)
def test_guid_fields_read_what_uuid_reads(wire: str) -> None:
    from xero_sdk.accounting import Invoice

    inv = Invoice.from_dict({"InvoiceID": wire})
    assert inv.invoice_id == UUID(wire) == UUID(GUID)
    assert inv.additional_properties == {}
    assert inv.to_dict() == {"InvoiceID": GUID}


@pytest.mark.parametrize(
    "wire",
    [
        "not-a-guid",
        "",
        GUID[:-1],  # 31 digits
        GUID + "0",  # 33 digits
        "g" + GUID[1:],  # not hexadecimal
        " " + GUID.replace("-", "")[1:],  # int() skips spaces
        "+" + GUID.replace("-", "")[1:],  # ... and reads signs
        GUID.replace("-", "_"),  # ... and underscores
        "\u0661" * 32,  # ... and Arabic-Indic digits
        "0x" + GUID.replace("-", "")[2:],
    ],
)
def test_guid_text_reads_as_uuid_reads_it(wire: str) -> None:
    """The fast path for GUIDs accepts nothing ``UUID()`` refuses and reads the same value."""
    from xero_sdk.accounting import Invoice

    try:
        expected: UUID | None = UUID(wire)
    except ValueError:
        expected = None
    inv = Invoice.from_dict({"RepeatingInvoiceID": wire})
    assert inv.repeating_invoice_id == expected
    kept = expected is None  # "" (Xero's 'no GUID') too: kept, so it is written back
    assert inv.additional_properties == ({"RepeatingInvoiceID": wire} if kept else {})
    assert inv.to_dict() == {"RepeatingInvoiceID": wire if kept else str(expected)}


@pytest.mark.parametrize("wire", [12345, ["6c7a1b2e"], {"a": 1}])
def test_a_guid_field_keeps_json_that_is_not_text(wire: object) -> None:
    from xero_sdk.accounting import Invoice

    inv = Invoice.from_dict({"RepeatingInvoiceID": wire, "Reference": "r"})
    assert inv.repeating_invoice_id is None
    assert inv.additional_properties == {"RepeatingInvoiceID": wire}
    assert inv.to_dict() == {"RepeatingInvoiceID": wire, "Reference": "r"}
    own = Invoice.from_dict({"InvoiceID": wire, "Reference": "r"})
    assert own.invoice_id is NIL_ID  # the own id is never None (codegen/shapes.py)
    assert own.to_dict() == {"InvoiceID": wire, "Reference": "r"}


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("/Date(1573689600000+0000)/", datetime.date(2019, 11, 14)),
        ("/Date(1573689600000)/", datetime.date(2019, 11, 14)),
        ("\\/Date(1573689600000)\\/", datetime.date(2019, 11, 14)),
        ("/Date(-1642464000000+0000)/", datetime.date(1917, 12, 15)),
        ("/Date(0+0000)/", datetime.date(1970, 1, 1)),
        ("2019-08-01", datetime.date(2019, 8, 1)),
        ("2019-08-01T00:00:00", datetime.date(2019, 8, 1)),
    ],
)
def test_date_fields_read_every_form(wire: str, expected: datetime.date) -> None:
    from xero_sdk.accounting import Invoice

    inv = Invoice.from_dict({"Date": wire})
    assert inv.date == expected
    assert inv.to_dict()["Date"] == expected.isoformat()


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (
            "/Date(1573755038314)/",
            datetime.datetime(2019, 11, 14, 18, 10, 38, 314000, tzinfo=datetime.timezone.utc),
        ),
        (
            "/Date(1573755038314+1300)/",
            datetime.datetime(2019, 11, 14, 18, 10, 38, 314000, tzinfo=datetime.timezone.utc),
        ),
        (
            "2021-02-10T23:17:50.1930000",
            datetime.datetime(2021, 2, 10, 23, 17, 50, 193000, tzinfo=datetime.timezone.utc),
        ),
        ("2021-02-10T23:17:50Z", datetime.datetime(2021, 2, 10, 23, 17, 50, tzinfo=datetime.timezone.utc)),
        (
            "2021-02-10T15:17:50-08:00",
            datetime.datetime(2021, 2, 10, 23, 17, 50, tzinfo=datetime.timezone.utc),
        ),
    ],
)
def test_datetime_fields_are_aware_and_the_same_instant(wire: str, expected: datetime.datetime) -> None:
    from xero_sdk.accounting import Invoice

    inv = Invoice.from_dict({"UpdatedDateUTC": wire})
    assert inv.updated_date_utc is not None and inv.updated_date_utc.tzinfo is not None
    assert inv.updated_date_utc == expected
    back = Invoice.from_dict(inv.to_dict())
    assert back.updated_date_utc == expected


def test_year_month_period_is_first_of_month() -> None:
    from xero_sdk.accounting import BudgetBalance

    bal = BudgetBalance.from_dict({"Period": "2019-08", "Amount": 100})
    assert bal.period == datetime.date(2019, 8, 1)


def test_models_compare_and_show_only_what_is_set() -> None:
    from xero_sdk.accounting import Contact

    a = Contact(name="ACME", is_customer=True)
    assert a == Contact.from_dict({"Name": "ACME", "IsCustomer": True})
    assert repr(a) == "Contact(name='ACME', is_customer=True)"


def test_cycles_made_between_decodes_are_still_collected() -> None:
    """A worker that parses pages in a loop and makes reference cycles meanwhile (httpx does)
    keeps its memory: decoding leaves the collector's schedule alone."""
    import gc
    import weakref

    from xero_sdk.accounting import Invoices

    class Node:
        def __init__(self) -> None:
            self.me = self

    data = b'{"Invoices": [{"InvoiceID": "6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "LineItems": [{}, {}]}]}'
    # CPython's default schedule: an in-process mypy run (the typing tests) raises the
    # thresholds for the rest of the process
    thresholds = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        gc.collect()
        first = Node()
        watch = weakref.ref(first)
        del first
        for _ in range(5000):
            Node()
            Invoices.from_json(data)
        assert watch() is None, "the collector stopped collecting cycles"
        assert gc.isenabled()
    finally:
        gc.set_threshold(*thresholds)


def test_concurrent_decoders_never_keep_the_collector_off() -> None:
    """Decoding switches no process-wide collector state: with four threads decoding pages
    without a break, the collector keeps running and the reference cycles another thread makes
    meanwhile are collected (a multi-threaded server does not grow)."""
    import gc
    import threading
    import time

    from xero_sdk.accounting import Invoices

    alive = [0]

    class Node:
        def __init__(self) -> None:
            self.me = self
            alive[0] += 1

        def __del__(self) -> None:
            alive[0] -= 1

    line = '{"Description": "x", "UnitAmount": 1.50, "Quantity": 2}'
    data = (
        '{"Invoices": ['
        + ",".join(
            f'{{"InvoiceID": "6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "LineItems": [{line}, {line}]}}'
            for _ in range(50)
        )
        + "]}"
    ).encode()
    stop = threading.Event()

    def decode() -> None:
        while not stop.is_set():
            Invoices.from_json(data)

    thresholds = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # CPython's defaults (an in-process mypy run raises them)
    workers = [threading.Thread(target=decode) for _ in range(4)]
    try:
        gc.collect()
        before = sum(s["collections"] for s in gc.get_stats())
        for worker in workers:
            worker.start()
        created = 0
        ends = time.monotonic() + 3.0
        while time.monotonic() < ends:
            for _ in range(1000):
                Node()
            created += 1000
            assert gc.isenabled(), "a decoder switched the collector off"
            time.sleep(0.001)
        collections = sum(s["collections"] for s in gc.get_stats()) - before
    finally:
        stop.set()
        for worker in workers:
            worker.join(10)
        gc.set_threshold(*thresholds)
    assert collections >= 10, f"only {collections} collections in 3 s of concurrent decoding"
    assert alive[0] < created // 2, f"{alive[0]} of {created} cycles uncollected"
    gc.collect()


def test_path_parameters_cannot_address_another_resource() -> None:
    from xero_sdk._generated.accounting.api import get_invoice

    assert get_invoice.build("a b/c#1").path == "/Invoices/a%20b%2Fc%231"
    for bad in ("", ".", ".."):
        with pytest.raises(ValueError, match="another resource"):
            get_invoice.build(bad)


def test_repeated_text_and_amounts_in_a_page_are_held_once() -> None:
    from xero_sdk.accounting import Invoices

    line = '{"AccountCode": "200", "Description": "Consulting", "TaxAmount": 0.00, "ValidationErrors": []}'
    stamp = '"NoteXeroAdded": "2026-01-01T00:00:00"'  # a field no document describes
    pad = '"Reference": "' + "x" * 40_000 + '"'  # page-sized: numbers are memoised in large documents
    data = f'{{"Invoices": [{{"LineItems": [{line}, {line}], {stamp}, {pad}}}, {{"LineItems": [{line}], {stamp}}}]}}'
    invoices = Invoices.from_json(data).invoices
    assert invoices is not None
    lines = [li for inv in invoices for li in inv.line_items or []]
    assert len(lines) == 3
    assert all(li.account_code is lines[0].account_code == "200" for li in lines)
    assert all(li.description is lines[0].description for li in lines)
    assert all(li.tax_amount is lines[0].tax_amount for li in lines)
    assert all(li.validation_errors == [] for li in lines)  # typed, not kept as extra JSON
    assert lines[0].validation_errors is not lines[1].validation_errors  # lists stay separate
    dates = [inv.additional_properties["NoteXeroAdded"] for inv in invoices]
    assert dates[0] is dates[1]


def test_positional_arguments_get_a_clear_message() -> None:
    from xero_sdk.accounting import Contact, Invoice

    with pytest.raises(TypeError, match=r"Invoice\(\) takes keyword arguments only.*Invoice\(type_=\.\.\.\)"):
        Invoice(Contact(name="ACME"))  # type: ignore[arg-type, call-arg]
    assert Invoice(contact=Contact(name="ACME")).to_dict() == {"Contact": {"Name": "ACME"}}
