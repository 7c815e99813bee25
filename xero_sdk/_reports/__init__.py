"""A typed view of Xero's Accounting reports (see :mod:`xero_sdk.reports`)."""

from ._values import CellValue, parse_attribute_date, parse_cell_value, parse_report_date
from ._view import KIND_KEY, SECTION_KEY, Cell, Report, ReportModel, Row, Section

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
