"""An API's facade written in pieces: ``facade.py`` and one module of methods per resource group.

One file with every method of Accounting would be 17,000 lines. The methods are grouped by
resource, the first literal segment of the operation's path (``/Invoices/{InvoiceID}/History``
is ``Invoices``; :func:`codegen.reference.resource_group`), the same grouping ``api.md`` and
the reference pages use, because Xero's documents put every operation of an API under one tag.
Each group's module (``methods/invoices.py``) holds a sync and an async class with
``__slots__ = ()``.

``facade.py`` keeps ``<Prefix>Api`` and ``Async<Prefix>Api`` what they were: for a type
checker their bases are the groups' classes (every method, signature and docstring as
before); at run time they are plain classes (bases: ``object``) given each method on first
access by :func:`xero_sdk._runtime.lazy.lazy_methods`. Importing a module costs about as much as a few
hundred lines of methods; importing every group's module with the facade doubled the time to
import the facades, while a program that calls a few resources now loads only their modules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from .operations import Operation
from .reference import resource_group


@attrs.frozen
class MethodGroup:
    """One resource group: its module under ``methods/`` and the classes it defines."""

    name: str  # the path segment: Invoices
    key: str  # its module: invoices
    ops: tuple[Operation, ...]

    @property
    def path(self) -> str:
        return f"/{self.name}"

    @property
    def sync_class(self) -> str:
        return f"{_pascal(self.name)}Methods"

    @property
    def async_class(self) -> str:
        return f"Async{_pascal(self.name)}Methods"


def _pascal(segment: str) -> str:
    from openapi_python_client.strings import pascal_case

    return pascal_case(segment)


def method_groups(key: str, ops: list[Operation]) -> list[MethodGroup]:
    """The operations by resource group, ordered by module name; groups whose module or class
    names would clash are refused."""
    from openapi_python_client.strings import snake_case

    by_group: dict[str, list[Operation]] = {}
    for op in ops:
        by_group.setdefault(resource_group(op.raw_path), []).append(op)
    groups = sorted(
        (MethodGroup(name, snake_case(name), tuple(group)) for name, group in by_group.items()),
        key=lambda g: g.key,
    )
    for attr in ("key", "sync_class"):
        names = [getattr(g, attr) for g in groups]
        if len(set(names)) != len(names) or not all(n.isidentifier() for n in names):
            raise ValueError(f"{key}: resource groups give clashing or invalid {attr} names: {names}")
    return groups


def write_facade(env: Any, key: str, ops: list[Operation], out_dir: Path) -> None:
    """Render ``facade.py`` and ``methods/<group>.py`` for ``ops`` (sorted by name) into ``out_dir``."""
    groups = method_groups(key, ops)
    methods = out_dir / "methods"
    methods.mkdir(exist_ok=True)
    xero = env.globals["xero"]
    (methods / "__init__.py").write_text(
        f'{xero["header"]}\n"""The methods of the {xero["title"]} API classes, one module per resource group."""\n',
        encoding="utf-8",
    )
    template = env.get_template("facade_methods.py.jinja")
    for g in groups:
        (methods / f"{g.key}.py").write_text(template.render(ops=list(g.ops), group=g), encoding="utf-8")
    facade = env.get_template("facade.py.jinja").render(ops=ops, groups=groups)
    (out_dir / "facade.py").write_text(facade, encoding="utf-8")
