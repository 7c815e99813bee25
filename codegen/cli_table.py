"""The command table of the ``xero`` console command: one plain entry per operation.

``generated/xero_sdk/_generated/<api>/commands.py`` holds ``OPERATIONS``, a dict literal built here from
the same :class:`~codegen.operations.Operation` the facade is rendered from, so that every SDK method
is a command with the document's help text, parameter types and scopes. The CLI
(``xero_sdk.cli``) reads it when a command of that API is asked for; importing it needs nothing
but Python (no models, no httpx).
"""

from __future__ import annotations

import pprint
from typing import Any

from .operations import Operation, Param

#: The table's name for each argument annotation the generated signatures use (see
#: ``codegen.operations._arg_type``); anything else (an open enum ``X | str``) is text.
KINDS = {
    "str": "str",
    "UUID | str": "uuid",
    "int": "int",
    "bool": "bool",
    "Decimal": "decimal",
    "datetime.date": "date",
    "datetime.datetime": "datetime",
    "datetime.date | datetime.datetime": "date_or_datetime",
    "str | Expr": "where",
    "str | Order": "order",
}


def kind(annotation: str) -> str:
    if annotation.startswith("Sequence[") and annotation.endswith("]"):
        return "list:" + kind(annotation[len("Sequence[") : -1])
    return KINDS.get(annotation, "str")


def _param(p: Param) -> tuple[str, str, str, str, bool, str]:
    """(python name, wire name, location, kind, required, help)."""
    return (p.python_name, p.wire, p.location, kind(p.annotation), p.required, _text(p.description))


def _text(value: str) -> str:
    """Docstring-escaped spec text (see ``typemap.doc_text``) back to plain text."""
    return value.replace('\\"\\"\\"', '"""').replace("\\\\", "\\")


def _body(op: Operation) -> dict[str, Any] | None:
    if op.body is None:
        return None
    body: dict[str, Any] = {"kind": op.body.kind, "content_type": op.body.content_type}
    if op.body.kind == "json":
        body["type"] = op.body.annotation.replace(" | Mapping[str, Any]", "")
    else:
        body["parts"] = [_param(p) for p in op.body.parts]
    return body


def _paging(op: Operation) -> dict[str, Any] | None:
    p = op.paging
    if p is None:
        return None
    return {
        "page": p.page_param,
        "size": p.size_param,
        "max_size": p.max_size,
        "fixed_size": p.fixed_size,
        "offset": p.offset_param,
        "offset_field": p.offset_field,
        "items": p.items,
        "pagination": p.pagination,
    }


def entry(op: Operation) -> dict[str, Any]:
    return {
        "method": op.name,
        "operation_id": op.operation_id,
        "http": f"{op.method} {op.raw_path}",
        "summary": _text(op.summary),
        "description": _text(op.description) if op.description != op.summary else "",
        "args": [_param(p) for p in op.path_params],
        "options": [_param(p) for p in op.params],
        "body": _body(op),
        "response": op.response.kind,
        "tenant": op.tenant,
        "paging": _paging(op),
    }


def command_name(op: Operation) -> str:
    return op.name.replace("_", "-")


def table_literal(ops: list[Operation]) -> str:
    """``OPERATIONS`` as Python source: command name -> entry, sorted by command name."""
    table = {command_name(op): entry(op) for op in ops}
    return pprint.pformat(table, width=100, sort_dicts=True)


GLOBALS = {"cli_table": table_literal}
