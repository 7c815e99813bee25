"""Bank Feeds v2 (Feed Connections 2.0) through the client, over loopback: the document's own
example answers (207 multi-status, problem+json errors, bare objects) as Xero sends them."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest

from tests.specdocs import raw_doc, resolve
from xero_sdk import errors
from xero_sdk.bankfeeds_v2 import (
    BulkFeedConnectionResponse,
    BulkFeedConnectionResultStatus,
    FeedConnection,
    Problem,
    ProblemType,
)

from ._loopback import Loopback, Reply
from .conftest import async_client, sync_client

PROBLEM_JSON = "application/problem+json"


def example(path: str, method: str, status: str, media: str = "application/json") -> Any:
    """The example the document gives for one answer."""
    doc = raw_doc("bankfeeds_v2")
    response = resolve(doc, doc["paths"][path][method]["responses"][status])
    return response["content"][media]["example"]


def reply(status: int, body: Any, media: str = "application/json") -> Reply:
    from xero_sdk._runtime.codec import dumps

    return Reply(status, {"Content-Type": media}, dumps(body))


ITEMS = [{"accountId": "87d7b3b9-af8e-4f7e-a7e1-294e6e50b19a", "accountToken": "10000123", "accountType": "BANK", "currency": "AUD"}]  # fmt: skip


def check_multi_status(result: BulkFeedConnectionResponse) -> None:
    assert isinstance(result, BulkFeedConnectionResponse)
    items = result.items or []
    assert [i.status for i in items] == [
        BulkFeedConnectionResultStatus.SUCCESS,
        BulkFeedConnectionResultStatus.REJECTED,
        BulkFeedConnectionResultStatus.PARTIAL_FAILURE,
    ]
    assert [i.status_code for i in items] == [201, 422, 500]
    assert items[0].id == UUID("ac231d36-e7bc-4eb2-ad0f-2ecf328305f1") and items[0].error is None
    partial = items[2].error
    assert partial is not None and partial.type_ is ProblemType.PARTIAL_FAILURE_MIGRATION_CAN_BE_REATTEMPTED
    assert items[1].error is not None and items[1].error.type_ is ProblemType.ACCOUNT_NOT_VALID


def test_207_is_returned_item_by_item_never_raised(server: Loopback) -> None:
    body = example("/FeedConnections/ExistingAccount", "post", "207")
    server.reset(lambda seen: reply(207, body))
    with sync_client(server) as xero:
        result = xero.bankfeeds_v2.create_feed_connections_for_existing_accounts(body={"items": ITEMS})
    check_multi_status(result)
    seen = server.requests[0]
    assert (seen.method, seen.path) == ("POST", "/bankfeeds.xro/2.0/FeedConnections/ExistingAccount")
    assert seen.headers["xero-tenant-id"]


def test_207_on_the_async_client(server: Loopback) -> None:
    body = example("/FeedConnections/ExistingAccount", "post", "207")
    server.reset(lambda seen: reply(207, body))

    async def go() -> BulkFeedConnectionResponse:
        async with async_client(server) as xero:
            return await xero.bankfeeds_v2.create_feed_connections_for_existing_accounts(
                body={"items": ITEMS}
            )

    check_multi_status(asyncio.run(go()))


def test_an_item_status_xero_adds_later_is_kept(server: Loopback) -> None:
    body = {"items": [{"id": "ac231d36-e7bc-4eb2-ad0f-2ecf328305f1", "status": "QUEUED", "statusCode": 202}]}
    server.reset(lambda seen: reply(207, body))
    with sync_client(server) as xero:
        result = xero.bankfeeds_v2.delete_feed_connections(body={"items": [{"id": body["items"][0]["id"]}]})
    item = (result.items or [])[0]
    assert item.status == "QUEUED" and not item.additional_properties  # an open enum: kept, typed
    assert result.to_dict() == body


def test_bare_object_is_parsed(server: Loopback) -> None:
    feed = {"id": "ac231d36-e7bc-4eb2-ad0f-2ecf328305f1", "accountToken": "10000123", "accountType": "BANK",
            "accountId": "87d7b3b9-af8e-4f7e-a7e1-294e6e50b19a", "currency": "AUD", "country": "AU"}  # fmt: skip
    server.reset(lambda seen: reply(200, feed))
    with sync_client(server) as xero:
        got = xero.bankfeeds_v2.get_feed_connection(feed["id"])
    assert isinstance(got, FeedConnection)
    assert got.account_id == UUID(feed["accountId"]) and got.account_type == "BANK"
    assert server.requests[0].path == f"/bankfeeds.xro/2.0/FeedConnections/{feed['id']}"


def test_problem_json_errors_are_typed(server: Loopback) -> None:
    body = example("/FeedConnections/{id}", "get", "404", PROBLEM_JSON)
    server.reset(lambda seen: reply(404, body, PROBLEM_JSON))
    with sync_client(server) as xero, pytest.raises(errors.NotFoundError) as info:
        xero.bankfeeds_v2.get_feed_connection("ac231d36-e7bc-4eb2-ad0f-2ecf328305f1")
    problem = info.value.problem_details
    assert isinstance(problem, Problem)
    assert problem.type_ is ProblemType.BANK_FEED_NOT_FOUND and problem.status == 404
    assert info.value.error_type == "bank-feed-not-found"
    assert "Feed Connection Not Found" in str(info.value) or "bank-feed-not-found" in str(info.value)


def test_request_level_400_is_a_typed_problem(server: Loopback) -> None:
    body = example("/FeedConnections/ExistingAccount", "post", "400", PROBLEM_JSON)
    server.reset(lambda seen: reply(400, body, PROBLEM_JSON))
    with sync_client(server) as xero, pytest.raises(errors.BadRequestError) as info:
        xero.bankfeeds_v2.create_feed_connections_for_existing_accounts(body={"items": ITEMS * 51})
    assert isinstance(info.value.problem_details, Problem)
    assert info.value.problem_details.type_ is ProblemType.INVALID_REQUEST
    assert info.value.problem_details.detail == "Exceeded limit of 50 items per request."


def test_all_items_rejected_400_names_each_item(server: Loopback) -> None:
    body = example("/FeedConnections/DeleteRequests", "post", "400")
    server.reset(lambda seen: reply(400, body))
    with sync_client(server) as xero, pytest.raises(errors.BadRequestError) as info:
        xero.bankfeeds_v2.delete_feed_connections(body={"items": [{}]})
    assert info.value.problem_details is None  # item results, not a problem document
    assert [(e.index, e.type) for e in info.value.errors] == [(0, "missing-identifying-fields")]


def test_pages_of_feed_connections(server: Loopback) -> None:
    page = {"pagination": {"page": 1, "pageCount": 1, "pageSize": 1000, "itemCount": 1},
            "items": [{"id": "ac231d36-e7bc-4eb2-ad0f-2ecf328305f1", "accountToken": "1"}]}  # fmt: skip
    server.reset(lambda seen: reply(200, page))
    with sync_client(server) as xero:
        got = list(xero.bankfeeds_v2.iter_feed_connections())
    assert [f.account_token for f in got] == ["1"]
    assert server.requests[0].params("pageSize") == ["1000"]
