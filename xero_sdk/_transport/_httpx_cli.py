"""Keeps ``import httpx`` from importing httpx's command-line client.

httpx 0.28's ``__init__`` runs ``from ._main import main`` whenever click, rich and pygments
are importable, as they are with ``xero-sdk[cli]`` and in most development environments. That
module (the ``httpx`` command) imports all three and roughly doubles what ``import httpx``
costs, for code no SDK call runs. :func:`defer_httpx_cli`, called by ``xero_sdk/__init__``
before anything imports httpx, registers a stand-in for ``httpx._main`` whose ``main`` (what
``httpx.main`` and the ``httpx`` command call) and every other attribute load the real module
on first use, so the command and ``httpx._main`` keep working, only later.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

NAME = "httpx._main"


class DeferredCli(types.ModuleType):
    """Stands in for ``httpx._main`` until something uses it, then hands over to the real one."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # what the import system and repr() probe (__path__...)
            raise AttributeError(attribute)
        return getattr(load_real_cli(), attribute)


def load_real_cli() -> types.ModuleType:
    """The real ``httpx._main`` (replacing the stand-in in ``sys.modules``)."""
    current = sys.modules.get(NAME)
    if isinstance(current, DeferredCli):
        sys.modules.pop(NAME, None)  # another thread may have taken it out already
    return importlib.import_module(NAME)


def main(*args: Any, **kwargs: Any) -> Any:
    """``httpx.main``: the real command-line client, imported now."""
    return load_real_cli().main(*args, **kwargs)


def defer_httpx_cli() -> None:
    """Register the stand-in unless httpx (or its CLI) is already imported."""
    if "httpx" in sys.modules or NAME in sys.modules:
        return
    stand_in = DeferredCli(NAME, __doc__)
    stand_in.main = main  # type: ignore[attr-defined]
    sys.modules[NAME] = stand_in
