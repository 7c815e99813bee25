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

from codegen.apis import APIS  # noqa: E402
from codegen.normalise.loader import load_yaml  # noqa: E402
from codegen.normalise.rewrites import operations, resolve  # noqa: E402
from specs.fetch import ensure_specs, load_lock  # noqa: E402

REST_APIS = tuple(api.key for api in APIS)


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
    return operations(raw_doc(api))


def snake(operation_id: str) -> str:
    """getInvoiceAsPdf -> get_invoice_as_pdf; getBASReport -> get_bas_report."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", operation_id)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()


__all__ = ["REST_APIS", "raw_doc", "raw_operations", "release", "resolve", "snake", "spec_paths"]
