"""Per-element errors: what Xero answers when ``summarizeErrors=false``.

With ``summarize_errors=False`` Xero saves the elements it can and answers ``200`` even when some
are refused: each refused element carries ``HasErrors: true`` (or ``StatusAttributeString:
"ERROR"``) and its ``ValidationErrors``. A program that does not look would never know, so the
operations that take ``summarize_errors`` raise :class:`~xero_sdk.errors.BadRequestError` for
such an answer (carrying every element's messages, the elements Xero saved and the whole
response), unless called with ``raise_on_element_errors=False``; then the response's
``raise_for_errors()`` does the same check when the caller wants it. Batches read the same
element states through :func:`element_state`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from xero_sdk._runtime.error_body import ErrorDetail

__all__ = ["ElementStatus", "element_errors", "element_state", "raise_for_element_errors"]

ElementStatus = Literal["OK", "WARNING", "ERROR"]


def field_of(element: Any, attr: str, json_key: str) -> Any:
    """``element.<attr>``, or the JSON member ``json_key`` the model kept because it did not
    describe it (or a plain mapping's member)."""
    if isinstance(element, Mapping):
        return element.get(json_key)
    value = getattr(element, attr, None)
    if value is None:
        extra = getattr(element, "additional_properties", None)
        if isinstance(extra, Mapping):
            value = extra.get(json_key)
    return value


def messages(items: Any) -> tuple[str, ...]:
    """Texts of a list of ``ValidationError`` models or ``{"Message": ...}`` dicts."""
    if not isinstance(items, list):
        return ()
    found: list[str] = []
    for item in items:
        text = item.get("Message") if isinstance(item, Mapping) else getattr(item, "message", None)
        if text:
            found.append(str(text))
    return tuple(found)


def element_state(element: Any) -> tuple[ElementStatus, tuple[str, ...], tuple[str, ...]]:
    """(status, error messages, warning messages) of one element Xero returned."""
    status_text = str(field_of(element, "status_attribute_string", "StatusAttributeString") or "").upper()
    errors = messages(field_of(element, "validation_errors", "ValidationErrors"))
    warnings = messages(field_of(element, "warnings", "Warnings"))
    if status_text == "ERROR" or errors or field_of(element, "has_errors", "HasErrors") is True:
        return "ERROR", errors, warnings
    if status_text == "WARNING" or warnings:
        return "WARNING", errors, warnings
    return "OK", errors, warnings


_STATE_KEYS = ("HasErrors", "ValidationErrors", "StatusAttributeString")


def _reports_state(item: Any) -> bool:
    """Whether ``item`` is an element model that carries its own validation state (as a field,
    or as JSON kept because the document does not describe it: RepeatingInvoice)."""
    fields = getattr(type(item), "FIELDS", {})
    if "validation_errors" in fields or "has_errors" in fields:
        return True
    extra = getattr(item, "additional_properties", None)
    return isinstance(extra, Mapping) and any(key in extra for key in _STATE_KEYS)


def _elements(result: Any) -> list[Any]:
    """The response's element list: its list field whose items report their own state."""
    fields: Mapping[str, str] = getattr(type(result), "FIELDS", {})
    for attr in fields:
        items = getattr(result, attr, None)
        if isinstance(items, list) and any(_reports_state(x) for x in items):
            return items
    return []


def element_errors(result: Any) -> tuple[list[ErrorDetail], list[Any]]:
    """Every message of the refused elements of ``result`` (with their index in the request),
    and the elements Xero accepted."""
    details: list[ErrorDetail] = []
    succeeded: list[Any] = []
    for index, element in enumerate(_elements(result)):
        status, errors, warnings = element_state(element)
        if status != "ERROR":
            succeeded.append(element)
            continue
        details += [ErrorDetail(message=m, index=index) for m in errors or ("refused without a message",)]
        details += [ErrorDetail(message=m, index=index, severity="warning") for m in warnings]
    return details, succeeded


def raise_for_element_errors(result: Any, operation_id: str | None = None) -> None:
    """Raise :class:`~xero_sdk.errors.BadRequestError` when an element of ``result`` was refused."""
    details, succeeded = element_errors(result)
    if not details:
        return
    from xero_sdk.errors import BadRequestError

    refused = len({d.index for d in details})
    total = refused + len(succeeded)
    text = f"{operation_id or 'request'}: Xero refused {refused} of {total} elements (HTTP 200, summarizeErrors=false)"
    text += "".join(f"\n  - {d}" for d in details)
    raise BadRequestError(
        text,
        status=200,
        operation_id=operation_id,
        xero_message=f"{refused} of {total} elements refused",
        errors=details,
        succeeded=succeeded,
        response=result,
    )
