"""What Xero's documents say, as the layer tests need it: never a hand-written list."""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from tests.specdocs import REST_APIS, raw_doc, raw_operations, resolve, snake


@attrs.frozen
class DocOp:
    api: str
    operation_id: str
    method: str
    path: str
    x_path: str | None
    params: frozenset[tuple[str, str]]
    """(location, name) of every parameter."""

    @property
    def name(self) -> str:
        return snake(self.operation_id)

    def query(self, name: str) -> bool:
        return ("query", name) in self.params


@functools.cache
def operations(api: str) -> tuple[DocOp, ...]:
    doc = raw_doc(api)
    out = []
    for path, method, op, item in raw_operations(api):
        params = [resolve(doc, p) for p in (item.get("parameters") or []) + (op.get("parameters") or [])]
        out.append(
            DocOp(
                api=api,
                operation_id=op["operationId"],
                method=method.upper(),
                path=path,
                x_path=op.get("x-path"),
                params=frozenset((p["in"], p["name"]) for p in params),
            )
        )
    return tuple(out)


def _response_types(api: str, operation_id: str) -> set[str]:
    doc = raw_doc(api)
    for _path, _method, op, _item in raw_operations(api):
        if op["operationId"] == operation_id:
            types: set[str] = set()
            for response in (op.get("responses") or {}).values():
                types.update((resolve(doc, response).get("content") or {}).keys())
            return types
    raise KeyError(operation_id)


def pdf_operations() -> list[DocOp]:
    """Every operation of every API that answers ``application/pdf``."""
    return [
        op
        for api in REST_APIS
        for op in operations(api)
        if "application/pdf" in _response_types(api, op.operation_id)
    ]


def paging_operations() -> dict[str, set[str]]:
    """Per API, the operations taking a ``page`` or ``offset`` query parameter (snake_case)."""
    return {
        api: {op.name for op in operations(api) if any(op.query(n) for n in ("page", "offset"))}
        for api in REST_APIS
    }


def unitdp_operations() -> dict[str, set[str]]:
    """Per API, the operations taking ``unitdp`` (snake_case)."""
    return {api: {op.name for op in operations(api) if op.query("unitdp")} for api in REST_APIS}


_ATTACHMENT_PATH = re.compile(r"^/(?P<entity>[A-Za-z]+)/\{[A-Za-z]+\}/Attachments/\{FileName\}$")


def attachment_entities() -> dict[str, bool]:
    """Xero's entity names with a by-file-name upload (PUT), mapped to whether it takes
    ``IncludeOnline``."""
    found: dict[str, bool] = {}
    for op in operations("accounting"):
        match = _ATTACHMENT_PATH.match(op.path)
        if match and op.method == "PUT":
            found[match["entity"]] = op.query("IncludeOnline")
    return found


def camel_to_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def fill_path(template: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: str(values[m.group(1)]), template)
