"""Load Xero's YAML documents fast, without losing what YAML 1.1 would throw away.

PyYAML's C loader is the fastest reader at hand for the 900 kB Accounting document, but it
follows YAML 1.1: a bare ``NO`` (Norway in an enum) becomes ``False`` and an unquoted
``2019-08-01`` becomes a ``date``. Here such scalars are kept as :class:`YamlBool` and
:class:`YamlTimestamp`, string subclasses that remember the text as written, and the
rewrites in :mod:`codegen.normalise.rewrites` decide what each one means in its place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlBool(str):
    """A scalar YAML 1.1 reads as a boolean (``true``, ``NO``, ``off``...), text as written."""

    __slots__ = ()

    @property
    def truth(self) -> bool:
        return self.lower() in ("true", "yes", "y", "on")


class YamlTimestamp(str):
    """An unquoted scalar YAML 1.1 reads as a date or timestamp, text as written."""

    __slots__ = ()


class XeroLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader that keeps booleans and timestamps as marked text."""


def _bool(loader: Any, node: yaml.ScalarNode) -> YamlBool:
    return YamlBool(node.value)


def _timestamp(loader: Any, node: yaml.ScalarNode) -> YamlTimestamp:
    return YamlTimestamp(node.value)


XeroLoader.add_constructor("tag:yaml.org,2002:bool", _bool)
XeroLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml_text(text: str) -> Any:
    return yaml.load(text, Loader=XeroLoader)


def load_yaml(path: Path) -> Any:
    return load_yaml_text(path.read_text(encoding="utf-8"))
