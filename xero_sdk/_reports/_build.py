"""Building :class:`~xero_sdk.reports.Report` from the generated report models.

Two shapes come back from the Accounting ``get_report*`` operations (checked against the
generated facade by the tests): ``ReportWithRows`` (``Reports[]`` of ``ReportWithRow``, each a
tree of ``Header`` / ``Section`` / ``Row`` / ``SummaryRow`` rows of cells) from every operation
but one, and ``Reports`` (``Reports[]`` of the 1099 ``Report``, one per form, with one
``TenNinetyNineContact`` per payee) from ``get_report_ten_ninety_nine``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._values import parse_cell_value, parse_report_date
from ._view import Cell, Report, Row, Section, column_keys

if TYPE_CHECKING:
    from xero_sdk._generated.accounting.models import (  # type: ignore[import-not-found, unused-ignore]
        Report as TenNinetyNineReport,
    )
    from xero_sdk._generated.accounting.models import (  # type: ignore[import-not-found, unused-ignore]
        ReportCell,
        ReportRow,
        ReportRows,
        ReportWithRow,
    )

__all__ = ["report_from_model", "reports_from_model"]

_MODELS = "xero_sdk._generated.accounting.models"


def _models() -> Any:
    import importlib

    return importlib.import_module(_MODELS)


def _text(value: Any) -> str:
    """Text of a value from a generated model (open enums are ``str`` subclasses)."""
    return "" if value is None else str(value)


def reports_from_model(model: Any) -> list[Report]:
    """One :class:`Report` per report in ``model`` (see :meth:`Report.all_from_model`)."""
    m = _models()
    if isinstance(model, m.ReportWithRows):
        return [_from_rows_report(r) for r in model.reports or []]
    if isinstance(model, m.ReportWithRow):
        return [_from_rows_report(model)]
    if isinstance(model, m.Reports):
        forms = list(model.reports or [])
        return [_from_1099([form], source=form) for form in forms]
    if isinstance(model, m.Report):
        return [_from_1099([model], source=model)]
    raise TypeError(
        f"not a report model: {type(model).__name__} (expected what a get_report_* operation returns: "
        "ReportWithRows, ReportWithRow, Reports or Report)"
    )


def report_from_model(model: Any) -> Report:
    """The one report in ``model`` (see :meth:`Report.from_model`)."""
    m = _models()
    if isinstance(model, m.Reports):
        forms = list(model.reports or [])
        if not forms:
            raise ValueError("the response holds no report")
        return _from_1099(forms, source=model)
    reports = reports_from_model(model)
    if len(reports) != 1:
        raise ValueError(
            f"the response holds {len(reports)} reports: use Report.all_from_model() to get each"
            if reports
            else "the response holds no report"
        )
    return reports[0]


# -- ReportWithRow -----------------------------------------------------------------------------


def _cell(cell: ReportCell) -> Cell:
    text = _text(cell.value)
    attributes = {str(a.id): _text(a.value) for a in cell.attributes or [] if a.id is not None}
    return Cell(text=text, value=parse_cell_value(text), attributes=attributes)


def _row_kind(row: ReportRows | ReportRow) -> str:
    return _text(row.row_type) or "Row"


def _from_rows_report(report: ReportWithRow) -> Report:
    top: list[ReportRows] = list(report.rows or [])
    header_row = next((r for r in top if _row_kind(r) == "Header"), None)
    header_cells = tuple(_cell(c) for c in header_row.cells or []) if header_row is not None else ()
    titles = tuple(c.text for c in header_cells)

    # (section title, its rows) in order; rows outside any section form untitled sections
    groups: list[tuple[str, list[ReportRow | ReportRows]]] = []
    loose: list[ReportRow | ReportRows] | None = None
    for row in top:
        if row is header_row:
            continue
        if _row_kind(row) == "Section":
            groups.append((row.title or "", list(row.rows or [])))
            loose = None
        else:
            if loose is None:
                loose = []
                groups.append(("", loose))
            loose.append(row)

    width = max([len(titles)] + [len(r.cells or []) for _, rows in groups for r in rows])
    keys = column_keys(titles, width)
    sections = tuple(
        Section(
            title=title,
            rows=tuple(
                Row(
                    kind=_row_kind(r),
                    cells=tuple(_cell(c) for c in r.cells or []),
                    section=title,
                    title=r.title,
                    keys=keys,
                )
                for r in rows
            ),
        )
        for title, rows in groups
    )
    header = Row(kind="Header", cells=header_cells, section="", keys=keys) if header_row is not None else None
    fields = {
        str(f.field_id if f.field_id is not None else f.description): f.value for f in report.fields or []
    }
    return Report(
        report_id=report.report_id,
        name=report.report_name,
        report_type=report.report_type,
        title=report.report_title,
        titles=tuple(report.report_titles or ()),
        date=parse_report_date(report.report_date),
        date_text=report.report_date,
        updated=report.updated_date_utc,
        fields=fields,
        columns=titles,
        column_keys=keys,
        header=header,
        sections=sections,
        source=report,
    )


# -- the 1099 ----------------------------------------------------------------------------------


def _json_cell(value: Any) -> Cell:
    """A cell from a value the generated model already typed (no guessing from text: a ZIP
    code stays text)."""
    if value is None:
        return Cell(text="", value=None)
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        return Cell(text=str(value), value=Decimal(value))
    text = str(value).lower() if isinstance(value, bool) else _text(value)
    return Cell(text=text, value=text or None)


def _same(values: Iterable[str | None]) -> str | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def _from_1099(forms: Sequence[TenNinetyNineReport], *, source: Any) -> Report:
    """Forms as sections (titled with the form's name), payees as rows, their fields as columns."""
    payees = [(form, [c.to_dict() for c in form.contacts or []]) for form in forms]
    titles: list[str] = []
    for _, contacts in payees:
        for contact in contacts:
            titles += [k for k in contact if k not in titles]
    # in the document's order (Box1..Box14, Name, ...), fields it does not describe last
    documented = {name: i for i, name in enumerate(_models().TenNinetyNineContact.FIELDS.values())}
    titles.sort(key=lambda t: documented.get(t, len(documented)))
    keys = column_keys(titles, len(titles))
    sections = []
    for form, contacts in payees:
        section_title = form.report_name or ""
        rows = tuple(
            Row(
                kind="Row",
                cells=tuple(_json_cell(contact.get(t)) for t in titles),
                section=section_title,
                keys=keys,
            )
            for contact in contacts
        )
        sections.append(Section(title=section_title, rows=rows))
    date_text = _same(f.report_date for f in forms)
    return Report(
        report_id=None,
        name=_same(f.report_name for f in forms),
        report_type=_same(_text(f.report_type) or None for f in forms),
        title=_same(f.report_title for f in forms),
        titles=tuple(f.report_name for f in forms if f.report_name),
        date=parse_report_date(date_text),
        date_text=date_text,
        updated=max((f.updated_date_utc for f in forms if f.updated_date_utc is not None), default=None),
        fields={},
        columns=tuple(titles),
        column_keys=keys,
        header=None,
        sections=tuple(sections),
        source=source,
    )
