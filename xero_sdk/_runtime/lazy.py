"""Deferred imports, so that importing the SDK or one model does not load every module.

Two tools, shared by the generated packages and the public re-export modules:

- :func:`lazy_module` gives a package a module-level ``__getattr__``/``__dir__`` pair that
  imports ``name`` from its module on first access and caches it in the package namespace.
  Callers assign the pair under ``if not TYPE_CHECKING:`` and declare every name in a
  ``TYPE_CHECKING`` block: a type checker that saw a module ``__getattr__`` would type every
  misspelled import as ``Any`` instead of reporting it.
- ``dir()`` of such a module lists its public names (``__all__``), not its helpers.
- :class:`LazyClass` stands in a model module's namespace for a class defined elsewhere
  (a nested model or an enum); on first use it imports the class and replaces itself, so
  later lookups cost nothing. Type checkers see the real import (under ``TYPE_CHECKING``).
- :func:`lazy_methods` gives a generated API class (``AccountingApi``) the methods written in
  its resource groups' modules (``methods/invoices.py``), each imported on first access: the
  facade does not import 31 modules to be usable. Type checkers see the groups' classes as
  the API class's bases (under ``TYPE_CHECKING``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_module(
    package: str, modules: Mapping[str, str], *, submodules: Mapping[str, str] | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``modules`` maps each exported name to the submodule (relative to ``package``; a leading
    dot climbs one package up: ``".errors"`` from ``xero_sdk.auth`` is ``xero_sdk.errors``)
    defining it; ``submodules`` maps names exported as modules themselves to their path."""
    submodules = submodules or {}
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        if name in submodules:
            value = importlib.import_module(f"{package}.{submodules[name]}")
            namespace[name] = value
            return value
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return public_names(namespace, [*modules, *submodules])

    return __getattr__, __dir__


def forward_module(package: str, target: str) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Re-export every public name of ``target`` (itself lazy) from ``package``, on first access."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        source = importlib.import_module(target)
        if name not in getattr(source, "__all__", ()):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(source, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return public_names(namespace, getattr(importlib.import_module(target), "__all__", ()))

    return __getattr__, __dir__


def public_names(namespace: Mapping[str, Any], exported: Iterable[str]) -> list[str]:
    """What ``dir()`` shows for a lazy module: ``__all__`` when it declares one, else the
    exported names and every namespace name not starting with ``_``."""
    declared = namespace.get("__all__")
    if declared is not None:
        return sorted(declared)
    return sorted({n for n in namespace if not n.startswith("_")} | set(exported))


def module_dir(names: Iterable[str]) -> Callable[[], list[str]]:
    """A module-level ``__dir__`` listing ``names`` (a module's ``__all__``): ``dir()`` of a
    public module shows what it exports, not the helpers it imports."""
    shown = sorted(names)
    return lambda: list(shown)


class LazyClass:
    """A placeholder for ``name`` from ``module`` (relative to the namespace's package)."""

    __slots__ = ("_module", "_name", "_namespace")

    def __init__(self, namespace: dict[str, Any], module: str, name: str) -> None:
        self._namespace = namespace
        self._module = module
        self._name = name

    def resolve(self) -> Any:
        target = getattr(importlib.import_module(self._module, self._namespace["__package__"]), self._name)
        self._namespace[self._name] = target
        return target

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self.resolve(), attr)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<lazy {self._module}.{self._name}>"


class LazyMethod:
    """A method of ``cls`` defined in class ``owner`` of ``module``. On first access (on the
    class or an instance) it imports the module and puts the function itself in ``cls``, so
    later lookups and calls cost what a method defined in ``cls`` costs. The function is
    ``cls``'s alone (the sync and async classes have their own), and from then on it is named
    as one of ``cls``'s methods (``__module__``, ``__qualname__``): ``AccountingApi.get_invoices``
    in reprs and for code that finds the API from a method; its code keeps its file and line."""

    __slots__ = ("_cls", "_module", "_name", "_owner")

    def __init__(self, cls: type, module: str, owner: str, name: str) -> None:
        self._cls = cls
        self._module = module
        self._owner = owner
        self._name = name

    def resolve(self) -> Any:
        function = vars(getattr(importlib.import_module(self._module), self._owner))[self._name]
        function.__module__ = self._cls.__module__
        function.__qualname__ = f"{self._cls.__qualname__}.{self._name}"
        setattr(self._cls, self._name, function)
        return function

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        function = self.resolve()
        return function if instance is None else function.__get__(instance, owner)

    def __repr__(self) -> str:
        return f"<lazy method {self._module}.{self._owner}.{self._name}>"


def lazy_methods(
    sync_cls: type, async_cls: type, package: str, groups: Mapping[str, tuple[str, str, Iterable[str]]]
) -> None:
    """Give ``sync_cls`` and ``async_cls`` the methods of their resource groups: ``groups`` maps
    each module (relative to ``package``) to its sync class, its async class and the names of
    the methods both define."""
    for module, (sync_owner, async_owner, names) in groups.items():
        path = f"{package}.{module}"
        for name in names:
            setattr(sync_cls, name, LazyMethod(sync_cls, path, sync_owner, name))
            setattr(async_cls, name, LazyMethod(async_cls, path, async_owner, name))
