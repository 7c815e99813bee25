"""Batches: chunking, per-record outcomes in input order, whole-chunk failures, idempotency keys.

A fake Xero answers like Xero does with ``summarizeErrors=false``: one element per record, in
request order, each with ``StatusAttributeString`` OK/WARNING/ERROR and its messages. Whether a
record succeeds is decided by a marker in its ``Reference`` (``Name`` for contacts): ``err...``
is refused, ``warn...`` saved with a warning, anything else saved. A chunk (identified by its
first record's marker) can be scripted to fail: ``"500"``, ``"503"``, ``"403"``, ``"connect"``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import httpx
import pytest

from tests.transport.conftest import Harness, MaxRng
from xero_sdk import AsyncXero, RequestOptions, RetryPolicy, Xero
from xero_sdk._generated.accounting.facade import AccountingApi, AsyncAccountingApi
from xero_sdk.accounting import Contact, Invoice, InvoiceType, Payment, RepeatingInvoice
from xero_sdk.batches import (
    EXCLUDED_OPERATIONS,
    KINDS,
    AsyncBatches,
    BatchError,
    Batches,
    BatchResponseError,
    BatchResult,
)
from xero_sdk.errors import (
    APIConnectionError,
    BadRequestError,
    MissingTenantError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)

from ._loopback import Loopback, Reply, Seen
from .conftest import async_client, sync_client

TENANT = "0f7e6d5c-4b3a-4291-8807-162534435261"
MODES = ("sync", "async")


# ---------------------------------------------------------------------------------- fake Xero


class Tokens:
    """A token manager that never refreshes."""

    def access_token(self) -> str:
        return "batch-test-token"

    def on_unauthorized(self, failed_access_token: str) -> str:
        raise AssertionError("no 401 expected")

    async def aaccess_token(self) -> str:
        return self.access_token()

    async def aon_unauthorized(self, failed_access_token: str) -> str:
        return self.on_unauthorized(failed_access_token)


def answer_elements(list_key: str, body: dict[str, Any], id_key: str, marker_key: str) -> dict[str, Any]:
    """Xero's 200 answer with ``summarizeErrors=false``: every element echoed with its status."""
    out = []
    for element in body[list_key]:
        marker = str(element.get(marker_key, ""))
        echoed = dict(element)
        if marker.startswith("err"):
            echoed["StatusAttributeString"] = "ERROR"
            echoed["ValidationErrors"] = [
                {"Message": f"{marker} is not valid"},
                {"Message": "second message"},
            ]
        elif marker.startswith("warn"):
            echoed[id_key] = str(uuid.uuid5(uuid.NAMESPACE_URL, marker))
            echoed["StatusAttributeString"] = "WARNING"
            echoed["Warnings"] = [{"Message": f"{marker} saved with a warning"}]
        else:
            echoed[id_key] = str(uuid.uuid5(uuid.NAMESPACE_URL, marker))
            echoed["StatusAttributeString"] = "OK"
        out.append(echoed)
    return {"Id": str(uuid.uuid4()), "Status": "OK", list_key: out}


class FakeXero:
    """Answers batch requests; ``failures`` maps a chunk's first marker to the answers of its
    successive attempts (once used up, the chunk succeeds)."""

    def __init__(
        self,
        list_key: str = "Invoices",
        id_key: str = "InvoiceID",
        marker_key: str = "Reference",
        failures: dict[str, Sequence[str]] | None = None,
    ) -> None:
        self.list_key = list_key
        self.id_key = id_key
        self.marker_key = marker_key
        self.failures = {k: list(v) for k, v in (failures or {}).items()}
        self.requests: list[httpx.Request] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def markers(self, request: httpx.Request) -> list[str]:
        return [str(e.get(self.marker_key)) for e in json.loads(request.content)[self.list_key]]

    def keys(self) -> list[str]:
        return [r.headers["Idempotency-Key"] for r in self.requests]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = json.loads(request.content)
        first = str(body[self.list_key][0].get(self.marker_key))
        steps = self.failures.get(first)
        if steps:
            step = steps.pop(0)
            if step == "connect":
                raise httpx.ConnectError("connection refused", request=request)
            if step == "short":
                return httpx.Response(200, json={self.list_key: []})
            if step == "400-elements":
                elements = [dict(e) for e in body[self.list_key]]
                elements[0]["ValidationErrors"] = [{"Message": "A contact must be specified"}]
                return httpx.Response(
                    400,
                    json={
                        "ErrorNumber": 10,
                        "Type": "ValidationException",
                        "Message": "A validation exception occurred",
                        "Elements": elements,
                    },
                )
            if step == "400":
                return httpx.Response(
                    400, json={"ErrorNumber": 10, "Type": "ValidationException", "Message": "bad"}
                )
            if step.startswith("429"):
                problem = step.partition("-")[2]
                return httpx.Response(
                    429,
                    headers={
                        "X-Rate-Limit-Problem": problem,
                        "Retry-After": "3600" if problem == "day" else "1",
                    },
                    json={"Title": "Too many requests", "Status": 429},
                )
            status = int(step)
            return httpx.Response(
                status, json={"Title": "failure", "Status": status, "Detail": f"scripted {status}"}
            )
        return httpx.Response(200, json=answer_elements(self.list_key, body, self.id_key, self.marker_key))

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(5):  # let the other workers reach the server too
                await asyncio.sleep(0)
            return self(request)
        finally:
            self.in_flight -= 1


class Org:
    """The same scenario on ``Xero`` or ``AsyncXero`` (built by the transport tests' ``Harness``:
    recorded sleeps, no jitter); ``save`` returns the result either way."""

    def __init__(self, mode: str, fake: FakeXero, **kw: Any) -> None:
        self.mode = mode
        kw.setdefault("max_retries", 2)
        kw.setdefault("token_manager", Tokens())
        kw.setdefault("tenant_id", TENANT)
        harness = Harness(mode)
        self.client = harness.client(fake, **kw)
        self.sleeps = harness.sleeps

    def call(self, action: Callable[[Any], Any]) -> Any:
        """``action(org.batches)``; awaited for the async client."""
        if self.mode == "sync":
            return action(self.client.batches)

        async def go() -> Any:
            return await action(self.client.batches)

        return asyncio.run(go())


def invoices(*markers: str) -> list[Invoice]:
    return [Invoice(type_=InvoiceType.ACCREC, reference=m, contact=Contact(name="Acme")) for m in markers]


# ---------------------------------------------------------------------------------- outcomes


@pytest.mark.parametrize("mode", MODES)
def test_mixed_outcomes_come_back_per_record_in_input_order(mode: str) -> None:
    fake = FakeXero()
    org = Org(mode, fake)
    records = invoices("a", "err-b", "warn-c", "d", "err-e", "f", "warn-g")
    result = org.call(lambda b: b.save(records, chunk_size=3))

    assert isinstance(result, BatchResult) and result.kind == "invoices"
    assert [len(fake.markers(r)) for r in fake.requests] == [3, 3, 1]
    assert [m for r in fake.requests for m in fake.markers(r)] == [r.reference for r in records]
    for request in fake.requests:
        assert (request.method, request.url.path) == ("PUT", "/api.xro/2.0/Invoices")
        assert request.url.params.get_list("summarizeErrors") == ["false"]
        assert request.headers["xero-tenant-id"] == TENANT

    assert [o.index for o in result] == list(range(7))
    assert [o.status for o in result] == ["OK", "ERROR", "WARNING", "OK", "ERROR", "OK", "WARNING"]
    assert [o.chunk for o in result] == [0, 0, 0, 1, 1, 1, 2]
    assert all(o.submitted is r for o, r in zip(result, records, strict=True))
    assert result[1].errors == ("err-b is not valid", "second message")
    assert result[2].warnings == ("warn-c saved with a warning",)
    assert result[2].errors == () and result[0].warnings == ()

    saved = result.saved
    assert all(isinstance(inv, Invoice) for inv in saved)
    assert [inv.reference for inv in saved] == ["a", "warn-c", "d", "f", "warn-g"]
    assert saved[0].invoice_id == uuid.uuid5(uuid.NAMESPACE_URL, "a")
    assert [o.index for o in result.failed] == [1, 4]
    assert [o.index for o in result.with_warnings] == [2, 6]
    assert result.failed[0].record is not None and result.failed[0].record.reference == "err-b"
    assert not result.ok and result.exceptions == []
    assert [c.sent for c in result.chunks] == [True, True, True]
    assert [(c.start, c.stop, c.size) for c in result.chunks] == [(0, 3, 3), (3, 6, 3), (6, 7, 1)]


@pytest.mark.parametrize("mode", MODES)
def test_create_or_update_posts_and_maps_dicts_through_the_named_kind(mode: str) -> None:
    fake = FakeXero("Contacts", "ContactID", "Name")
    org = Org(mode, fake)
    records: list[Any] = [{"Name": "Acme"}, Contact(name="err-Globex"), {"Name": "Initech"}]
    result = org.call(lambda b: b.contacts.save(records, mode="create_or_update"))
    assert [(r.method, r.url.path) for r in fake.requests] == [("POST", "/api.xro/2.0/Contacts")]
    assert json.loads(fake.requests[0].content) == {
        "Contacts": [{"Name": "Acme"}, {"Name": "err-Globex"}, {"Name": "Initech"}]
    }
    assert [o.status for o in result] == ["OK", "ERROR", "OK"]
    assert all(isinstance(c, Contact) for c in result.saved)
    assert result.saved[1].contact_id == uuid.uuid5(uuid.NAMESPACE_URL, "Initech")
    # the same through the kind's name, for code choosing the kind at run time
    again = org.call(lambda b: b.of("contacts").save([{"Name": "Hooli"}]))
    assert again.ok and again.kind == "contacts"


def test_status_is_read_when_the_model_does_not_declare_it() -> None:
    """RepeatingInvoice has no StatusAttributeString/ValidationErrors fields in the document:
    Xero's values are kept as unknown fields and still decide the outcome."""
    fake = FakeXero("RepeatingInvoices", "RepeatingInvoiceID", "Reference")
    org = Org("sync", fake)
    records = [RepeatingInvoice(reference="ok-1"), RepeatingInvoice(reference="err-2")]
    result = org.call(lambda b: b.save(records))
    assert [o.status for o in result] == ["OK", "ERROR"]
    assert result[1].errors == ("err-2 is not valid", "second message")
    assert isinstance(result.saved[0], RepeatingInvoice)


# ---------------------------------------------------------------------------- chunk failures


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_chunk_never_loses_the_other_chunks_results(mode: str) -> None:
    # chunk 1 gets a 500 (not retried), chunk 3 a connection error on every attempt
    fake = FakeXero(failures={"c": ["500"], "g": ["connect"] * 3})
    org = Org(mode, fake, max_retries=2)
    records = invoices("a", "b", "c", "d", "e", "err-f", "g", "h", "i", "j")
    result = org.call(lambda b: b.save(records, chunk_size=2))

    assert [o.status for o in result] == [
        "OK", "OK", "FAILED", "FAILED", "OK", "ERROR", "FAILED", "FAILED", "OK", "OK",
    ]  # fmt: skip
    assert isinstance(result[2].exception, ServerError) and result[2].exception.status == 500
    assert result[3].exception is result[2].exception
    assert isinstance(result[6].exception, APIConnectionError)
    assert result[2].record is None and result[6].record is None
    assert [type(e) for e in result.exceptions] == [ServerError, APIConnectionError]
    assert [c.exception is not None for c in result.chunks] == [False, True, False, True, False]
    # the 500 was sent once; the connection error was retried twice; the later chunks still ran
    assert [fake.markers(r)[0] for r in fake.requests] == ["a", "c", "e", "g", "g", "g", "i"]
    # one key per chunk, the same on each retry of that chunk
    keys = fake.keys()
    assert keys[3] == keys[4] == keys[5] == result.chunks[3].idempotency_key
    assert len({keys[0], keys[1], keys[2], keys[3], keys[6]}) == 5
    assert [c.idempotency_key for c in result.chunks] == [keys[0], keys[1], keys[2], keys[3], keys[6]]


@pytest.mark.parametrize("mode", MODES)
def test_a_retried_chunk_keeps_its_idempotency_key(mode: str) -> None:
    fake = FakeXero(failures={"c": ["503", "connect"]})
    org = Org(mode, fake, max_retries=2)
    result = org.call(lambda b: b.save(invoices("a", "b", "c", "d"), chunk_size=2))
    assert result.ok and [o.status for o in result] == ["OK"] * 4
    assert [fake.markers(r)[0] for r in fake.requests] == ["a", "c", "c", "c"]
    keys = fake.keys()
    assert keys[1] == keys[2] == keys[3] != keys[0]
    assert len(org.sleeps) == 2  # two retries, each after a back-off


@pytest.mark.parametrize("mode", MODES)
def test_idempotency_key_prefix_names_each_chunk(mode: str) -> None:
    fake = FakeXero()
    org = Org(mode, fake)
    result = org.call(lambda b: b.save(invoices("a", "b", "c"), chunk_size=2, idempotency_key="import-42"))
    assert fake.keys() == ["import-42-1", "import-42-2"]
    assert [c.idempotency_key for c in result.chunks] == ["import-42-1", "import-42-2"]
    # a rerun of the same batch sends the same keys, so Xero cannot save a chunk twice
    org.call(lambda b: b.save(invoices("a", "b", "c"), chunk_size=2, idempotency_key="import-42"))
    assert fake.keys()[2:] == ["import-42-1", "import-42-2"]


@pytest.mark.parametrize("mode", MODES)
def test_400_listing_elements_gives_each_refused_record_its_messages(mode: str) -> None:
    fake = FakeXero(failures={"a": ["400-elements"], "c": ["400"]})
    org = Org(mode, fake)
    result = org.call(lambda b: b.save(invoices("a", "b", "c", "d"), chunk_size=2))
    assert [o.status for o in result] == ["ERROR", "FAILED", "FAILED", "FAILED"]
    assert result[0].errors == ("A contact must be specified",)
    assert isinstance(result[0].record, Invoice) and result[0].record.reference == "a"
    assert isinstance(result[0].exception, BadRequestError)
    assert isinstance(result[1].exception, BadRequestError) and result[1].errors == ()
    assert result[2].exception is not result[0].exception


@pytest.mark.parametrize("mode", MODES)
def test_an_answer_that_cannot_be_matched_fails_its_chunk(mode: str) -> None:
    fake = FakeXero(failures={"a": ["short"]})
    org = Org(mode, fake)
    result = org.call(lambda b: b.save(invoices("a", "b", "c"), chunk_size=2))
    assert [o.status for o in result] == ["FAILED", "FAILED", "OK"]
    assert isinstance(result[0].exception, BatchResponseError)
    assert "sent 2 invoices and Xero returned 0 elements" in str(result[0].exception)


@pytest.mark.parametrize("mode", MODES)
def test_stop_on_error_skips_the_chunks_not_yet_sent(mode: str) -> None:
    fake = FakeXero()
    org = Org(mode, fake)
    result = org.call(
        lambda b: b.save(invoices("a", "err-b", "c", "d", "e"), chunk_size=2, stop_on_error=True)
    )
    assert len(fake.requests) == 1
    assert [o.status for o in result] == ["OK", "ERROR", "SKIPPED", "SKIPPED", "SKIPPED"]
    assert [c.sent for c in result.chunks] == [True, False, False]
    # without it, every chunk is sent
    fake2 = FakeXero()
    result2 = Org(mode, fake2).call(lambda b: b.save(invoices("a", "err-b", "c", "d", "e"), chunk_size=2))
    assert len(fake2.requests) == 3 and [o.status for o in result2][2:] == ["OK"] * 3


@pytest.mark.parametrize("mode", MODES)
def test_a_failure_every_chunk_would_repeat_stops_the_batch(mode: str) -> None:
    """403 (app not connected, scope missing): no point sending the rest; they say why."""
    fake = FakeXero(failures={"c": ["403"]})
    org = Org(mode, fake)
    result = org.call(lambda b: b.save(invoices("a", "b", "c", "d", "e", "f"), chunk_size=2))
    assert [fake.markers(r)[0] for r in fake.requests] == ["a", "c"]
    assert [o.status for o in result] == ["OK", "OK", "FAILED", "FAILED", "SKIPPED", "SKIPPED"]
    assert isinstance(result[4].exception, PermissionDeniedError)
    assert result[4].exception is result[2].exception


@pytest.mark.parametrize("mode", MODES)
def test_rate_limits_beyond_the_retry_budget(mode: str) -> None:
    """A minute limit still hit after the retries fails its chunk only; the daily limit (hours
    away, beyond the Retry-After cap) would fail every later chunk too, so the batch stops."""
    fake = FakeXero(failures={"c": ["429-minute"] * 3, "g": ["429-day"]})
    org = Org(mode, fake, max_retries=2)
    result = org.call(
        lambda b: b.save(invoices("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), chunk_size=2)
    )
    assert [o.status for o in result] == ["OK"] * 2 + ["FAILED"] * 2 + ["OK"] * 2 + ["FAILED"] * 2 + [
        "SKIPPED"
    ] * 2
    minute, day = result.exceptions
    assert isinstance(minute, RateLimitError) and minute.problem == "minute"
    assert isinstance(day, RateLimitError) and day.problem == "day"
    assert result[9].exception is day
    assert [fake.markers(r)[0] for r in fake.requests] == ["a", "c", "c", "c", "e", "g"]
    assert org.sleeps == [1.0, 1.0]  # Retry-After honoured between the minute-limit retries


# ------------------------------------------------------------------------------ chunk sizes


@pytest.mark.parametrize("mode", MODES)
def test_default_chunk_is_50_records(mode: str) -> None:
    fake = FakeXero()
    org = Org(mode, fake)
    result = org.call(lambda b: b.save(invoices(*(f"r{i}" for i in range(120)))))
    assert [len(fake.markers(r)) for r in fake.requests] == [50, 50, 20]
    assert [o.index for o in result] == list(range(120))
    assert [inv.reference for inv in result.saved] == [f"r{i}" for i in range(120)]


@pytest.mark.parametrize("size", [0, -1, True, 2.5, "10"])
def test_chunk_size_is_validated_before_anything_is_sent(size: Any) -> None:
    fake = FakeXero()
    org = Org("sync", fake)
    with pytest.raises(ValueError, match="chunk_size"):
        org.call(lambda b: b.save(invoices("a"), chunk_size=size))
    assert fake.requests == []


def test_arguments_are_checked_before_anything_is_sent() -> None:
    fake = FakeXero()
    org = Org("sync", fake)
    with pytest.raises(ValueError, match="only be created"):
        org.call(lambda b: b.payments.save([Payment()], mode="create_or_update"))
    with pytest.raises(ValueError, match="mode must be"):
        org.call(lambda b: b.save(invoices("a"), mode="upsert"))
    with pytest.raises(ValueError, match="takes no unitdp"):
        org.call(lambda b: b.contacts.save([{"Name": "x"}], unitdp=4))
    with pytest.raises(ValueError, match="same key"):
        org.call(lambda b: b.save(invoices("a"), options=RequestOptions(idempotency_key="k")))
    with pytest.raises(ValueError, match="same key"):
        org.call(
            lambda b: b.save(invoices("a"), options=RequestOptions(extra_headers={"idempotency-key": "k"}))
        )
    with pytest.raises(ValueError, match="too long"):
        org.call(lambda b: b.save(invoices("a"), idempotency_key="k" * 127))
    with pytest.raises(TypeError, match="one batch saves one kind"):
        org.call(lambda b: b.save([Invoice(reference="a"), Contact(name="b")]))
    with pytest.raises(TypeError, match="cannot infer"):
        org.call(lambda b: b.save([{"Reference": "a"}]))
    with pytest.raises(TypeError, match="a batch of invoices takes"):
        org.call(lambda b: b.invoices.save([Contact(name="b")]))
    with pytest.raises(TypeError, match="not a single record"):
        org.call(lambda b: b.save(Invoice(reference="a")))
    with pytest.raises(ValueError, match="no batch kind 'invoice'"):
        org.call(lambda b: b.of("invoice"))
    assert fake.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_unitdp_and_options_reach_every_chunk(mode: str) -> None:
    fake = FakeXero(failures={"a": ["503", "503"]})
    org = Org(mode, fake)
    result = org.call(
        lambda b: b.save(
            invoices("a", "b", "c"), chunk_size=2, unitdp=4, options=RequestOptions(max_retries=0)
        )
    )
    assert [r.url.params.get("unitdp") for r in fake.requests] == ["4", "4"]
    assert [o.status for o in result] == ["FAILED", "FAILED", "OK"]  # max_retries=0: the 503 stands
    assert isinstance(result[0].exception, ServerError) and result[0].exception.status == 503


@pytest.mark.parametrize("mode", MODES)
def test_empty_input_sends_nothing(mode: str) -> None:
    fake = FakeXero()
    org = Org(mode, fake)
    result = org.call(lambda b: b.save([]))
    assert (len(result), result.ok, result.kind, result.chunks) == (0, True, None, ())
    assert org.call(lambda b: b.invoices.save([])).kind == "invoices"
    assert fake.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_client_without_tenant_raises_instead_of_failing_every_chunk(mode: str) -> None:
    fake = FakeXero()
    org = Org(mode, fake, tenant_id=None)
    with pytest.raises(MissingTenantError):
        org.call(
            lambda b: (
                b.save(invoices("a", "b", "c"), chunk_size=1, concurrency=2)
                if mode == "async"
                else b.save(invoices("a"))
            )
        )
    assert fake.requests == []


# ------------------------------------------------------------------------------ raise_for_errors


def test_raise_for_errors_lists_every_failure_and_keeps_the_result() -> None:
    fake = FakeXero(failures={"c": ["500"]})
    org = Org("sync", fake)
    result = org.call(lambda b: b.save(invoices("a", "err-b", "c", "d"), chunk_size=2))
    with pytest.raises(BatchError) as caught:
        result.raise_for_errors()
    error = caught.value
    assert error.result is result and [o.index for o in error.failed] == [1, 2, 3]
    text = str(error)
    assert text.startswith("3 of 4 invoices were not saved")
    assert "#1 ERROR: err-b is not valid; second message" in text
    assert "#2 FAILED: ServerError" in text and "#3 FAILED" in text
    assert isinstance(error.__cause__, ServerError)
    assert "batch-test-token" not in text and "batch-test-token" not in repr(result)

    ok = org.call(lambda b: b.save(invoices("e", "warn-f")))
    assert ok.raise_for_errors() is ok


# ------------------------------------------------------------------------------------ async


async def test_async_chunks_run_concurrently_up_to_the_limit_in_input_order() -> None:
    fake = FakeXero(failures={"r0": ["503"]})  # the first chunk finishes last
    client = AsyncXero(
        token_manager=Tokens(),
        tenant_id=TENANT,
        retry_policy=RetryPolicy(rng=MaxRng()),  # type: ignore[arg-type]
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(fake.handle_async)),
        sleep=lambda delay: asyncio.sleep(0),
    )
    records = invoices(*(f"r{i}" for i in range(20)))
    result = await client.batches.save(records, chunk_size=2, concurrency=3)
    assert fake.max_in_flight == 3
    assert [o.index for o in result] == list(range(20))
    assert [inv.reference for inv in result.saved] == [f"r{i}" for i in range(20)]
    assert len(fake.requests) == 11 and len(set(fake.keys())) == 10
    # sequential by default
    fake.max_in_flight = 0
    await client.batches.save(records, chunk_size=2)
    assert fake.max_in_flight == 1
    for bad in (0, 6, True):
        with pytest.raises(ValueError, match="concurrency"):
            await client.batches.save(records, concurrency=bad)
    await client.aclose()


async def test_async_stop_on_error_with_concurrency_sends_no_new_chunk() -> None:
    fake = FakeXero()
    client = AsyncXero(
        token_manager=Tokens(),
        tenant_id=TENANT,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(fake.handle_async)),
    )
    records = invoices("err-0", "a", "b", "c", "d", "e", "f", "g")
    result = await client.batches.save(records, chunk_size=1, concurrency=2, stop_on_error=True)
    # the two first chunks were in flight together; no third one was started
    assert len(fake.requests) == 2
    assert [o.status for o in result] == ["ERROR", "OK"] + ["SKIPPED"] * 6
    await client.aclose()


# ------------------------------------------------------------------------------ over the wire


def _loopback_app(seen: Seen) -> Reply:
    assert seen.params("summarizeErrors") == ["false"]
    body = json.loads(seen.body)
    return Reply.json(answer_elements("Invoices", body, "InvoiceID", "Reference"))


def test_over_http_sync(server: Loopback) -> None:
    server.reset(_loopback_app)
    org = sync_client(server)
    result = org.batches.save(invoices("a", "err-b", "c"), chunk_size=2)
    assert [o.status for o in result] == ["OK", "ERROR", "OK"]
    assert [s.method for s in server.requests] == ["PUT", "PUT"]
    keys = [s.headers["idempotency-key"] for s in server.requests]
    assert keys == [c.idempotency_key for c in result.chunks] and keys[0] != keys[1]
    org.close()


async def test_over_http_async(server: Loopback, async_transport: str) -> None:
    server.reset(_loopback_app)
    org = async_client(server, transport=async_transport)
    result = await org.batches.save(invoices("a", "warn-b", "c"), chunk_size=2, concurrency=2)
    assert [o.status for o in result] == ["OK", "WARNING", "OK"]
    assert len(server.requests) == 2
    await org.aclose()


# ------------------------------------------------------------------------------ the clients


def test_batches_belong_to_the_tenant_clone() -> None:
    fake = FakeXero()
    xero = Xero(token_manager=Tokens(), http_client=httpx.Client(transport=httpx.MockTransport(fake)))
    org = xero.for_tenant("tenant-b")
    assert isinstance(org.batches, Batches) and org.batches is org.batches
    org.batches.save(invoices("a"))
    assert fake.requests[0].headers["xero-tenant-id"] == "tenant-b"
    assert isinstance(AsyncXero(token_manager=Tokens()).batches, AsyncBatches)


# ------------------------------------------------------------------- kinds vs generated code


def _batch_operations() -> dict[str, inspect.Signature]:
    found = {}
    for name, fn in inspect.getmembers(AccountingApi, inspect.isfunction):
        signature = inspect.signature(fn)
        if "summarize_errors" in signature.parameters:
            found[name] = signature
    return found


def test_every_operation_taking_summarize_errors_is_a_kind_or_excluded() -> None:
    operations = _batch_operations()
    covered = {k.create for k in KINDS.values()} | {
        k.create_or_update for k in KINDS.values() if k.create_or_update is not None
    }
    assert covered.isdisjoint(EXCLUDED_OPERATIONS)
    assert covered | set(EXCLUDED_OPERATIONS) == set(operations)
    assert len(operations) == 24  # the operations that take summarizeErrors


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kind_matches_its_generated_operations(name: str) -> None:
    kind = KINDS[name]
    operations = _batch_operations()
    for method in filter(None, (kind.create, kind.create_or_update)):
        params = operations[method].parameters
        assert ("unitdp" in params) is kind.unitdp, method
        assert inspect.iscoroutinefunction(getattr(AsyncAccountingApi, method))
        # the response wrapper carries the list under list_key, parsed into the element model
        module = __import__(f"xero_sdk._generated.accounting.api.{method}", fromlist=["parse"])
        wrapper = module.parse({kind.list_key: [{}]})
        elements = getattr(wrapper, kind.list_attr)
        assert type(elements[0]) is kind.model()
    assert getattr(Batches, name).kind is kind and getattr(AsyncBatches, name).kind is kind
