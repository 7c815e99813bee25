"""Reading the text Xero puts in report cells, attributes and headers.

What the documents' report examples show (xero_accounting.yaml, getReport*), and so what is
read here:

- Amounts are plain decimal text: ``"2146.37"``, ``"-1850.00"``, ``"0.00"``, counts ``"1"``,
  ratios with 28 digits (``"4.0729764675459012154124644427"``). No currency symbols, no
  parentheses for negatives, no thousands separators. They become :class:`~decimal.Decimal`
  straight from the text, never through ``float``. Strictly grouped thousands
  (``"1,234.50"``) are read too. Parenthesised values are *not* read as negatives (Xero does
  not send them, and account codes like ``"(400)"`` would be misread), and neither is text
  with a leading zero (``"090"``: a code, not an amount).
- Dates in cells (aged receivables/payables) are ISO at midnight: ``"2018-10-09T00:00:00"``;
  those, and plain ``"2018-10-09"``, become :class:`datetime.date`.
- Percentages (``"7.3%"``), labels (``"181 days overdue"``) and everything else stay text; an
  empty cell is ``None``.
- The ``fromDate``/``toDate`` cell attributes are US month/day/year (``"4/30/2019"``, seen on an
  NZ organisation) or empty.
- ``ReportDate`` is ``"22 April 2019"``; the 1099 report has ``"1 Jan 2023 to 31 Dec 2023"``.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

__all__ = ["CellValue", "parse_attribute_date", "parse_cell_value", "parse_report_date"]

#: A cell's typed value.
CellValue = Decimal | datetime.date | str | None

_AMOUNT = re.compile(r"-?(?:0|[1-9][0-9]*|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]+)?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T00:00:00(?:\.0+)?)?")
_US_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2}) ([A-Za-z]+) ([0-9]{4})")
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {
    name: number for number, full in enumerate(_MONTH_NAMES.split(), start=1) for name in (full, full[:3])
}
_MONTHS["sept"] = 9


def _date(year: str, month: int | str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_cell_value(text: str | None) -> CellValue:
    """A cell's text as a ``Decimal``, a ``date``, the text itself, or ``None`` when empty."""
    if text is None:
        return None
    stripped = text.strip()
    if not stripped:
        return None
    if _AMOUNT.fullmatch(stripped):
        return Decimal(stripped.replace(",", ""))
    match = _ISO_DATE.fullmatch(stripped)
    if match:
        found = _date(match[1], match[2], match[3])
        if found is not None:
            return found
    return text


def parse_attribute_date(text: str | None) -> datetime.date | None:
    """A ``fromDate``/``toDate`` attribute (``"4/30/2019"``, or ISO); ``None`` when empty or unknown."""
    if not text:
        return None
    stripped = text.strip()
    match = _US_DATE.fullmatch(stripped)
    if match:
        return _date(match[3], match[1], match[2])
    match = _ISO_DATE.fullmatch(stripped)
    if match:
        return _date(match[1], match[2], match[3])
    return None


def parse_report_date(text: str | None) -> datetime.date | None:
    """``ReportDate`` (``"22 April 2019"``, ``"22 Apr 2019"``); ``None`` for a range or anything else."""
    if not text:
        return None
    match = _DAY_MONTH_YEAR.fullmatch(text.strip())
    if match:
        month = _MONTHS.get(match[2].lower())
        if month is not None:
            return _date(match[3], month, match[1])
    return parse_attribute_date(text)
