"""Code written against the 400 class's old name still type-checks (``mypy --strict``,
``make typecheck``): ``ValidationError`` is the same class as ``BadRequestError``."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from xero_sdk import Xero, errors
from xero_sdk.accounting import Invoices
from xero_sdk.errors import BadRequestError, ValidationError


def create(org: Xero, batch: Invoices) -> None:
    try:
        org.accounting.create_invoices(body=batch, summarize_errors=False)
    except errors.ValidationError as exc:
        assert_type(exc, BadRequestError)
        assert_type(exc.succeeded, list[Any])
        assert_type(exc.errors[0].index, int | None)


def same_class(cls: type[ValidationError]) -> type[BadRequestError]:
    return cls


old: type[errors.APIError] = ValidationError
misspelt = errors.ValidationErorr  # type: ignore[attr-defined]  # still an error, not Any
