"""Choosing scopes for ``xero login``: by name, or by the operations you mean to call.

An operation's scopes are those its document lists (a read-only one for a GET when there is
one). Apps created from March 2026 must ask for granular scopes, so a broad scope that has
granular replacements (``accounting.transactions``) is replaced by the one whose name matches
the operation's path (``/Invoices`` -> ``accounting.invoices``), or by all of them when none does.
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
    from xero_sdk.auth import scopes

    out: list[str] = []
    for text in operations:
        _api, entry = find_operation(text)
        listed: list[str] = entry["scopes"]
        reads = [s for s in listed if s.endswith(".read")]
        method, path = entry["http"].split(" ", 1)
        chosen = (
            reads if method == "GET" and reads else [s for s in listed if not s.endswith(".read")] or listed
        )
        for scope in chosen:
            replacements = scopes.GRANULAR_REPLACEMENTS.get(scope) if granular else None
            if replacements:
                squashed = path.lower().replace("/", "")
                matching = [
                    r for r in replacements if r.split(".")[-2 if r.endswith(".read") else -1] in squashed
                ]
                out += matching or list(replacements)
            else:
                out.append(scope)
    return list(dict.fromkeys(out))
