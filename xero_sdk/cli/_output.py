"""Writing results: JSON (the default when piped), JSON Lines, CSV, or a table on a terminal.

Values are the models' ``to_dict()`` forms: Xero's field names, money as exact ``Decimal`` text
(``229.8950`` stays ``229.8950``), dates and times in ISO 8601. A list response (or a wrapper
holding one list, like ``{"Invoices": [...]}``) is written as one record per item.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

FORMATS = ("json", "jsonl", "csv", "table")
#: Wrapper keys that are not the records of a response.
_NOT_RECORDS = {
    "Warnings",
    "pagination",
    "Pagination",
    "problem",
    "Id",
    "Status",
    "ProviderName",
    "DateTimeUTC",
}


def plain(value: Any) -> Any:
    """A model (or list of models) as JSON-ready data; anything else unchanged."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def records(data: Any) -> list[Any]:
    """The items of a response: a list, the one list of objects in a wrapper, or the object."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        lists = [k for k, v in data.items() if isinstance(v, list) and k not in _NOT_RECORDS]
        if len(lists) == 1 and all(isinstance(x, dict) for x in data[lists[0]]):
            return list(data[lists[0]])
        return [data]
    return [data]


def default_format(stream: IO[str] | None = None) -> str:
    stream = stream or sys.stdout
    return "table" if stream.isatty() else "json"


def dumps(value: Any) -> str:
    """Compact JSON, Decimals exact."""
    from xero_sdk._runtime.codec.json import dumps as _dumps

    return _dumps(value).decode("utf-8")


def pretty(value: Any, indent: str = "") -> str:
    """Indented JSON, Decimals exact (the SDK's encoder writes each scalar)."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = [f"{inner}{dumps(str(k))}: {pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + pretty(v, inner) for v in value) + "\n" + indent + "]"
    return dumps(value)


def cell(value: Any) -> str:
    """One CSV or table cell: text as is, Decimals exact, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f") if "E" in str(value) else str(value)
    if isinstance(value, (str, int)):
        return str(value)
    return dumps(value)


def columns_of(rows: Iterable[Any]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        if isinstance(row, dict):
            seen.update(dict.fromkeys(row))
        else:
            seen["value"] = None
    return list(seen)


def csv_lines(rows: Iterable[Any], columns: list[str], *, header: bool = True) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        values = row if isinstance(row, dict) else {"value": row}
        writer.writerow([cell(values.get(c)) for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if header and buffer.getvalue():
        yield buffer.getvalue()


def write(data: Any, fmt: str, out: IO[str], *, title: str | None = None) -> None:
    """Write a whole (already plain) response in ``fmt``."""
    if fmt == "json":
        out.write(pretty(data) + "\n")
        return
    rows = records(data)
    if fmt == "jsonl":
        for row in rows:
            out.write(dumps(row) + "\n")
    elif fmt == "csv":
        for chunk in csv_lines(rows, columns_of(rows)):
            out.write(chunk)
    elif fmt == "table":
        table(rows, out, title=title)
    else:  # pragma: no cover - click checks the choice
        raise ValueError(fmt)


def _rank(column: str) -> int:
    """Which columns a narrow table keeps first: names and numbers, then status and dates, then
    amounts, then the rest; identifiers last."""
    for rank, endings in enumerate(
        (("Number", "Name", "name", "Code"), ("Status", "Type", "status", "type"), ("Date", "date"),
         ("Total", "Amount", "Due", "amount")),
    ):  # fmt: skip
        if column.endswith(endings) or column in endings:
            return rank
    return 6 if column.endswith(("ID", "Id")) else 4


def table(rows: list[Any], out: IO[str], *, title: str | None = None) -> None:
    """A Rich table of the scalar fields, as many as fit the terminal (``--format json`` or ``csv``
    shows everything)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out)
    if not rows:
        console.print("(no records)")
        return
    scalar = [
        c
        for c in columns_of(rows)
        if all(not isinstance(r.get(c) if isinstance(r, dict) else r, (dict, list)) for r in rows)
    ]
    fits = max(1, console.width // 16)
    shown = sorted(scalar, key=_rank)[:fits]
    shown = [c for c in scalar if c in shown]
    hidden = len(columns_of(rows)) - len(shown)
    t = Table(title=title, caption=f"{hidden} more fields: --format json or csv" if hidden else None)
    for c in shown:
        t.add_column(c, overflow="ellipsis", no_wrap=True)
    for row in rows:
        values = row if isinstance(row, dict) else {"value": row}
        t.add_row(*(cell(values.get(c)) for c in shown))
    console.print(t)
