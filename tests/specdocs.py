"""Xero's documents as the tests read them: the raw YAML (verified against specs/lock.json)."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from codegen.normalise.loader import load_yaml  # noqa: E402
from specs.fetch import ensure_specs, load_lock  # noqa: E402

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
REST_APIS = (
    "accounting", "payroll_au", "payroll_au_v2", "payroll_nz", "payroll_uk", "projects",
    "identity", "assets", "files", "bankfeeds", "finance", "app_store",
)  # fmt: skip


@functools.cache
def spec_paths() -> dict[str, Path]:
    return ensure_specs(ROOT)


@functools.cache
def release() -> str:
    return load_lock(ROOT).release


@functools.cache
def raw_doc(api: str) -> Any:
    return load_yaml(spec_paths()[api])


def raw_operations(api: str) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, operation, path item) straight from Xero's document."""
    for path, item in raw_doc(api)["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method], item


def snake(operation_id: str) -> str:
    """getInvoiceAsPdf -> get_invoice_as_pdf; getBASReport -> get_bas_report."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", operation_id)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()


def resolve(doc: Any, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node
