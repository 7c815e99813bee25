"""Imports as a user writes them, checked by ``mypy --strict`` (``make typecheck``).

The public modules load their names lazily at run time, but mypy must see every name, and only
those: a misspelled import is an error (each ``# type: ignore[attr-defined]`` below MUST be
needed; ``warn_unused_ignores`` fails the check the day one becomes ``Any``), and a real name has
its precise type (``assert_type``).
"""

from __future__ import annotations

from typing_extensions import assert_type

import xero_sdk
from xero_sdk import Expr, F, OAuth2App, Order, Xero, order_by, where
from xero_sdk.accounting import Invoice, InvoiceStatus
from xero_sdk.app_store import Plan
from xero_sdk.assets import Asset
from xero_sdk.attachments import AttachmentError
from xero_sdk.auth import FileTokenStore
from xero_sdk.bankfeeds import FeedConnection
from xero_sdk.bankfeeds_v2 import BulkFeedConnectionResultStatus
from xero_sdk.batches import BatchResult
from xero_sdk.errors import BadRequestError, InvalidGrantError
from xero_sdk.files import FileObject
from xero_sdk.finance import CashValidationResponse
from xero_sdk.identity import Connection
from xero_sdk.payroll_au import Employee as AuEmployee
from xero_sdk.payroll_au_v2 import Problem
from xero_sdk.payroll_nz import Employee as NzEmployee
from xero_sdk.payroll_uk import Employee as UkEmployee
from xero_sdk.projects import Project
from xero_sdk.reports import Report
from xero_sdk.webhooks import WebhookPayload, parse_payload

# --- rejected: a misspelled name, or a helper the module uses but does not export ----------
# isort: off
from xero_sdk import Xeroo  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk import TYPE_CHECKING  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.accounting import Invoce  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.accounting import forward_module  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.app_store import Plann  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.assets import Assett  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.attachments import AttachmentErrorr  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.auth import FileTokenStor  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.bankfeeds import FeedConection  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.bankfeeds_v2 import FeedConnectoin  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.batches import BatchResults  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.errors import ValidationErorr  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.files import FileObjet  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.finance import CashValidation  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.identity import Connectoin  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.payroll_au import Employe  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.payroll_au_v2 import Probem  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.payroll_nz import Employe as NzEmploye  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.payroll_uk import Employe as UkEmploye  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.projects import Projet  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.reports import Reprot  # type: ignore[attr-defined]  # noqa: F401
from xero_sdk.webhooks import WebhookPayloadd  # type: ignore[attr-defined]  # noqa: F401
# isort: on

# --- attribute access on the modules is checked too ----------------------------------------
misspelled = xero_sdk.Xeroo  # type: ignore[attr-defined]
misspelled_error = xero_sdk.errors.ValidationErorr  # type: ignore[attr-defined]

# --- real names have their precise types ---------------------------------------------------
assert_type(Invoice.from_dict({}), Invoice)
assert_type(Invoice.from_dict({}).status, InvoiceStatus | None)
assert_type(Plan.from_dict({}), Plan)
assert_type(Asset.from_dict({}), Asset)
assert_type(FeedConnection.from_dict({}), FeedConnection)
assert_type(BulkFeedConnectionResultStatus("SUCCESS"), BulkFeedConnectionResultStatus)
assert_type(FileObject.from_dict({}), FileObject)
assert_type(CashValidationResponse.from_dict({}), CashValidationResponse)
assert_type(Connection.from_dict({}), Connection)
assert_type(AuEmployee.from_dict({}), AuEmployee)
assert_type(Problem.from_dict({}), Problem)
assert_type(NzEmployee.from_dict({}), NzEmployee)
assert_type(UkEmployee.from_dict({}), UkEmployee)
assert_type(Project.from_dict({}), Project)
assert_type(parse_payload(b"{}"), WebhookPayload)
assert_type(where(Type="ACCREC"), Expr)
assert_type(F("Status") == "DRAFT", Expr)
assert_type(order_by("Date"), Order)
assert_type(BadRequestError("refused", status=400).status, int)
assert_type(InvalidGrantError("dead").error, str | None)
assert_type(AttachmentError("too big"), AttachmentError)
assert_type(xero_sdk.errors.NotFoundError("gone", status=404), xero_sdk.errors.NotFoundError)


def precise(app: OAuth2App, store: FileTokenStore, result: BatchResult[Invoice], report: Report) -> None:
    assert_type(Xero(app=app, token_store=store), Xero)
    assert_type(result.saved, list[Invoice])
    assert_type(report.columns, tuple[str, ...])
