"""An API's facade written in pieces: ``facade.py`` and one module of methods per resource group.

One file with every method of Accounting would be 17,000 lines. The methods are grouped by
resource, the first literal segment of the operation's path (``/Invoices/{InvoiceID}/History``
is ``Invoices``; :func:`codegen.reference.resource_group`), the same grouping ``api.md`` and
the reference pages use, because Xero's documents put every operation of an API under one tag.
Each group's module (``methods/invoices.py``) holds a sync and an async class with
``__slots__ = ()``; ``facade.py`` combines them as the bases of ``<Prefix>Api`` and
``Async<Prefix>Api``, so the classes, their methods, signatures and docstrings, and what mypy
sees are those of one class.
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
    module: str  # invoices
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
    """The operations by resource group, ordered by module name; two groups whose module or
    class names would be equal (``PaySlips``/``Payslips`` differ, but might not) are refused."""
    from openapi_python_client.strings import snake_case

    by_group: dict[str, list[Operation]] = {}
    for op in ops:
        by_group.setdefault(resource_group(op.raw_path), []).append(op)
    groups = sorted(
        (MethodGroup(name, snake_case(name), tuple(group)) for name, group in by_group.items()),
        key=lambda g: g.module,
    )
    for attr in ("module", "sync_class"):
        names = [getattr(g, attr) for g in groups]
        if len(set(names)) != len(names) or not all(n.isidentifier() for n in names):
            raise ValueError(f"{key}: resource groups give clashing or invalid {attr} names: {names}")
    return groups


def write_facade(env: Any, key: str, ops: list[Operation], out_dir: Path) -> None:
    """Render ``facade.py`` and ``methods/<group>.py`` for ``ops`` (sorted by name) into ``out_dir``."""
    groups = method_groups(key, ops)
    methods = out_dir / "methods"
    methods.mkdir(exist_ok=True)
    header = env.globals["xero"]["header"]
    title = env.globals["xero"]["title"]
    (methods / "__init__.py").write_text(
        f'{header}\n"""The methods of the {title} API classes, one module per resource group."""\n',
        encoding="utf-8",
    )
    template = env.get_template("facade_methods.py.jinja")
    for g in groups:
        text = template.render(ops=list(g.ops), group=g)
        (methods / f"{g.module}.py").write_text(text, encoding="utf-8")
    facade = env.get_template("facade.py.jinja").render(ops=ops, groups=groups)
    (out_dir / "facade.py").write_text(facade, encoding="utf-8")
