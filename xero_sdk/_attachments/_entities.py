"""Which Accounting documents carry attachments, read from the generated operations.

An entity has attachments when the generated Accounting package holds its four operations
``get_<e>_attachments``, ``get_<e>_attachment_by_id``, ``get_<e>_attachment_by_file_name`` and
``create_<e>_attachment_by_file_name``. Xero's name for it ("BankTransactions") is the first
segment of the path the create operation builds, and it supports ``IncludeOnline`` when that
operation takes ``include_online``. Nothing is listed by hand: a regenerated package with
another entity is picked up as is. The table is built on first use.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
from collections.abc import Mapping
from types import MappingProxyType, ModuleType
from typing import Any

import attrs

from xero_sdk._runtime.operation import ApiRequest
from xero_sdk.errors import AttachmentError

#: The package of generated Accounting operation modules (one module per operation).
OPERATIONS_PACKAGE = "xero_sdk._generated.accounting.api"

LIST = "get_{}_attachments"
BY_ID = "get_{}_attachment_by_id"
BY_FILE_NAME = "get_{}_attachment_by_file_name"
CREATE = "create_{}_attachment_by_file_name"
_REQUIRED = (LIST, BY_ID, BY_FILE_NAME, CREATE)
_CREATE_NAME = re.compile(r"^create_(?P<stem>[a-z0-9_]+)_attachment_by_file_name$")


@attrs.frozen
class Entity:
    """One kind of Accounting document that carries attachments."""

    name: str
    """Xero's name, as in the URL: ``BankTransactions``."""
    stem: str
    """The generated operations' stem: ``bank_transaction``."""
    include_online: bool
    """Whether uploads take ``IncludeOnline`` (Invoices and CreditNotes)."""

    def operation(self, pattern: str) -> ModuleType:
        """The generated module of one of this entity's operations (``LIST``, ``BY_ID``...)."""
        return importlib.import_module(f"{OPERATIONS_PACKAGE}.{pattern.format(self.stem)}")


def _xero_name(create: ModuleType) -> str:
    """Xero's entity name from the path the create operation builds (``/Invoices/{id}/...``)."""
    build: Any = create.build
    request: ApiRequest = build("id", "name", body=b"")
    return request.path.lstrip("/").split("/", 1)[0]


@functools.cache
def entities() -> Mapping[str, Entity]:
    """Every entity with attachments, by Xero's name, in alphabetical order."""
    package = importlib.import_module(OPERATIONS_PACKAGE)
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    found: dict[str, Entity] = {}
    for module in sorted(modules):
        match = _CREATE_NAME.match(module)
        if match is None:
            continue
        stem = match["stem"]
        if any(pattern.format(stem) not in modules for pattern in _REQUIRED):
            continue
        create = importlib.import_module(f"{OPERATIONS_PACKAGE}.{module}")
        include_online = "include_online" in inspect.signature(create.build).parameters
        name = _xero_name(create)
        found[name] = Entity(name=name, stem=stem, include_online=include_online)
    return MappingProxyType(dict(sorted(found.items())))


def _key(text: str) -> str:
    return re.sub(r"[\s_-]", "", text).casefold()


@functools.cache
def _aliases() -> Mapping[str, Entity]:
    table: dict[str, Entity] = {}
    for entity in entities().values():
        for alias in (entity.name, entity.stem, entity.stem + "s"):
            table[_key(alias)] = entity
    return MappingProxyType(table)


def resolve(entity: str) -> Entity:
    """The entity named by Xero's name (``"BankTransactions"``) or snake_case
    (``"bank_transactions"``; the singular works too). Raises :class:`AttachmentError`
    naming the valid ones otherwise."""
    if not isinstance(entity, str):
        raise TypeError(f"entity must be a str such as 'Invoices', not {type(entity).__name__}")
    found = _aliases().get(_key(entity))
    if found is None:
        raise AttachmentError(
            f"Xero keeps no attachments on {entity!r}; the entities with attachments are "
            f"{', '.join(entities())} (Xero's name, or snake_case such as 'bank_transactions')"
        )
    return found
