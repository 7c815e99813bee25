"""Choosing scopes for ``xero login``: by name, or by the operations you mean to call.

For operations the SDK's scope map answers (``xero_sdk.auth.scopes.required``): for each, its
narrowest scope, granular by default (apps created from March 2026 must ask for those) and
read-only when the operation only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._errors import USAGE, CLIError

#: What ``xero login`` asks for without --scope or --for: read access to the usual Accounting data.
DEFAULT_SCOPES = (
    "accounting.settings.read",
    "accounting.contacts.read",
    "accounting.invoices.read",
    "accounting.payments.read",
    "accounting.banktransactions.read",
    "accounting.manualjournals.read",
    "accounting.attachments.read",
)


def scopes_from_names(names: Iterable[str]) -> list[str]:
    """``accounting.invoices.read`` or the constant's name ``ACCOUNTING_INVOICES_READ``."""
    from xero_sdk.auth import scopes

    out = []
    for name in names:
        for part in name.replace(",", " ").split():
            value = getattr(scopes, part, None) if part.isupper() else part
            if not isinstance(value, str) or value not in scopes.ALL:
                raise CLIError(f"unknown scope {part!r}", USAGE)
            out.append(value)
    return out


def find_operation(text: str) -> tuple[str, dict[str, Any]]:
    """(API, table entry) for ``api.command``, ``api command``, a command name or an operationId."""
    from ._operations import api_keys, table

    wanted = text.replace(" ", ".")
    api_part, _, name = wanted.rpartition(".")
    apis = [api_part.replace("-", "_")] if api_part else api_keys()
    found = []
    for api in apis:
        try:
            operations = table(api)
        except ImportError:
            continue
        for command, entry in operations.items():
            if name in (command, entry["operation_id"], entry["method"]):
                found.append((api, entry))
    if not found:
        raise CLIError(f"no operation called {text!r}", USAGE)
    if len(found) > 1:
        where = ", ".join(f"{api}.{entry['method'].replace('_', '-')}" for api, entry in found)
        raise CLIError(f"{text!r} is in several APIs ({where}): say which, e.g. accounting.{name}", USAGE)
    return found[0]


def scopes_for_operations(operations: Iterable[str], *, granular: bool = True) -> list[str]:
    """The scopes to ask for so that every one of ``operations`` (as ``find_operation`` reads
    them) is allowed."""
    from xero_sdk.auth import scopes

    refs = []
    for text in operations:
        api, entry = find_operation(text)
        refs.append(f"{api}.{entry['method']}")
    return list(scopes.required(refs, granular=granular)) if refs else []
