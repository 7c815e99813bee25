"""One parser for every error body shape Xero's APIs send.

Shapes recognised (keys matched case-insensitively):

- Accounting / Payroll AU v1 validation: ``{ErrorNumber, Type, Message, Elements: [{...,
  ValidationErrors: [{Message}], Warnings: [{Message}]}]}``; messages nested deeper in an
  element (``LineItems[2].ValidationErrors``) are found too and keep their path.
- AU v1 ``APIException`` / Accounting ``QueryParseException``: ``{ErrorNumber, Type, Message}``.
- RFC 7807 problems (Payroll NZ/UK/AU v2, Identity 401s, Bank Feeds ``application/problem+json``):
  ``{type, title, status, detail, instance, invalidFields: [{name, reason}]}``, also when
  wrapped as ``{"problem": {...}}``.
- Bank Feeds 409: ``{items: [{id, errors: [{type, title, status, detail}]}]}`` (or a bare list);
  Bank Feeds v2 item results ``{items: [{id, status, statusCode, error: {type, title, ...}}]}``.
- Projects: ``{message, modelState: {field: [messages]}}``.
- Assets: ``{type, title, detail, resourceValidationErrors: [...], fieldValidationErrors: [...]}``.
- Files: ``[{type, title, detail}, ...]``.
- Anything else (HTML, form-encoded OAuth1-era text): its first characters become the message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

import attrs

Severity = Literal["error", "warning"]
_MAX_TEXT = 500


@attrs.frozen(slots=True)
class ErrorDetail:
    """One message from an error body: a validation error, a warning, an invalid field."""

    message: str
    field: str | None = None
    """The field or path the message is about (``DateOfBirth``, ``LineItems[2]``), if known."""
    index: int | None = None
    """Position of the element (Accounting) or statement (Bank Feeds) in the request."""
    severity: Severity = "error"
    type: str | None = None
    """Xero's machine-readable kind, e.g. the Bank Feeds slug ``duplicate-statement``."""
    element_id: str | None = None
    """Identifier of the element the message belongs to (Bank Feeds statement ``id``)."""

    def __str__(self) -> str:
        where = []
        if self.index is not None:
            where.append(f"[{self.index}]")
        if self.field:
            where.append(self.field)
        prefix = " ".join(where)
        label = "warning: " if self.severity == "warning" else ""
        return f"{prefix}: {label}{self.message}" if prefix else f"{label}{self.message}"


@attrs.frozen(slots=True)
class ParsedErrorBody:
    message: str | None = None
    """Xero's own summary message (``Message``, ``detail``, ``message`` or ``title``)."""
    type: str | None = None
    title: str | None = None
    detail: str | None = None
    errors: tuple[ErrorDetail, ...] = ()


def _lower(d: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in d.items()}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_error_body(body: Any) -> ParsedErrorBody:
    """Read ``body`` (decoded JSON, text, bytes or ``None``) into a summary and its messages."""
    if body is None:
        return ParsedErrorBody()
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        text = body.strip()
        return ParsedErrorBody(message=text[:_MAX_TEXT] or None)
    if isinstance(body, list):
        return _parse_list(body)
    if isinstance(body, Mapping):
        return _parse_dict(_lower(body))
    return ParsedErrorBody(message=_text(body))


def _parse_list(items: list[Any]) -> ParsedErrorBody:
    # Bank Feeds 409 as a bare list of statements, or Files' list of problems.
    dicts = [_lower(i) for i in items if isinstance(i, Mapping)]
    if any(isinstance(d.get("errors"), list) for d in dicts):
        errors = tuple(_statement_errors(dicts))
        return ParsedErrorBody(message=errors[0].message if errors else None, errors=errors)
    errors = tuple(e for d in dicts if (e := _problem_detail(d)) is not None)
    first = dicts[0] if dicts else {}
    return ParsedErrorBody(
        message=errors[0].message if errors else None,
        type=_text(first.get("type")),
        title=_text(first.get("title")),
        detail=_text(first.get("detail")),
        errors=errors,
    )


def _parse_dict(d: dict[str, Any]) -> ParsedErrorBody:
    problem = d.get("problem")
    if isinstance(problem, Mapping) and not any(k in d for k in ("title", "detail", "message")):
        return _parse_dict(_lower(problem))

    errors: list[ErrorDetail] = []
    elements = d.get("elements")
    if isinstance(elements, list):
        errors.extend(_element_errors(elements))
    model_state = d.get("modelstate")
    if isinstance(model_state, Mapping):
        errors.extend(_model_state_errors(model_state))
    for key, field_key in (
        ("resourcevalidationerrors", "resourcename"),
        ("fieldvalidationerrors", "fieldname"),
    ):
        entries = d.get(key)
        if isinstance(entries, list):
            errors.extend(_assets_errors(entries, field_key))
    invalid = d.get("invalidfields")
    if isinstance(invalid, list):
        for entry in invalid:
            if isinstance(entry, Mapping):
                e = _lower(entry)
                msg = _text(e.get("reason")) or _text(e.get("message"))
                if msg:
                    errors.append(ErrorDetail(message=msg, field=_text(e.get("name"))))
    items = d.get("items")
    if isinstance(items, list):
        errors.extend(_statement_errors([_lower(i) for i in items if isinstance(i, Mapping)]))
    nested = d.get("errors")
    if isinstance(nested, list):
        for entry in nested:
            if isinstance(entry, Mapping):
                detail = _problem_detail(_lower(entry))
                if detail is not None:
                    errors.append(detail)
            elif text := _text(entry):
                errors.append(ErrorDetail(message=text))

    detail_text = _text(d.get("detail"))
    title = _text(d.get("title"))
    message = _text(d.get("message")) or detail_text or title
    if message is None and errors:
        message = errors[0].message
    return ParsedErrorBody(
        message=message,
        type=_text(d.get("type")),
        title=title,
        detail=detail_text,
        errors=tuple(_dedupe(errors)),
    )


def _element_errors(elements: list[Any]) -> Iterator[ErrorDetail]:
    for index, element in enumerate(elements):
        if isinstance(element, Mapping):
            yield from _walk_element(element, index, "")


def _walk_element(node: Mapping[str, Any], index: int, path: str) -> Iterator[ErrorDetail]:
    for key, value in node.items():
        lowered = str(key).lower()
        if lowered in ("validationerrors", "warnings") and isinstance(value, list):
            severity: Severity = "error" if lowered == "validationerrors" else "warning"
            for entry in value:
                msg = _text(_lower(entry).get("message")) if isinstance(entry, Mapping) else _text(entry)
                if msg:
                    yield ErrorDetail(message=msg, field=path or None, index=index, severity=severity)
        elif isinstance(value, Mapping):
            yield from _walk_element(value, index, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, Mapping):
                    sub = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
                    yield from _walk_element(item, index, sub)


def _model_state_errors(model_state: Mapping[str, Any]) -> Iterator[ErrorDetail]:
    for field, messages in model_state.items():
        values = messages if isinstance(messages, list) else [messages]
        for msg in values:
            text = _text(msg)
            if text:
                yield ErrorDetail(message=text, field=str(field) or None)


def _assets_errors(entries: list[Any], field_key: str) -> Iterator[ErrorDetail]:
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        e = _lower(entry)
        msg = _text(e.get("localisedmessage")) or _text(e.get("detail")) or _text(e.get("title"))
        if msg:
            yield ErrorDetail(message=msg, field=_text(e.get(field_key)), type=_text(e.get("type")))


def _problem_detail(d: dict[str, Any]) -> ErrorDetail | None:
    msg = _text(d.get("detail")) or _text(d.get("message")) or _text(d.get("title"))
    if msg is None:
        return None
    return ErrorDetail(message=msg, type=_text(d.get("type")), field=_text(d.get("name")))


def _statement_errors(statements: list[dict[str, Any]]) -> Iterator[ErrorDetail]:
    for index, statement in enumerate(statements):
        errs = statement.get("errors")
        if isinstance(statement.get("error"), Mapping):  # Bank Feeds v2: one problem per item
            errs = [statement["error"]]
        if not isinstance(errs, list):
            continue
        for entry in errs:
            if isinstance(entry, Mapping):
                detail = _problem_detail(_lower(entry))
                if detail is not None:
                    yield attrs.evolve(detail, index=index, element_id=_text(statement.get("id")))


def _dedupe(errors: list[ErrorDetail]) -> Iterator[ErrorDetail]:
    seen: set[ErrorDetail] = set()
    for e in errors:
        if e not in seen:
            seen.add(e)
            yield e
