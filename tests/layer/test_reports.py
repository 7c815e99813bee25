"""Reports: every report example of the Accounting document through the generated parse function
into :class:`Report`, read in detail for the Balance Sheet, Trial Balance and a Profit and Loss;
cell values as Decimal / date / text; every report operation of the client into a Report.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import importlib
import inspect
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen.normalise.loader import XeroLoader, YamlBool
from codegen.normalise.rewrites import operations
from tests.specdocs import raw_doc, raw_operations, resolve, snake, spec_paths
from xero_sdk import AsyncXero, Xero
from xero_sdk._generated.accounting.facade import AccountingApi
from xero_sdk._runtime.codec import dumps
from xero_sdk.accounting import ReportWithRows
from xero_sdk.reports import Cell, Report, parse_attribute_date, parse_cell_value, parse_report_date

REPORT_SCHEMAS = {"ReportWithRows", "Reports"}
UTC = datetime.timezone.utc


# ------------------------------------------------------------------------ the document's reports


class _ExactLoader(XeroLoader):
    """Xero's YAML with unquoted numbers read as Decimal from their text."""


_ExactLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(node.value))


def _plain(node: Any) -> Any:
    """JSON-like values: marked YAML scalars back to what Xero's JSON would carry."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, YamlBool):
        return node.truth
    if isinstance(node, str):
        return str(node)
    return node


@functools.cache
def exact_doc() -> Any:
    loader = _ExactLoader(spec_paths()["accounting"].read_text(encoding="utf-8"))
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@functools.cache
def report_operations() -> dict[str, str]:
    """operationId -> response schema, for every operation answering with a report model."""
    doc = raw_doc("accounting")
    found = {}
    for _path, _method, op, _item in raw_operations("accounting"):
        media = (resolve(doc, op["responses"].get("200", {})).get("content") or {}).get("application/json")
        ref = ((media or {}).get("schema") or {}).get("$ref", "")
        if ref.rsplit("/", 1)[-1] in REPORT_SCHEMAS:
            found[op["operationId"]] = ref.rsplit("/", 1)[-1]
    return found


@functools.cache
def report_examples() -> dict[str, Any]:
    """operationId -> its 200 example (exact numbers), for the report operations that have one."""
    found = {}
    for _path, _method, op, _item in operations(exact_doc()):
        if op.get("operationId") in report_operations():
            media = op["responses"]["200"]["content"]["application/json"]
            if "example" in media:
                found[op["operationId"]] = _plain(media["example"])
    return found


def parse(operation_id: str, body: Any) -> Any:
    """The generated parse function a user's call goes through."""
    module = importlib.import_module(f"xero_sdk._generated.accounting.api.{snake(operation_id)}")
    return module.parse(body)


def report_of(operation_id: str) -> Report:
    return Report.from_model(parse(operation_id, report_examples()[operation_id]))


def test_report_operations_return_models_report_reads() -> None:
    ops = report_operations()
    assert len(ops) == 11
    assert set(ops.values()) == REPORT_SCHEMAS
    for name, fn in inspect.getmembers(AccountingApi, inspect.isfunction):
        returns = inspect.signature(fn).return_annotation
        if returns in REPORT_SCHEMAS:
            assert name in {snake(o) for o in ops}, name
    assert len(report_examples()) >= 8


# --------------------------------------------------------------------- every example, counted


def _expected(example_report: dict[str, Any]) -> tuple[list[str], list[tuple[str, list[list[str]]]]]:
    """(header texts, [(section title, [row cell texts])]) read straight from the example."""
    header: list[str] = []
    sections: list[tuple[str, list[list[str]]]] = []
    loose: list[list[str]] | None = None
    for row in example_report.get("Rows") or []:
        cells = [c.get("Value") or "" for c in row.get("Cells") or []]
        if row["RowType"] == "Header" and not header:
            header = cells
        elif row["RowType"] == "Section":
            sections.append(
                (
                    row.get("Title") or "",
                    [[c.get("Value") or "" for c in r.get("Cells") or []] for r in row.get("Rows") or []],
                )
            )
            loose = None
        else:
            if loose is None:
                loose = []
                sections.append(("", loose))
            loose.append(cells)
    return header, sections


def _rows_examples() -> list[str]:
    return sorted(o for o in report_examples() if report_operations()[o] == "ReportWithRows")


@pytest.mark.parametrize("operation_id", _rows_examples())
def test_every_report_example_reads_into_a_report(operation_id: str) -> None:
    example = report_examples()[operation_id]
    (only,) = example["Reports"]
    report = report_of(operation_id)
    header, sections = _expected(only)

    assert report.name == only["ReportName"] and report.report_type == only["ReportType"]
    assert report.titles == tuple(only["ReportTitles"])
    assert report.date_text == only["ReportDate"] and isinstance(report.date, datetime.date)
    assert isinstance(report.updated, datetime.datetime) and report.updated.tzinfo is not None
    assert report.columns == tuple(header)
    assert report.header is not None and [c.text for c in report.header.cells] == header
    assert [(s.title, len(s.rows)) for s in report.sections] == [(t, len(rows)) for t, rows in sections]
    for section, (_, rows) in zip(report.sections, sections, strict=True):
        for row, texts in zip(section.rows, rows, strict=True):
            assert [c.text for c in row.cells] == texts
            assert row.section == section.title
            for cell in row.cells:
                if cell.text.lstrip("-").replace(".", "", 1).isdigit():
                    assert cell.value == Decimal(cell.text) and isinstance(cell.value, Decimal)
                elif cell.text == "":
                    assert cell.value is None
                else:
                    assert isinstance(cell.value, (str, datetime.date))
    detail = sum(1 for _, rows in sections for r in rows) - len(report.summary_rows)
    assert len(report.rows) == detail
    assert len(report.to_dicts()) == sum(len(rows) for _, rows in sections)


def test_no_amount_is_read_through_float() -> None:
    report = report_of("getReportExecutiveSummary")
    position = report.section("Position")
    assert position.rows[1].get(1) == Decimal("-6.426484907497565725413826680")
    assert position.rows[3].values[1:3] == (
        Decimal("4.0729764675459012154124644427"),
        Decimal("-62.034024896265560165975103734"),
    )
    income = report.section("Income")
    assert income.rows[0].values == ("Number of invoices issued", Decimal(1), Decimal(0), "0.0%")
    assert report.section("Balance Sheet").rows[2].get("Variance") == "-21.8%"  # percentages stay text
    assert report.section("Performance").rows[0].values == ("Gross profit margin", "100.0%", None, "0.0%")


# ------------------------------------------------------------------------- Balance Sheet in detail


def test_balance_sheet_in_detail() -> None:
    report = report_of("getReportBalanceSheet")
    assert (report.name, report.report_type, report.date) == (
        "Balance Sheet",
        "BalanceSheet",
        datetime.date(2019, 4, 12),
    )
    assert report.updated == datetime.datetime(2019, 4, 12, 20, 3, 32, 778000, tzinfo=UTC)
    assert report.titles[2] == "As at 30 April 2019" and report.title is None
    assert report.columns == ("", "30 Apr 2019", "31 Mar 2019", "28 Feb 2019")
    assert report.column_keys == ("Column 1", "30 Apr 2019", "31 Mar 2019", "28 Feb 2019")
    assert [s.title for s in report.sections] == [
        "Assets", "Bank", "Current Assets", "Fixed Assets", "", "Liabilities", "Current Liabilities", "", "", "Equity",
    ]  # fmt: skip
    assert report.section("Assets").rows == ()

    bank = report.section("Bank")
    assert [r.label for r in bank.detail_rows] == ["Country Savings", "My Big Bank"]
    big_bank = bank.rows[1]
    assert big_bank["30 Apr 2019"].value == Decimal("2146.37")
    assert big_bank.cell(0).attributes == {"account": "300f3bde-3a5c-4035-9ec5-45b09777679a"}
    assert big_bank.attributes["account"] == "300f3bde-3a5c-4035-9ec5-45b09777679a"
    assert bank.summary is not None and bank.summary.values == (
        "Total Bank", Decimal("296.37"), Decimal("170.00"), Decimal("0.00"),
    )  # fmt: skip

    dicts = report.to_dicts()
    assert dicts[:3] == [
        {"Section": "Bank", "RowType": "Row", "Column 1": "Country Savings",
         "30 Apr 2019": Decimal("-1850.00"), "31 Mar 2019": Decimal("-1850.00"), "28 Feb 2019": Decimal("0.00")},
        {"Section": "Bank", "RowType": "Row", "Column 1": "My Big Bank",
         "30 Apr 2019": Decimal("2146.37"), "31 Mar 2019": Decimal("2020.00"), "28 Feb 2019": Decimal("0.00")},
        {"Section": "Bank", "RowType": "SummaryRow", "Column 1": "Total Bank",
         "30 Apr 2019": Decimal("296.37"), "31 Mar 2019": Decimal("170.00"), "28 Feb 2019": Decimal("0.00")},
    ]  # fmt: skip
    assert {"Section": "", "RowType": "Row", "Column 1": "Net Assets", "30 Apr 2019": Decimal("185448.30"),
            "31 Mar 2019": Decimal("185333.67"), "28 Feb 2019": Decimal("464.00")} in dicts  # fmt: skip
    assert len(dicts) == 19 and len(report.to_dicts(summaries=False)) == 12
    assert report.to_dicts(raw=True)[0]["30 Apr 2019"] == "-1850.00"

    # equity lines say which period each amount covers
    earnings = report.section("Equity").rows[0]
    assert (earnings.cell(1).from_date, earnings.cell(1).to_date) == (
        datetime.date(2019, 4, 1),
        datetime.date(2019, 4, 30),
    )
    retained = report.section("Equity").rows[3]
    assert (retained.cell(2).from_date, retained.cell(2).to_date) == (None, datetime.date(2019, 3, 31))
    assert [r.label for r in report.summary_rows][-1] == "Total Equity"


# ------------------------------------------------------------------------- Trial Balance in detail


def test_trial_balance_in_detail() -> None:
    report = report_of("getReportTrialBalance")
    assert report.columns == report.column_keys == ("Account", "Debit", "Credit", "YTD Debit", "YTD Credit")
    assert [(s.title, len(s.rows)) for s in report.sections] == [
        ("Revenue", 3), ("Expenses", 2), ("Assets", 7), ("Liabilities", 6), ("Equity", 1), ("", 1),
    ]  # fmt: skip
    revenue = [d for d in report.to_dicts() if d["Section"] == "Revenue"]
    assert revenue == [
        {"Section": "Revenue", "RowType": "Row", "Account": "Big Expense (002)",
         "Debit": None, "Credit": Decimal("0.00"), "YTD Debit": None, "YTD Credit": Decimal("80.00")},
        {"Section": "Revenue", "RowType": "Row", "Account": "Sales (400)",
         "Debit": None, "Credit": Decimal("200.00"), "YTD Debit": None, "YTD Credit": Decimal("1020.22")},
        {"Section": "Revenue", "RowType": "Row", "Account": "Sales-35325 (1302)",
         "Debit": None, "Credit": Decimal("1000.00"), "YTD Debit": None, "YTD Credit": Decimal("1000.00")},
    ]  # fmt: skip
    assert report.to_dicts()[-1] == {
        "Section": "", "RowType": "SummaryRow", "Account": "Total",
        "Debit": Decimal("1200.00"), "Credit": Decimal("1200.00"),
        "YTD Debit": Decimal("46019.00"), "YTD Credit": Decimal("46019.00"),
    }  # fmt: skip
    # the totals balance: the Decimals add up exactly
    rows = report.rows
    assert sum((r.get("YTD Debit") or Decimal(0) for r in rows), Decimal(0)) == Decimal("46019.00")
    assert sum((r.get("YTD Credit") or Decimal(0) for r in rows), Decimal(0)) == Decimal("46019.00")
    assert report.to_dicts(raw=True)[0]["Debit"] == ""
    assert report.section("Equity").rows[0].cell(4).to_date == datetime.date(2018, 12, 31)


# ------------------------------------------------------------------- Profit and Loss in detail


PROFIT_AND_LOSS = {
    "Id": "1e8a3f1e-8c6c-4b8d-8d3a-3b1f0f0b8f0a",
    "Status": "OK",
    "ProviderName": "Example",
    "DateTimeUTC": "/Date(1556035526223)/",
    "Reports": [
        {
            "ReportName": "Profit and Loss",
            "ReportType": "ProfitAndLoss",
            "ReportTitles": ["Profit & Loss", "Demo Company (AU)", "1 February 2026 to 31 March 2026"],
            "ReportDate": "9 Apr 2026",
            "UpdatedDateUTC": "/Date(1775692800000+0000)/",
            "Fields": [],
            "Rows": [
                {"RowType": "Header", "Cells": [{"Value": ""}, {"Value": "Mar 2026"}, {"Value": "Feb 2026"}]},
                {
                    "RowType": "Section",
                    "Title": "Income",
                    "Rows": [
                        {"RowType": "Row", "Cells": [
                            {"Value": "Sales", "Attributes": [{"Value": "5040915e-8ce7-4177-8d08-fde416232f18", "Id": "account"}]},
                            {"Value": "1,234.50", "Attributes": [{"Value": "5040915e-8ce7-4177-8d08-fde416232f18", "Id": "account"}]},
                            {"Value": "980.10"},
                        ]},
                        {"RowType": "SummaryRow", "Cells": [{"Value": "Total Income"}, {"Value": "1234.50"}, {"Value": "980.10"}]},
                    ],
                },
                {
                    "RowType": "Section",
                    "Title": "Less Operating Expenses",
                    "Rows": [
                        {"RowType": "Row", "Cells": [{"Value": "Rent"}, {"Value": "1000.00"}, {"Value": "1000.00"}]},
                        {"RowType": "Row", "Cells": [{"Value": "Bank Fees"}, {"Value": "0.10"}, {"Value": ""}]},
                        {"RowType": "SummaryRow", "Cells": [{"Value": "Total Operating Expenses"}, {"Value": "1000.10"}, {"Value": "1000.00"}]},
                    ],
                },
                {"RowType": "Row", "Cells": [{"Value": "Net Profit"}, {"Value": "234.40"}, {"Value": "-19.90"}, {"Value": "note"}]},
            ],
        }
    ],
}  # fmt: skip


def test_profit_and_loss_in_detail() -> None:
    report = Report.from_model(parse("getReportProfitAndLoss", PROFIT_AND_LOSS))
    assert report.date == datetime.date(2026, 4, 9)
    assert report.updated == datetime.datetime(2026, 4, 9, tzinfo=UTC)
    assert report.columns == ("", "Mar 2026", "Feb 2026")
    # the Net Profit line has a fourth cell the header does not name
    assert report.column_keys == ("Column 1", "Mar 2026", "Feb 2026", "Column 4")
    assert [s.title for s in report.sections] == ["Income", "Less Operating Expenses", ""]
    assert report.to_dicts() == [
        {"Section": "Income", "RowType": "Row", "Column 1": "Sales", "Mar 2026": Decimal("1234.50"), "Feb 2026": Decimal("980.10")},
        {"Section": "Income", "RowType": "SummaryRow", "Column 1": "Total Income", "Mar 2026": Decimal("1234.50"), "Feb 2026": Decimal("980.10")},
        {"Section": "Less Operating Expenses", "RowType": "Row", "Column 1": "Rent", "Mar 2026": Decimal("1000.00"), "Feb 2026": Decimal("1000.00")},
        {"Section": "Less Operating Expenses", "RowType": "Row", "Column 1": "Bank Fees", "Mar 2026": Decimal("0.10"), "Feb 2026": None},
        {"Section": "Less Operating Expenses", "RowType": "SummaryRow", "Column 1": "Total Operating Expenses", "Mar 2026": Decimal("1000.10"), "Feb 2026": Decimal("1000.00")},
        {"Section": "", "RowType": "Row", "Column 1": "Net Profit", "Mar 2026": Decimal("234.40"), "Feb 2026": Decimal("-19.90"), "Column 4": "note"},
    ]  # fmt: skip
    income = report.section("Income")
    assert income.summary is not None and income.summary.get("Mar 2026") == income.rows[0].get(1)
    assert income.rows[0].cell("Mar 2026").text == "1,234.50"
    with pytest.raises(KeyError):
        income.rows[0].cell("Apr 2026")
    assert income.rows[0].get("Column 4", "absent") == "absent"
    with pytest.raises(KeyError):
        report.section("Gross Profit")


def test_column_titles_become_unique_keys() -> None:
    body = {"Reports": [{"ReportName": "Odd", "Rows": [
        {"RowType": "Header", "Cells": [{"Value": "Section"}, {"Value": "Total"}, {"Value": "Total"}, {"Value": " "}]},
        {"RowType": "Section", "Title": "A", "Rows": [{"RowType": "Row", "Cells": [
            {"Value": "x"}, {"Value": "1"}, {"Value": "2"}, {"Value": "3"}]}]},
    ]}]}  # fmt: skip
    report = Report.from_model(ReportWithRows.from_dict(body))
    assert report.column_keys == ("Section (2)", "Total", "Total (2)", "Column 4")
    assert report.to_dicts() == [
        {"Section": "A", "RowType": "Row", "Section (2)": "x", "Total": Decimal(1), "Total (2)": Decimal(2), "Column 4": Decimal(3)}
    ]  # fmt: skip


# --------------------------------------------------------------------------- other report kinds


def test_aged_receivables_dates_and_attributes() -> None:
    report = report_of("getReportAgedReceivablesByContact")
    assert report.columns == ("Date", "Number", "Due Date", "", "Total", "Paid", "Credited", "Due")
    assert report.column_keys[3] == "Column 4"
    (opening,) = report.sections[0].rows
    invoice, _, total = report.sections[1].rows
    assert opening.values == (
        datetime.date(2017, 10, 10),
        "Opening Balance",
        None,
        None,
        None,
        None,
        None,
        Decimal("0.00"),
    )
    assert invoice.values == (
        datetime.date(2018, 5, 13), "IV1242016", datetime.date(2018, 6, 22), "305 days overdue",
        Decimal("100.00"), Decimal("0.00"), Decimal("0.00"), Decimal("100.00"),
    )  # fmt: skip
    assert invoice.attributes == {"invoiceID": "40ebad47-24e2-4dc9-a5f5-579df427671b"}
    assert invoice.cell("Due Date").text == "2018-06-22T00:00:00"  # Xero's text is kept
    assert total.is_summary and total.get("Due") == Decimal("150.00")


def test_ten_ninety_nine_reads_forms_as_sections_and_payees_as_rows() -> None:
    example = report_examples()["getReportTenNinetyNine"]
    model = parse("getReportTenNinetyNine", example)
    report = Report.from_model(model)
    forms = example["Reports"]
    assert [s.title for s in report.sections] == [f["ReportName"] for f in forms]
    assert [len(s.rows) for s in report.sections] == [len(f["Contacts"]) for f in forms]
    assert report.titles == tuple(f["ReportName"] for f in forms)
    assert report.date_text == "1 Jan 2023 to 31 Dec 2023" and report.date is None
    assert report.columns[:3] == ("Box1", "Box2", "Box3")
    rows = report.to_dicts()
    truxton = next(r for r in rows if r["Name"] == "Truxton Property Management")
    assert truxton["Box1"] == Decimal("5543.75") and truxton["Zip"] == "21321"  # a ZIP stays text
    assert truxton["ContactId"] == "018355fc-c67e-4352-b443-ef3873031983"
    assert truxton["FederalTaxClassification"] == "C_CORP"
    each = Report.all_from_model(model)
    assert [r.name for r in each] == [f["ReportName"] for f in forms]
    assert [len(r.rows) for r in each] == [len(f["Contacts"]) for f in forms]


def test_a_list_of_reports_needs_all_from_model() -> None:
    """get_reports_list answers with several reports in one ReportWithRows."""
    listing = ReportWithRows.from_dict({"Reports": [
        {"ReportID": "a1", "ReportName": "BAS Report", "ReportType": "GSTReport", "ReportDate": "1 Mar 2026"},
        {"ReportID": "b2", "ReportName": "GST Return", "ReportType": "GSTReturn", "ReportDate": "1 Apr 2026"},
    ]})  # fmt: skip
    with pytest.raises(ValueError, match=r"holds 2 reports: use Report\.all_from_model"):
        Report.from_model(listing)
    reports = Report.all_from_model(listing)
    assert [(r.report_id, r.name, r.date, r.sections) for r in reports] == [
        ("a1", "BAS Report", datetime.date(2026, 3, 1), ()),
        ("b2", "GST Return", datetime.date(2026, 4, 1), ()),
    ]
    assert listing.reports is not None and Report.from_model(listing.reports[0]).report_id == "a1"
    with pytest.raises(ValueError, match="no report"):
        Report.from_model(ReportWithRows.from_dict({"Reports": []}))
    with pytest.raises(TypeError, match="not a report model"):
        Report.from_model({"Reports": []})  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2146.37", Decimal("2146.37")),
        ("-1850.00", Decimal("-1850.00")),
        ("0", Decimal(0)),
        ("-0.00", Decimal("-0.00")),
        ("1,234.50", Decimal("1234.50")),
        ("12,345,678", Decimal(12345678)),
        ("0.1", Decimal("0.1")),
        ("", None),
        ("  ", None),
        (None, None),
        ("2018-10-09T00:00:00", datetime.date(2018, 10, 9)),
        ("2018-10-09", datetime.date(2018, 10, 9)),
        ("2018-10-09T13:30:00", "2018-10-09T13:30:00"),
        ("2018-02-30", "2018-02-30"),
        ("(100.00)", "(100.00)"),
        ("090", "090"),
        ("1,23", "1,23"),
        ("1234,567.00", "1234,567.00"),
        ("1e5", "1e5"),
        ("$10.00", "$10.00"),
        ("7.3%", "7.3%"),
        ("181 days overdue", "181 days overdue"),
    ],
)
def test_cell_values(text: str | None, value: Any) -> None:
    parsed = parse_cell_value(text)
    assert parsed == value and type(parsed) is type(value)


def test_dates_in_attributes_and_headers() -> None:
    assert parse_attribute_date("4/30/2019") == datetime.date(2019, 4, 30)
    assert parse_attribute_date("2019-04-30") == datetime.date(2019, 4, 30)
    assert parse_attribute_date("") is None and parse_attribute_date("30/4/2019") is None
    assert parse_report_date("22 April 2019") == datetime.date(2019, 4, 22)
    assert parse_report_date("9 Sep 2026") == parse_report_date("9 Sept 2026") == datetime.date(2026, 9, 9)
    assert parse_report_date("1 Jan 2023 to 31 Dec 2023") is None
    assert parse_report_date("31 February 2020") is None
    cell = Cell(text="1.00", value=Decimal("1.00"), attributes={"fromDate": "", "toDate": "12/31/2018"})
    assert (cell.from_date, cell.to_date, str(cell)) == (None, datetime.date(2018, 12, 31), "1.00")


# ------------------------------------------------------------------ every operation, via the client


def _answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/Reports/TenNinetyNine"):
        body = report_examples()["getReportTenNinetyNine"]
    else:
        body = report_examples()["getReportTrialBalance"]
    return httpx.Response(200, content=dumps(body), headers={"Content-Type": "application/json"})


def _required(name: str) -> tuple[list[Any], dict[str, Any]]:
    """Values for the operation's required parameters: (positional, keyword)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for pname, param in inspect.signature(getattr(AccountingApi, name)).parameters.items():
        if pname == "self" or param.default is not inspect.Parameter.empty:
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[pname] = "00000000-0000-0000-0000-000000000001"
        else:
            args.append("00000000-0000-0000-0000-000000000001")
    return args, kwargs


def _report_methods() -> list[str]:
    return sorted(snake(o) for o in report_operations())


def test_every_report_operation_of_the_client_reads_into_a_report() -> None:
    client = Xero(
        access_token="t", tenant_id="t1", http_client=httpx.Client(transport=httpx.MockTransport(_answer))
    )
    for name in _report_methods():
        args, kwargs = _required(name)
        report = Report.from_model(getattr(client.accounting, name)(*args, **kwargs))
        assert report.sections and report.rows, name
    client.close()


def test_every_report_operation_of_the_async_client_reads_into_a_report() -> None:
    async def go() -> list[Report]:
        async def answer(request: httpx.Request) -> httpx.Response:
            return _answer(request)

        client = AsyncXero(
            access_token="t",
            tenant_id="t1",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(answer)),
        )
        reports = []
        for name in _report_methods():
            args, kwargs = _required(name)
            reports.append(Report.from_model(await getattr(client.accounting, name)(*args, **kwargs)))
        await client.aclose()
        return reports

    reports = asyncio.run(go())
    assert len(reports) == len(_report_methods()) and all(r.rows for r in reports)


def test_readme_report_example_shows_what_the_code_prints() -> None:
    """Each ``report...`` line of README's report example is followed (on the same line, or on
    the next one) by a comment with the repr the code prints for the document's Balance Sheet."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("report = Report.from_model(", 1)[1].split("```", 1)[0]
    lines = block.splitlines()[1:]
    report = report_of("getReportBalanceSheet")
    checked = 0
    for i, line in enumerate(lines):
        if not line.startswith("report."):
            continue
        expression, _, comment = line.partition("#")
        if not comment.strip():
            comment = lines[i + 1].lstrip().removeprefix("#")
        value = eval(expression.strip(), {"report": report})
        assert repr(value) == comment.strip(), expression
        checked += 1
    assert checked == 3
