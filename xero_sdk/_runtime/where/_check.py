"""Field names checked against the model an operation filters and orders.

``F("Staus")``, ``where(Staus=...)`` and ``order_by("updated_dat_utc")`` build valid text for a
field the operation's items do not have; Xero answers such a filter with a 500 or ignores the
ordering. Generated API methods therefore pass their model to :func:`check_names`, which follows
every dotted path (``Contact.ContactID``) through the models' fields, case-insensitively as
Dynamic LINQ does, and raises :class:`~xero_sdk.errors.UnknownFieldError` with the closest names
for the first segment that does not exist. Raw strings are never read: they are sent unchanged.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Iterable
from typing import Any

__all__ = ["check_names", "model_of"]


@functools.cache
def model_of(reference: str) -> Any:
    """The model class named by ``package:Class`` (``xero_sdk._generated.accounting.models:Invoice``)."""
    package, _, name = reference.partition(":")
    return getattr(importlib.import_module(package), name)


def _wire_names(model: Any) -> dict[str, str]:
    """Xero's names of ``model``'s fields, lower-cased -> (Python attribute)."""
    return {wire.lower(): attr for attr, wire in model.FIELDS.items()}


def _nested(model: Any, attr: str) -> Any | None:
    """The model a field holds (``Invoice.contact`` -> ``Contact``), or None for a value field."""
    from xero_sdk._runtime.fields import Fields

    try:
        ref = getattr(model.F, attr)
    except AttributeError:  # a list field: the filter language does not reach into lists
        return None
    if not isinstance(ref, Fields):
        return None
    cls = type(ref)
    return getattr(sys.modules[cls.__module__], cls.__name__.removesuffix("Fields"))


def _closest(segment: str, model: Any) -> list[str]:
    import difflib  # only on the error path: importing the filter package stays cheap

    names = list(model.FIELDS.values())
    by_lower = {n.lower(): n for n in names}
    close = difflib.get_close_matches(segment.lower(), list(by_lower), n=3, cutoff=0.6)
    return [by_lower[c] for c in close]


def _check_path(path: str, model: Any, what: str) -> None:
    current = model
    done: list[str] = []
    for segment in path.split("."):
        if current is None:
            raise _unknown(what, path, ".".join(done), segment, None, [])
        attr = _wire_names(current).get(segment.lower())
        if attr is None:
            raise _unknown(what, path, ".".join(done), segment, current, _closest(segment, current))
        done.append(current.FIELDS[attr])
        current = _nested(current, attr)


def _unknown(what: str, path: str, parent: str, segment: str, model: Any, close: list[str]) -> Exception:
    from xero_sdk.errors import UnknownFieldError

    if model is None:
        problem = f"{parent} is not an object with fields, so {path!r} names nothing"
        owner = parent
    else:
        owner = model.__name__
        problem = f"{owner} has no field {segment!r}"
        if close:
            prefix = f"{parent}." if parent else ""
            problem += " (did you mean " + " or ".join(repr(prefix + c) for c in close) + "?)"
    return UnknownFieldError(
        f"{what}: {problem}. Pass a raw string to send a name this SDK does not know unchecked.",
        name=path,
        model=owner,
        suggestions=close,
    )


def check_names(names: Iterable[str], reference: str | None, what: str) -> None:
    """Raise :class:`~xero_sdk.errors.UnknownFieldError` for the first of ``names`` (Xero's
    dotted names) that the model ``reference`` (see :func:`model_of`) does not have."""
    if reference is None:
        return
    model = model_of(reference)
    for path in sorted(names):
        _check_path(path, model, what)
