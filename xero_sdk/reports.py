"""A typed view of every Accounting report: header, columns, sections, rows, cells, totals.

::

    from xero_sdk.reports import Report

    report = Report.from_model(org.accounting.get_report_balance_sheet(date=date(2026, 3, 31)))
    report.name, report.date, report.columns          # "Balance Sheet", date(...), ("", "31 Mar 2026")
    bank = report.section("Bank")
    for row in bank.detail_rows:
        print(row.label, row.cell(1).value)           # "Business Account", Decimal("2146.37")
    bank.summary.values                               # ("Total Bank", Decimal("296.37"))
    report.to_dicts()                                 # rows as dicts keyed by column title

Amounts are ``Decimal`` (read from Xero's text, never through ``float``), dates in cells are
``datetime.date``, empty cells ``None``, anything else keeps Xero's text; ``cell.text`` is always
what Xero sent and ``cell.attributes`` its ``{Id: Value}`` attributes (``account``, ``fromDate``).
"""

from xero_sdk._reports import (
    KIND_KEY,
    SECTION_KEY,
    Cell,
    CellValue,
    Report,
    ReportModel,
    Row,
    Section,
    parse_attribute_date,
    parse_cell_value,
    parse_report_date,
)
from xero_sdk._runtime.lazy import module_dir

__all__ = [
    "KIND_KEY",
    "SECTION_KEY",
    "Cell",
    "CellValue",
    "Report",
    "ReportModel",
    "Row",
    "Section",
    "parse_attribute_date",
    "parse_cell_value",
    "parse_report_date",
]
__dir__ = module_dir(__all__)
