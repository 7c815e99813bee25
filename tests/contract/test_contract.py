"""Every operation of the 12 documents, called through the public SDK, accepted by Prism.

For each operation (the list comes from the normalised documents, never from a number written
here) the sync client calls the method with every parameter the document gives it, valued
from the document's examples (see :mod:`tests.contract.calls`); a sample (every fifth
operation of each API, at least 60 in all) is called again through ``AsyncXero`` with only
the required arguments. Each call must

* be accepted by Prism: a 2xx answer, and no request violation in Prism's log for it;
* return what the operation declares: its model (or a list of them) keeping every field of
  the answer, ``bytes`` of the media type the document declares, ``None`` for no content.

For an operation with a JSON body, the same request is then replayed with a body of the wrong
shape, which Prism must refuse: proof that it really checked this operation's body (Prism
skips the check without a word when it cannot compile a schema, see
:mod:`tests.mockserver.documents`, ``schema-cycles``).

The last test checks that every operation of every document was proved; the session prints
the count per API.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.contract.calls import (
    Expected,
    Operation,
    arguments,
    contract_operations,
    counts_by_api,
    expected_result,
    wrong_body,
)
from tests.contract.conftest import TENANT_ID, Exchanges, Validated
from tests.mockserver.prism import PrismFleet, PrismServer, request_violations, response_violations
from tests.specdocs import REST_APIS, raw_operations
from xero_sdk import AsyncXero, Xero

pytestmark = pytest.mark.contract

OPERATIONS = contract_operations()
ASYNC_EVERY = 5
ASYNC_MINIMUM = 60


def async_sample(ops: tuple[Operation, ...]) -> list[Operation]:
    """Every ``ASYNC_EVERY``-th operation of each API (its first included), topped up evenly
    to ``ASYNC_MINIMUM``."""
    chosen: list[Operation] = []
    seen: dict[str, int] = {}
    for op in ops:
        i = seen.get(op.api, 0)
        seen[op.api] = i + 1
        if i % ASYNC_EVERY == 0:
            chosen.append(op)
    rest = [op for op in ops if op not in chosen]
    missing = ASYNC_MINIMUM - len(chosen)
    if missing > 0 and rest:
        step = len(rest) / missing
        chosen += [rest[int(i * step)] for i in range(min(missing, len(rest)))]
    order = {op: i for i, op in enumerate(ops)}
    return sorted(chosen, key=order.__getitem__)


ASYNC_OPERATIONS = async_sample(OPERATIONS)


def fail(op: Operation, message: str, exchanges: Exchanges) -> None:
    pytest.fail(f"{op.id}: {message}\n--- exchange ---\n{exchanges.describe()}", pytrace=False)


def check_call(
    op: Operation,
    server: PrismServer,
    mark: int,
    exchanges: Exchanges,
    validated: Validated,
    result: Any,
    error: BaseException | None,
) -> None:
    """Prism accepted the one request the call sent, and the call returned the declared type."""
    blocks = server.log.requests_since(mark, count=max(1, len(exchanges.requests)))
    complaints = [v for block in blocks for v in request_violations(block)]
    answer = [v for block in blocks for v in response_violations(block)]
    if answer:
        validated.response_violations[op.id] = answer
    if complaints:
        fail(op, "Prism rejected the request:\n  " + "\n  ".join(complaints), exchanges)
    if error is not None:
        fail(op, f"{type(error).__name__}: {error}", exchanges)
    if len(exchanges.requests) != 1 or len(exchanges.responses) != 1:
        fail(
            op,
            f"expected one request and one answer, got {len(exchanges.requests)} and {len(exchanges.responses)}",
            exchanges,
        )
    request, response = exchanges.requests[0], exchanges.responses[0]
    if request.method != op.method:
        fail(op, f"sent {request.method}, the document says {op.method}", exchanges)
    if not 200 <= response.status_code < 300:
        fail(op, f"Prism answered {response.status_code}", exchanges)
    expected = expected_result(op)
    wrong = expected.check(result)
    if wrong:
        fail(op, wrong, exchanges)
    if expected.kind == "bytes":
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media not in expected.media:
            fail(
                op,
                f"the answer is {media!r}, not the declared {expected.media} (the SDK's Accept?)",
                exchanges,
            )
    lost = lost_fields(expected, result, response)
    if lost:
        fail(op, f"the model dropped fields of the answer: {lost}", exchanges)


def lost_fields(expected: Expected, result: Any, response: httpx.Response) -> list[str]:
    """Top-level fields of the JSON answer missing from the model's ``to_dict()`` (a null is
    the same as a field left out)."""
    if expected.kind != "model":
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    if not isinstance(body, dict):
        return []
    kept = result.to_dict()
    return sorted(k for k, v in body.items() if k not in kept and v is not None)


def check_body_is_validated(op: Operation, server: PrismServer, exchanges: Exchanges) -> None:
    """Replay the accepted request with a body of the wrong shape: Prism must refuse it."""
    body = wrong_body(op)
    if body is None:
        return
    sent = exchanges.requests[0]
    headers = {
        k: v for k, v in sent.headers.items() if k.lower() not in ("content-length", "idempotency-key")
    }
    mark = server.log.offset()
    with httpx.Client(timeout=60.0) as client:
        response = client.request(sent.method, sent.url, content=body, headers=headers)
    complaints = [v for block in server.log.requests_since(mark) for v in request_violations(block)]
    if response.is_success or not any("body" in c for c in complaints):
        pytest.fail(
            f"{op.id}: Prism accepted the body {body!r} ({response.status_code}); it is not "
            f"checking this operation's body, so the contract proves nothing for it. Log:\n"
            + "\n".join(server.log.requests_since(mark)),
            pytrace=False,
        )


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda o: o.id)
def test_sync(
    op: Operation, prism: PrismFleet, xero: Xero, exchanges: Exchanges, validated: Validated
) -> None:
    server = prism.server(op.api)
    method = getattr(getattr(xero, op.api), op.name)
    args, kwargs, mends = arguments(op, method, full=True)
    if mends.items:
        validated.mends[op.id] = mends.items
    mark = server.log.offset()
    result: Any = None
    error: BaseException | None = None
    try:
        result = method(*args, **kwargs)
    except Exception as exc:
        error = exc
    check_call(op, server, mark, exchanges, validated, result, error)
    check_body_is_validated(op, server, exchanges)
    validated.add("sync", op.id, op.api)


@pytest.mark.parametrize("op", ASYNC_OPERATIONS, ids=lambda o: o.id)
def test_async(op: Operation, prism: PrismFleet, exchanges: Exchanges, validated: Validated) -> None:
    server = prism.server(op.api)

    async def call() -> Any:
        async with AsyncXero(
            access_token="test",
            tenant_id=TENANT_ID,
            base_urls=prism.urls(),
            max_retries=0,
            on_request=exchanges.on_request_async,
            on_response=exchanges.on_response_async,
        ) as client:
            method = getattr(getattr(client, op.api), op.name)
            args, kwargs, _mends = arguments(op, method, full=False)
            return await method(*args, **kwargs)

    mark = server.log.offset()
    result: Any = None
    error: BaseException | None = None
    try:
        result = asyncio.run(call())
    except Exception as exc:
        error = exc
    check_call(op, server, mark, exchanges, validated, result, error)
    validated.add("async", op.id, op.api)


def test_every_operation_validated(validated: Validated) -> None:
    """Every operation of every document passed ``test_sync``; the sample passed ``test_async``."""
    derived = {api: n for api, n in counts_by_api(OPERATIONS).items() if n}
    # the normalised documents hold exactly the operations of Xero's own
    assert derived == {api: sum(1 for _ in raw_operations(api)) for api in REST_APIS}
    missing = sorted({op.id for op in OPERATIONS} - set(validated.ops["sync"]))
    print(f"\ncontract: {validated.summary('sync')}")
    print(f"contract (async): {validated.summary('async')}")
    assert not missing, f"{len(missing)} of {len(OPERATIONS)} operations not validated: {missing}"
    assert validated.counts("sync") == derived
    assert len(validated.ops["sync"]) == len(OPERATIONS) == sum(derived.values())
    assert set(validated.ops["async"]) == {op.id for op in ASYNC_OPERATIONS}
    assert len(ASYNC_OPERATIONS) >= ASYNC_MINIMUM
