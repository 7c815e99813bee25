"""The typed view of a Xero report: :class:`Report` > :class:`Section` > :class:`Row` > :class:`Cell`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Union

import attrs

from ._values import CellValue, parse_attribute_date

if TYPE_CHECKING:
    from xero_sdk._generated.accounting.models import (  # type: ignore[import-not-found, unused-ignore]
        Report as TenNinetyNineReport,
    )
    from xero_sdk._generated.accounting.models import (  # type: ignore[import-not-found, unused-ignore]
        Reports,
        ReportWithRow,
        ReportWithRows,
    )

#: What the Accounting report operations return (and one report out of it).
ReportModel = Union["ReportWithRows", "ReportWithRow", "Reports", "TenNinetyNineReport"]

__all__ = ["KIND_KEY", "SECTION_KEY", "Cell", "Report", "ReportModel", "Row", "Section", "column_keys"]

#: Keys :meth:`Report.to_dicts` adds to every row; a column with the same title gets a suffix.
SECTION_KEY = "Section"
KIND_KEY = "RowType"


@attrs.frozen(slots=True)
class Cell:
    """One cell: Xero's text, its typed value, and its attributes (``{"account": "<guid>"}``)."""

    text: str
    """As Xero sent it (``""`` when it sent nothing)."""
    value: CellValue
    """``Decimal`` for amounts, ``date`` for dates, ``None`` when empty, else the text."""
    attributes: Mapping[str, str] = attrs.field(factory=dict)
    """Xero's ``Attributes`` as ``{Id: Value}``: ``account``, ``accountID``, ``invoiceID``,
    ``fromDate``, ``toDate``..."""

    @property
    def from_date(self) -> datetime.date | None:
        """The period start this amount covers (the ``fromDate`` attribute), if Xero said."""
        return parse_attribute_date(self.attributes.get("fromDate"))

    @property
    def to_date(self) -> datetime.date | None:
        """The period end this amount covers (the ``toDate`` attribute), if Xero said."""
        return parse_attribute_date(self.attributes.get("toDate"))

    def __str__(self) -> str:
        return self.text


@attrs.frozen(slots=True)
class Row:
    """A row of cells: ``kind`` is ``"Row"``, ``"SummaryRow"`` (a total) or ``"Header"``."""

    kind: str
    cells: tuple[Cell, ...]
    section: str
    """The title of the section it belongs to (``""`` when untitled)."""
    title: str | None = None
    keys: tuple[str, ...] = attrs.field(default=(), repr=False, eq=False)
    """The report's column keys, for looking cells up by column."""

    @property
    def is_summary(self) -> bool:
        """Whether it is a total (``kind == "SummaryRow"``)."""
        return self.kind == "SummaryRow"

    @property
    def label(self) -> str:
        """The first cell's text: the account or line name (``"Total Bank"`` on a total)."""
        return self.cells[0].text if self.cells else (self.title or "")

    @property
    def values(self) -> tuple[CellValue, ...]:
        """Every cell's parsed value, in column order."""
        return tuple(c.value for c in self.cells)

    @property
    def attributes(self) -> dict[str, str]:
        """Every attribute of the row's cells, the first cell's value winning (``row.attributes
        ["account"]`` is the account's id on an account line)."""
        merged: dict[str, str] = {}
        for cell in self.cells:
            for key, value in cell.attributes.items():
                merged.setdefault(key, value)
        return merged

    def cell(self, column: str | int) -> Cell:
        """The cell in ``column``: a position, a column key or a column title; ``KeyError``."""
        if isinstance(column, int):
            return self.cells[column]
        if column in self.keys:
            index = self.keys.index(column)
            if index < len(self.cells):
                return self.cells[index]
        raise KeyError(column)

    __getitem__ = cell

    def get(self, column: str | int, default: CellValue = None) -> CellValue:
        """The value in ``column``, or ``default`` when the row has no such cell."""
        try:
            return self.cell(column).value
        except (KeyError, IndexError):
            return default

    def to_dict(self, *, raw: bool = False) -> dict[str, Any]:
        """``{column key: value}`` (the text with ``raw=True``)."""
        return {key: (c.text if raw else c.value) for key, c in zip(self.keys, self.cells, strict=False)}


@attrs.frozen(slots=True)
class Section:
    """A titled group of rows (``"Bank"``, ``"Current Assets"``; often ``""`` for a total)."""

    title: str
    rows: tuple[Row, ...]
    """Every row, in Xero's order, totals included."""

    @property
    def detail_rows(self) -> tuple[Row, ...]:
        """The ordinary rows (``kind == "Row"``): no totals, no headers."""
        return tuple(r for r in self.rows if r.kind == "Row")

    @property
    def summary_rows(self) -> tuple[Row, ...]:
        """The totals (``SummaryRow``), in Xero's order."""
        return tuple(r for r in self.rows if r.is_summary)

    @property
    def summary(self) -> Row | None:
        """The section's (last) total row, if it has one."""
        rows = self.summary_rows
        return rows[-1] if rows else None


@attrs.frozen(slots=True)
class Report:
    """One Xero report, typed.

    Build it from what a ``get_report_*`` operation returned::

        report = Report.from_model(org.accounting.get_report_balance_sheet(date=date(2026, 3, 31)))
        report.columns            # ("", "31 Mar 2026", ...) from the Header row
        for section in report.sections:
            for row in section.rows:
                row.label, row.values, row.is_summary
        report.to_dicts()         # [{"Section": "Bank", "RowType": "Row", "Column 1": ..., ...}]
    """

    report_id: str | None
    name: str | None
    """``ReportName``: ``"Balance Sheet"``."""
    report_type: str | None
    """``ReportType``: ``"BalanceSheet"``."""
    title: str | None
    """``ReportTitle``, when Xero sends one (usually it sends :attr:`titles`)."""
    titles: tuple[str, ...]
    """``ReportTitles``: report name, organisation, period..."""
    date: datetime.date | None
    """``ReportDate`` read as a date; ``None`` when it is not one date."""
    date_text: str | None
    """``ReportDate`` as Xero wrote it (``"22 April 2019"``)."""
    updated: datetime.datetime | None
    """``UpdatedDateUTC``."""
    fields: Mapping[str, str | None]
    """``Fields`` as ``{FieldID: Value}``."""
    columns: tuple[str, ...]
    """Column titles, from the Header row (``""`` where Xero leaves one blank)."""
    column_keys: tuple[str, ...]
    """Unique non-empty names for the columns (``"Column 1"`` for a blank title; a repeated
    title gets ``" (2)"``); the keys of :meth:`to_dicts` and of :meth:`Row.cell`. Longer than
    :attr:`columns` when some row has more cells than the header."""
    header: Row | None
    sections: tuple[Section, ...]
    """Every section in order; rows Xero puts outside any section form untitled sections."""
    source: Any = attrs.field(default=None, repr=False, eq=False)
    """The generated model this view was built from."""

    @classmethod
    def from_model(cls, model: ReportModel) -> Report:
        """The report in what a report operation returned: ``ReportWithRows`` (every
        ``get_report_*`` but the 1099), one ``ReportWithRow``, or the 1099's ``Reports`` (one
        section per form, one row per contact). ``ValueError`` when ``model`` holds no report
        or several (``get_reports_list``): use :meth:`all_from_model` for those."""
        from ._build import report_from_model

        return report_from_model(model)

    @classmethod
    def all_from_model(cls, model: ReportModel) -> list[Report]:
        """Every report in ``model``, one :class:`Report` each (the 1099: one per form)."""
        from ._build import reports_from_model

        return reports_from_model(model)

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every detail row (not totals, not headers) of every section, in order."""
        return tuple(r for s in self.sections for r in s.rows if r.kind == "Row")

    @property
    def summary_rows(self) -> tuple[Row, ...]:
        """Every total row, in order."""
        return tuple(r for s in self.sections for r in s.rows if r.is_summary)

    def section(self, title: str) -> Section:
        """The first section titled ``title``; ``KeyError`` when none is."""
        for section in self.sections:
            if section.title == title:
                return section
        raise KeyError(title)

    def to_dicts(self, *, raw: bool = False, summaries: bool = True) -> list[dict[str, Any]]:
        """One dict per row (headers left out), in order: ``{"Section": title, "RowType": kind,
        <column key>: value, ...}``; values typed (``Decimal``, ``date``, text, ``None``), or
        Xero's text with ``raw=True``. ``summaries=False`` leaves the totals out."""
        out: list[dict[str, Any]] = []
        for section in self.sections:
            for row in section.rows:
                if row.kind == "Header" or (row.is_summary and not summaries):
                    continue
                out.append({SECTION_KEY: section.title, KIND_KEY: row.kind, **row.to_dict(raw=raw)})
        return out

    def __repr__(self) -> str:
        return (
            f"Report(name={self.name!r}, date={self.date_text!r}, columns={len(self.columns)}, "
            f"sections={len(self.sections)}, rows={sum(len(s.rows) for s in self.sections)})"
        )


def column_keys(titles: Sequence[str], width: int) -> tuple[str, ...]:
    """Unique keys for ``width`` columns titled ``titles`` (see :attr:`Report.column_keys`)."""
    used = {SECTION_KEY, KIND_KEY}
    keys: list[str] = []
    for i in range(max(width, len(titles))):
        title = titles[i].strip() if i < len(titles) else ""
        base = title or f"Column {i + 1}"
        key, n = base, 2
        while key in used:
            key, n = f"{base} ({n})", n + 1
        used.add(key)
        keys.append(key)
    return tuple(keys)
