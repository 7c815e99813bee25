"""Xero's documents as the local Xero uses them: the operation a request is for, the example
answer of the operations it keeps no state for, and an independent check (jsonschema over the
normalised documents, not the SDK's models) of every JSON body it accepts and sends.

The documents are Xero's and are not shipped: they are the normalised documents ``make
generate`` writes (``.specs/<release>/normalised/<api>.json`` in a checkout), or any folder of
``<api>.json`` files named by ``XERO_SDK_DOCUMENTS``. Without them the local Xero still keeps
state for the Accounting core; other operations answer 501 and nothing is validated.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xero_sdk._apis import APIS

__all__ = ["API_PREFIXES", "Contract", "Operation", "documents_folder"]


def _api_prefixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Path prefix -> the APIs living there, from the registry (:mod:`xero_sdk._apis`).

    Payroll NZ, UK and AU v2 share ``/payroll.xro/2.0``: a request is for the first of them whose
    document has its route. An API whose key names a version (``payroll_au_v2``) is tried after
    the others at its prefix, so a new version never changes what an existing path answers. The
    Identity API (no path on the host) is the identity server's, not the local Xero's.
    """
    by_prefix: dict[str, list[str]] = {}
    for api in APIS:
        if api.base_path:
            by_prefix.setdefault(api.base_path, []).append(api.key)
    return tuple(
        (prefix, tuple(sorted(keys, key=lambda key: re.search(r"_v\d+$", key) is not None)))
        for prefix, keys in by_prefix.items()
    )


#: path prefix -> the APIs living there, in the order a request's route is looked up
API_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = _api_prefixes()
_METHODS = ("get", "put", "post", "delete", "patch")


def documents_folder() -> Path | None:
    """``XERO_SDK_DOCUMENTS``, or the newest ``.specs/*/normalised`` above this package or the
    working directory."""
    named = os.environ.get("XERO_SDK_DOCUMENTS")
    if named:
        return Path(named)
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            specs = folder / ".specs"
            if specs.is_dir():
                found = sorted(specs.glob("*/normalised"))
                if found:
                    return found[-1]
    return None


@dataclass(frozen=True)
class Operation:
    api: str
    operation_id: str
    method: str
    template: str
    spec: dict[str, Any]


class Contract:
    """The documents in ``folder`` (loaded per API on first use; shared by every local Xero)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @functools.cache  # noqa: B019 - one Contract per folder, kept for the process
    def document(self, api: str) -> dict[str, Any] | None:
        path = self.folder / f"{api}.json"
        if not path.exists():
            return None
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return doc

    @functools.cache  # noqa: B019
    def _routes(self, api: str) -> list[tuple[re.Pattern[str], str, Operation]]:
        doc = self.document(api)
        if doc is None:
            return []
        routes = []
        for template, item in doc.get("paths", {}).items():
            real = template
            for method in _METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                real = op.get("x-sdk-path", template)
                regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(real.rstrip("/"))) + "/?$"
                routes.append(
                    (
                        re.compile(regex, re.IGNORECASE),
                        method.upper(),
                        Operation(api, op.get("operationId", ""), method.upper(), real, op),
                    )
                )
        # literal segments before templated ones: /Reports/TrialBalance before /Reports/{ReportID}
        routes.sort(key=lambda r: r[2].template.count("{"))
        return routes

    def operation(self, method: str, path: str, accept: str = "") -> Operation | None:
        """The documented operation for a request (``path`` with its API prefix)."""
        for prefix, apis in API_PREFIXES:
            if path.lower().startswith(prefix.lower()):
                rest = path[len(prefix) :] or "/"
                for api in apis:
                    candidates = [
                        op for regex, m, op in self._routes(api) if m == method and regex.match(rest)
                    ]
                    if candidates:
                        pdf = [op for op in candidates if "pdf" in op.operation_id.lower()]
                        if "application/pdf" in accept and pdf:
                            return pdf[0]
                        rest_ops = [op for op in candidates if op not in pdf]
                        return (rest_ops or candidates)[0]
        return None

    # -- examples ----------------------------------------------------------------------------------
    def example(self, op: Operation) -> tuple[int, Any, str]:
        """(status, body, content type) of the operation's first documented success answer."""
        responses = op.spec.get("responses", {})
        for status in sorted(responses):
            if not str(status).startswith("2"):
                continue
            response = self._resolve(op.api, responses[status])
            for media, content in (response.get("content") or {}).items():
                if "example" in content:
                    return int(status), content["example"], media
                for example in (content.get("examples") or {}).values():
                    example = self._resolve(op.api, example)
                    if "value" in example:
                        return int(status), example["value"], media
                return int(status), {} if "json" in media else b"", media
            return int(status), None, ""
        return 200, {}, "application/json"

    def _resolve(self, api: str, node: Any) -> Any:
        doc = self.document(api) or {}
        while isinstance(node, dict) and "$ref" in node:
            target: Any = doc
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    # -- validation --------------------------------------------------------------------------------
    @functools.cache  # noqa: B019
    def _registry(self, api: str) -> Any:
        from referencing import Registry
        from referencing.jsonschema import DRAFT4

        return Registry().with_resource(f"urn:xero:{api}", DRAFT4.create_resource(self.document(api)))

    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def _validator(self, api: str, pointer: str) -> Any:
        from jsonschema import Draft4Validator  # type: ignore[import-untyped]

        return Draft4Validator({"$ref": f"urn:xero:{api}#{pointer}"}, registry=self._registry(api))

    def check_request(self, op: Operation, body: Any) -> list[str]:
        request_body = self._resolve(op.api, op.spec.get("requestBody") or {})
        content = (request_body.get("content") or {}).get("application/json")
        if content is None or body is None:
            return []
        return self._check(op, content.get("schema"), body, "request")

    def check_response(self, op: Operation, status: int, body: Any) -> list[str]:
        responses = op.spec.get("responses", {})
        response = responses.get(str(status)) or responses.get("default")
        if response is None:
            return [] if status >= 400 else [f"{op.operation_id}: status {status} is not documented"]
        content = (self._resolve(op.api, response).get("content") or {}).get("application/json")
        if content is None:
            return []
        return self._check(op, content.get("schema"), body, f"response {status}")

    def _check(self, op: Operation, schema: Any, body: Any, what: str) -> list[str]:
        if not isinstance(schema, dict):
            return []
        pointer = schema["$ref"][1:] if "$ref" in schema else None
        if pointer is None:
            return []
        validator = self._validator(op.api, pointer)
        return [
            f"{op.operation_id} {what}: {_where(e.absolute_path)}: {e.message[:300]}"
            for e in _first(validator.iter_errors(body))
        ]


def _first(errors: Iterator[Any], limit: int = 5) -> list[Any]:
    out = []
    for error in errors:
        out.append(error)
        if len(out) >= limit:
            break
    return out


def _where(path: Any) -> str:
    return "/".join(str(p) for p in path) or "(body)"


@functools.lru_cache(maxsize=8)
def contract_for(folder: str | None) -> Contract | None:
    return Contract(Path(folder)) if folder else None
