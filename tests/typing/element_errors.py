"""Per-element errors as a user handles them, checked by ``mypy --strict`` (``make typecheck``)."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from xero_sdk import Xero, errors
from xero_sdk.accounting import Invoice, Invoices


def create(org: Xero, batch: Invoices) -> None:
    try:
        created = org.accounting.create_invoices(body=batch, summarize_errors=False)
        assert_type(created.invoices[0], Invoice)
    except errors.BadRequestError as exc:
        assert_type(exc.succeeded, list[Any])
        assert_type(exc.errors[0].index, int | None)
    mixed = org.accounting.create_invoices(body=batch, summarize_errors=False, raise_on_element_errors=False)
    assert_type(mixed.raise_for_errors(), Invoices)
    org.accounting.create_invoices(body=batch, raise_on_element_error=False)  # type: ignore[call-arg]
    org.accounting.create_invoices(body=batch, raise_on_element_errors="no")  # type: ignore[arg-type]
