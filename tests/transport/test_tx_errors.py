"""Error mapping: every status to its class, every body shape to all of its messages."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

import httpx
import pytest

from xero_sdk import errors
from xero_sdk._runtime.error_body import ErrorDetail, parse_error_body
from xero_sdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidTokenError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TokenExpiredError,
    XeroError,
    error_from_response,
)

from .conftest import Harness, Script, get_request, post_request

CORRELATION = "a3f1c2d4-0000-4000-8000-123456789abc"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (405, APIError),
        (409, ConflictError),
        (412, APIError),
        (413, APIError),
        (422, BadRequestError),
        (429, RateLimitError),
        (500, ServerError),
        (501, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (302, APIError),
    ],
)
def test_status_map(harness: Harness, status: int, cls: type[APIError]) -> None:
    script = Script([httpx.Response(status, headers={"Xero-Correlation-Id": CORRELATION})] * 3)
    client = harness.client(script, max_retries=0)
    with pytest.raises(cls) as info:
        harness.request(client, get_request())
    err = info.value
    assert type(err) is cls
    assert isinstance(err, APIError) and isinstance(err, XeroError)
    assert err.status == status
    assert err.operation_id == "getInvoices"
    assert err.correlation_id == CORRELATION
    text = str(err)
    assert "getInvoices" in text and f"HTTP {status}" in text and CORRELATION in text


def test_hierarchy() -> None:
    assert issubclass(TokenExpiredError, AuthenticationError)
    assert issubclass(InvalidTokenError, AuthenticationError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.APIConnectionError, XeroError)
    assert not issubclass(errors.APIConnectionError, APIError)
    assert issubclass(errors.MissingTenantError, ValueError)
    for cls in (BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError):
        assert issubclass(cls, APIError)


def test_oauth_errors_reexported() -> None:
    from xero_sdk.auth import InvalidGrantError, OAuthError, ScopeError

    assert errors.InvalidGrantError is InvalidGrantError
    assert errors.OAuthError is OAuthError
    assert errors.ScopeError is ScopeError
    assert issubclass(errors.InvalidGrantError, errors.OAuthError)
    assert issubclass(errors.OAuthError, errors.XeroError)  # one except clause catches every SDK failure
    for name in errors.__all__:
        assert hasattr(errors, name), name


ACCOUNTING_400 = {
    "ErrorNumber": 10,
    "Type": "ValidationException",
    "Message": "A validation exception occurred",
    "Elements": [
        {
            "InvoiceNumber": "INV-1",
            "Total": Decimal("10.00"),
            "ValidationErrors": [
                {"Message": "Email address must be valid."},
                {"Message": "Account code '999' is not a valid code for this document."},
            ],
            "Warnings": [{"Message": "Only AUTHORISED invoices may have SentToContact updated."}],
            "LineItems": [
                {"Description": "x"},
                {"ValidationErrors": [{"Message": "Line item 2 tax rate is invalid."}]},
            ],
        },
        {"InvoiceNumber": "INV-2", "ValidationErrors": []},
        {"InvoiceNumber": "INV-3", "ValidationErrors": [{"Message": "Contact is required."}]},
    ],
}

CASES: list[
    tuple[str, int, Any, str | None, list[tuple[str, str | None, int | None, str]], type[APIError]]
] = [
    (
        "accounting validation",
        400,
        ACCOUNTING_400,
        "A validation exception occurred",
        [
            ("Email address must be valid.", None, 0, "error"),
            ("Account code '999' is not a valid code for this document.", None, 0, "error"),
            ("Only AUTHORISED invoices may have SentToContact updated.", None, 0, "warning"),
            ("Line item 2 tax rate is invalid.", "LineItems[1]", 0, "error"),
            ("Contact is required.", None, 2, "error"),
        ],
        BadRequestError,
    ),
    (
        "accounting query parse",
        400,
        {
            "ErrorNumber": 16,
            "Type": "QueryParseException",
            "Message": "No property or field 'hi' exists in type 'Invoice'",
        },
        "No property or field 'hi' exists in type 'Invoice'",
        [],
        BadRequestError,
    ),
    (
        "payroll AU v1 APIException",
        400,
        {
            "ErrorNumber": 16,
            "Type": "QueryParseException",
            "Message": "No property or field 'hi' exists in type 'Employee' (at index 0)",
        },
        "No property or field 'hi' exists in type 'Employee' (at index 0)",
        [],
        BadRequestError,
    ),
    (
        "payroll NZ/UK problem",
        400,
        {
            "type": "application/problem+json",
            "title": "BadRequest",
            "status": 400,
            "detail": "Validation error occurred.",
            "instance": None,
            "invalidFields": [
                {"name": "DateOfBirth", "reason": "The Date of Birth is required."},
                {"name": "FirstName", "reason": "The First Name is required."},
            ],
        },
        "Validation error occurred.",
        [
            ("The Date of Birth is required.", "DateOfBirth", None, "error"),
            ("The First Name is required.", "FirstName", None, "error"),
        ],
        BadRequestError,
    ),
    (
        "payroll problem wrapped",
        400,
        {
            "pagination": None,
            "problem": {
                "type": "application/problem+json",
                "title": "BadRequest",
                "status": "400",
                "detail": "Validation error occurred.",
                "invalidFields": [{"name": "payRunCalendarID", "reason": "Pay run calendar is required."}],
            },
        },
        "Validation error occurred.",
        [("Pay run calendar is required.", "payRunCalendarID", None, "error")],
        BadRequestError,
    ),
    (
        "bank feeds problem+json",
        400,
        {
            "type": "invalid-request",
            "title": "Invalid Request",
            "status": 400,
            "detail": "For the request field missing parameter.",
        },
        "For the request field missing parameter.",
        [],
        BadRequestError,
    ),
    (
        "bank feeds 422",
        422,
        {
            "type": "invalid-end-balance",
            "title": "Invalid End Balance",
            "status": 422,
            "detail": "End balance does not match start balance +/- statement line amounts.",
        },
        "End balance does not match start balance +/- statement line amounts.",
        [],
        BadRequestError,
    ),
    (
        "bank feeds 409 statements",
        409,
        {
            "items": [
                {
                    "id": "29fefeb6-f449-470d-9179-f1d8900930d6",
                    "feedConnectionId": "6a4b9ff5-3a5f-4321-936b-4796163550f6",
                    "status": "REJECTED",
                    "errors": [
                        {
                            "type": "duplicate-statement",
                            "title": "Duplicate Statement Received",
                            "status": 409,
                            "detail": "The received statement was marked as a duplicate.",
                        }
                    ],
                },
                {"id": "2fc57bac-7aa7-4981-a5cd-8aee83fe698c", "status": "DELIVERED"},
                {
                    "id": "3fc57bac-7aa7-4981-a5cd-8aee83fe698c",
                    "status": "REJECTED",
                    "errors": [
                        {
                            "type": "invalid-start-date",
                            "title": "Invalid Start Date",
                            "status": 409,
                            "detail": "Start date is in the future.",
                        },
                        {
                            "type": "invalid-end-date",
                            "title": "Invalid End Date",
                            "status": 409,
                            "detail": "End date is before the start date.",
                        },
                    ],
                },
            ]
        },
        "The received statement was marked as a duplicate.",
        [
            ("The received statement was marked as a duplicate.", None, 0, "error"),
            ("Start date is in the future.", None, 2, "error"),
            ("End date is before the start date.", None, 2, "error"),
        ],
        ConflictError,
    ),
    (
        "bank feeds 409 bare list",
        409,
        [
            {
                "id": "s1",
                "errors": [
                    {"type": "duplicate-statement", "title": "Duplicate", "detail": "Duplicate statement."}
                ],
            }
        ],
        "Duplicate statement.",
        [("Duplicate statement.", None, 0, "error")],
        ConflictError,
    ),
    (
        "projects model state",
        400,
        {
            "message": "The request is invalid.",
            "modelState": {
                "projectId": ["Project not found."],
                "name": ["Name is required.", "Name is too long."],
            },
        },
        "The request is invalid.",
        [
            ("Project not found.", "projectId", None, "error"),
            ("Name is required.", "name", None, "error"),
            ("Name is too long.", "name", None, "error"),
        ],
        BadRequestError,
    ),
    (
        "assets",
        400,
        {
            "type": "Validation",
            "title": "Validation failure",
            "detail": "The asset is invalid.",
            "resourceValidationErrors": [
                {
                    "resourceName": "AssetType",
                    "localisedMessage": "Asset type not found.",
                    "type": "NotFound",
                    "title": "x",
                    "detail": "y",
                }
            ],
            "fieldValidationErrors": [
                {
                    "fieldName": "assetName",
                    "valueProvided": "",
                    "localisedMessage": "Asset name is required.",
                    "type": "Required",
                }
            ],
        },
        "The asset is invalid.",
        [
            ("Asset type not found.", "AssetType", None, "error"),
            ("Asset name is required.", "assetName", None, "error"),
        ],
        BadRequestError,
    ),
    (
        "files list",
        400,
        [
            {
                "type": "Validation",
                "title": "Validation failure",
                "detail": "Extension: boo is not a valid File extension.",
            },
            {"type": "Validation", "title": "Validation failure", "detail": "Name is too long."},
        ],
        "Extension: boo is not a valid File extension.",
        [
            ("Extension: boo is not a valid File extension.", None, None, "error"),
            ("Name is too long.", None, None, "error"),
        ],
        BadRequestError,
    ),
    (
        "identity 401 expired",
        401,
        {
            "Type": None,
            "Title": "Unauthorized",
            "Status": 401,
            "Detail": "TokenExpired: token expired at 04/09/2023 05:16:59",
            "Instance": "x",
            "Extensions": {},
        },
        "TokenExpired: token expired at 04/09/2023 05:16:59",
        [],
        TokenExpiredError,
    ),
    (
        "401 invalid",
        401,
        {
            "Type": None,
            "Title": "Unauthorized",
            "Status": 401,
            "Detail": "AuthorizationUnsuccessful",
            "Instance": "x",
        },
        "AuthorizationUnsuccessful",
        [],
        InvalidTokenError,
    ),
    (
        "403",
        403,
        {
            "Type": None,
            "Title": "Forbidden",
            "Status": 403,
            "Detail": "AuthenticationUnsuccessful",
            "Instance": "x",
        },
        "AuthenticationUnsuccessful",
        [],
        PermissionDeniedError,
    ),
    (
        "html 503",
        503,
        "<html><body>Service Unavailable</body></html>",
        "<html><body>Service Unavailable</body></html>",
        [],
        ServerError,
    ),
    (
        "form-encoded",
        401,
        "oauth_problem=token_rejected&oauth_problem_advice=Token%20expired",
        "oauth_problem=token_rejected&oauth_problem_advice=Token%20expired",
        [],
        AuthenticationError,
    ),
    ("empty", 404, None, None, [], NotFoundError),
]


@pytest.mark.parametrize(
    ("status", "body", "message", "details", "cls"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_error_bodies(
    status: int,
    body: Any,
    message: str | None,
    details: list[tuple[str, str | None, int | None, str]],
    cls: type[APIError],
) -> None:
    err = error_from_response(
        status=status,
        headers=httpx.Headers({"Xero-Correlation-Id": CORRELATION}),
        body=body,
        operation_id="opX",
        method="POST",
        url="https://api.xero.com/api.xro/2.0/Things?code=SECRETCODE",
    )
    assert type(err) is cls
    assert err.xero_message == message
    assert [(e.message, e.field, e.index, e.severity) for e in err.errors] == details
    text = str(err)
    assert f"HTTP {status}" in text and "opX (POST /api.xro/2.0/Things)" in text and CORRELATION in text
    if message:
        assert message in text
    for detail, *_ in details:
        assert detail in text
    assert "SECRETCODE" not in text and "SECRETCODE" not in repr(err) and "SECRETCODE" not in (err.url or "")


def test_bank_feeds_statement_ids() -> None:
    parsed = parse_error_body(CASES[7][2])
    assert [e.element_id for e in parsed.errors] == [
        "29fefeb6-f449-470d-9179-f1d8900930d6",
        "3fc57bac-7aa7-4981-a5cd-8aee83fe698c",
        "3fc57bac-7aa7-4981-a5cd-8aee83fe698c",
    ]
    assert parsed.errors[0].type == "duplicate-statement"


def test_validation_error_from_wire(harness: Harness) -> None:
    import json

    body = json.dumps(ACCOUNTING_400, default=str).encode()
    script = Script(
        [
            httpx.Response(
                400,
                content=body,
                headers={"Content-Type": "application/json", "Xero-Correlation-Id": CORRELATION},
            )
        ]
    )
    client = harness.client(script)
    with pytest.raises(BadRequestError) as info:
        harness.request(client, post_request())
    err = info.value
    assert script.attempts == 1  # 400 is never retried
    assert err.error_type == "ValidationException"
    assert len(err.errors) == 5
    assert err.body["Elements"][0]["InvoiceNumber"] == "INV-1"
    assert err.messages[0] == "[0]: Email address must be valid."
    assert "[2]: Contact is required." in str(err)
    assert "createInvoices (PUT /api.xro/2.0/Invoices) failed with HTTP 400 ValidationException" in str(err)


def test_error_detail_str() -> None:
    assert str(ErrorDetail("m")) == "m"
    assert str(ErrorDetail("m", field="F", index=2)) == "[2] F: m"
    assert str(ErrorDetail("m", index=1, severity="warning")) == "[1]: warning: m"


def test_rate_limit_error_repr_and_pickle() -> None:
    err = error_from_response(
        status=429,
        headers=httpx.Headers({"X-Rate-Limit-Problem": "AppMinute", "Retry-After": "12"}),
        body=None,
        operation_id="getContacts",
    )
    assert isinstance(err, RateLimitError)
    assert err.problem == "appminute" and err.retry_after == 12
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is RateLimitError and again.problem == "appminute" and str(again) == str(err)
    assert "RateLimitError(operation_id='getContacts', problem='appminute'" in repr(err)


def test_error_headers_redacted() -> None:
    err = error_from_response(
        status=400,
        headers=httpx.Headers({"Set-Cookie": "session=abc", "WWW-Authenticate": "Bearer x", "X-Other": "1"}),
        body=None,
    )
    assert err.headers["set-cookie"] == "[REDACTED]"
    assert err.headers["www-authenticate"] == "[REDACTED]"
    assert err.headers["x-other"] == "1"


def test_connection_error_fields(harness: Harness) -> None:
    client = harness.client(Script([httpx.ConnectError("Name or service not known")]), max_retries=0)
    with pytest.raises(errors.APIConnectionError) as info:
        harness.request(client, get_request())
    assert info.value.operation_id == "getInvoices"
    assert "getInvoices (GET /api.xro/2.0/Invoices) could not reach Xero: ConnectError" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_non_json_success_body(harness: Harness) -> None:
    client = harness.client(
        Script([httpx.Response(200, content=b"<Response/>", headers={"Content-Type": "text/xml"})])
    )
    with pytest.raises(XeroError, match="not JSON"):
        harness.request(client, get_request())


def test_www_authenticate_expired() -> None:
    err = error_from_response(
        status=401,
        headers=httpx.Headers(
            {"WWW-Authenticate": 'Bearer error="invalid_token", error_description="The token expired"'}
        ),
        body=None,
    )
    assert type(err) is TokenExpiredError
