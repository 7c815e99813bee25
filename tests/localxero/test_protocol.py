"""What surrounds the data: tokens and tenants, Idempotency-Key, rate limits, injected faults,
signed webhooks, /connections, the document's examples for stateless operations, the contract
check, and organisations kept apart."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

import httpx
import pytest

from tests.localxero.conftest import raw_client
from xero_sdk import AsyncXero, Xero
from xero_sdk.accounting import Contact, Contacts
from xero_sdk.errors import (
    APIConnectionError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TokenExpiredError,
)
from xero_sdk.testing import ContractViolation, LocalTokens, LocalXero, RateLimits
from xero_sdk.webhooks import verify_signature


def test_an_expired_access_token_is_401_token_expired_and_the_client_refreshes(
    xero_local: LocalXero, xero_client: Xero
) -> None:
    xero_client.accounting.get_organisations()
    xero_local.expire_tokens()
    assert xero_client.accounting.get_organisations().organisations
    tokens = xero_client._tokens  # type: ignore[attr-defined]
    assert isinstance(tokens, LocalTokens) and tokens.refreshes == 1
    assert ("GET", "/api.xro/2.0/Organisation", 401) in xero_local.requests


def test_a_client_that_cannot_refresh_sees_token_expired(xero_local: LocalXero) -> None:
    client = xero_local.client(access_token=xero_local.access_token()["access_token"])
    xero_local.expire_tokens()
    with pytest.raises(TokenExpiredError):
        client.accounting.get_organisations()
    response = raw_client(xero_local).get("/Organisation")  # a fresh token still works
    assert response.status_code == 200


def test_a_tenant_the_token_is_not_connected_to_is_403(xero_local: LocalXero) -> None:
    client = xero_local.client(tenant_id="11111111-2222-4333-8444-555555555555")
    with pytest.raises(PermissionDeniedError):
        client.accounting.get_organisations()


def test_connections_list_the_seeded_organisations(xero_local: LocalXero, xero_client: Xero) -> None:
    connections = xero_client.connections()
    assert sorted(c.tenant_name for c in connections) == ["Demo Company (NZ)", "Demo Company (UK)"]
    assert {str(c.tenant_id) for c in connections} == set(xero_local.state)


def test_organisations_keep_their_own_books(xero_local: LocalXero, xero_client: Xero) -> None:
    other = next(t for t in xero_local.state if t != xero_local.tenant_id)
    xero_client.accounting.create_contacts(body=Contacts(contacts=[Contact(name="Only In NZ")]))
    uk = xero_client.for_tenant(other)
    assert not uk.accounting.get_contacts(where='Name=="Only In NZ"').contacts
    assert (uk.accounting.get_organisations().organisations or [])[0].name == "Demo Company (UK)"


def test_a_repeated_idempotency_key_returns_the_first_answer(
    xero_local: LocalXero, raw: httpx.Client
) -> None:
    body = {"Contacts": [{"Name": "Idempotent Ltd"}]}
    first = raw.put("/Contacts", json=body, headers={"Idempotency-Key": "key-1"})
    again = raw.put("/Contacts", json=body, headers={"Idempotency-Key": "key-1"})
    assert first.status_code == again.status_code == 200
    assert again.json()["Contacts"][0]["ContactID"] == first.json()["Contacts"][0]["ContactID"]
    assert len([c for c in xero_local.org().all("Contacts") if c["Name"] == "Idempotent Ltd"]) == 1
    different = raw.put(
        "/Contacts", json={"Contacts": [{"Name": "Other"}]}, headers={"Idempotency-Key": "key-1"}
    )
    assert different.status_code == 400
    assert "is used with a different request" in different.json()["Message"]


def test_the_sdk_idempotency_key_makes_a_retried_create_happen_once(
    xero_local: LocalXero, xero_client: Xero
) -> None:
    xero_local.fail(503, method="PUT", path="/Contacts$")
    created = xero_client.accounting.create_contacts(body=Contacts(contacts=[Contact(name="Retried Ltd")]))
    assert (created.contacts or [])[0].name == "Retried Ltd"
    assert [s for m, p, s in xero_local.requests if p.endswith("/Contacts")] == [503, 200]


@pytest.mark.xero_local(rate_limits=RateLimits(per_minute=3, minute=60.0))
def test_rate_limit_per_minute_answers_429_with_retry_after_and_problem(
    xero_local: LocalXero, raw: httpx.Client
) -> None:
    remaining = [raw.get("/Organisation").headers["X-MinLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    refused = raw.get("/Organisation")
    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "minute"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert int(refused.headers["X-DayLimit-Remaining"]) == 5000 - 3


def test_rate_limit_window_scales_and_resets(xero_local: LocalXero) -> None:
    now = [0.0]
    xero_local.rate_limits = RateLimits(per_minute=2, minute=0.5, clock=lambda: now[0])
    raw = raw_client(xero_local)
    assert [raw.get("/Organisation").status_code for _ in range(3)] == [200, 200, 429]
    now[0] += 0.5
    assert raw.get("/Organisation").status_code == 200


@pytest.mark.xero_local(rate_limits=RateLimits(per_day=1))
def test_the_sdk_reports_which_limit_was_hit(xero_client: Xero) -> None:
    xero_client.accounting.get_organisations()
    with pytest.raises(RateLimitError) as hit:
        xero_client.with_options(max_retries=0).accounting.get_organisations()
    assert hit.value.problem == "day"
    assert hit.value.retry_after is not None and hit.value.retry_after > 0


def test_injected_429_once_is_retried_by_the_sdk(xero_local: LocalXero, xero_client: Xero) -> None:
    xero_local.fail(429, path="/Organisation", retry_after=1)
    assert xero_client.accounting.get_organisations().organisations
    assert [s for m, p, s in xero_local.requests if p.endswith("/Organisation")] == [429, 200]


def test_injected_5xx_on_every_call_surfaces_as_server_error(
    xero_local: LocalXero, xero_client: Xero
) -> None:
    xero_local.fail(500, times=None, path="/Invoices")
    with pytest.raises(ServerError):
        xero_client.accounting.get_invoices()
    assert xero_client.accounting.get_contacts(page=1).contacts  # other paths unaffected


def test_a_fault_can_match_query_parameters(xero_local: LocalXero, raw: httpx.Client) -> None:
    fault = xero_local.fail(503, times=None, path="/Invoices", query={"page": "3"})
    assert raw.get("/Invoices", params={"page": "2"}).status_code == 200
    assert raw.get("/Invoices", params={"page": "3", "pageSize": "5"}).status_code == 503
    assert raw.get("/Invoices").status_code == 200  # no page: no match
    assert fault.hits == 1
    xero_local.faults.remove(fault)
    assert raw.get("/Invoices", params={"page": "3"}).status_code == 200


def test_every_request_is_kept_whole_and_every_answer_has_a_correlation_id(
    xero_local: LocalXero, raw: httpx.Client
) -> None:
    answer = raw.get("/Invoices", params={"page": "2"}, headers={"If-Modified-Since": "2026-01-01T00:00:00"})
    sent = xero_local.received[-1]
    assert (sent.method, sent.path, sent.query) == ("GET", "/api.xro/2.0/Invoices", {"page": "2"})
    assert sent.header("if-modified-since") == "2026-01-01T00:00:00"
    ids = {raw.get("/Organisation").headers["Xero-Correlation-Id"] for _ in range(3)}
    ids.add(answer.headers["Xero-Correlation-Id"])
    assert len(ids) == 4  # one per answer
    status, headers = xero_local.answers[-1]
    assert status == 200 and headers["Xero-Correlation-Id"] in ids


def test_a_dropped_connection_is_a_connection_error(xero_local: LocalXero, xero_client: Xero) -> None:
    xero_local.fail(drop=True, times=None, path="/Items")
    with pytest.raises(APIConnectionError):
        xero_client.accounting.get_items()


def test_a_slow_answer_is_slow(xero_local: LocalXero, raw: httpx.Client) -> None:
    import time

    xero_local.fail(delay=0.2, path="/Currencies")
    started = time.perf_counter()
    assert raw.get("/Currencies").status_code == 200
    assert time.perf_counter() - started >= 0.2


def test_an_expiring_token_fault_forces_one_refresh(xero_local: LocalXero, xero_client: Xero) -> None:
    xero_local.fail(expire_token=True, path="/Accounts")
    assert xero_client.accounting.get_accounts().accounts
    assert [s for m, p, s in xero_local.requests if p.endswith("/Accounts")] == [401, 200]


def test_webhooks_check_intent_to_receive_then_send_signed_events(
    xero_local: LocalXero, xero_client: Xero
) -> None:
    received: list[tuple[bytes, Mapping[str, str]]] = []
    key = "local-webhook-key"

    def receiver(body: bytes, headers: Mapping[str, str]) -> int:
        received.append((body, headers))
        return 200 if verify_signature(body, headers["x-xero-signature"], key) else 401

    hooks = xero_local.subscribe_webhooks(callback=receiver, key=key)
    assert hooks.active
    assert [json.loads(b)["events"] for b, _ in received] == [[], []]  # intent to receive: good, then bad
    created = xero_client.accounting.create_contacts(body=Contacts(contacts=[Contact(name="Hooked Ltd")]))
    body, headers = received[-1]
    assert verify_signature(body, headers["x-xero-signature"], key)
    event = json.loads(body)["events"][0]
    assert (event["eventCategory"], event["eventType"]) == ("CONTACT", "CREATE")
    assert event["resourceId"] == str((created.contacts or [])[0].contact_id)
    assert event["tenantId"] == xero_local.tenant_id


def test_a_receiver_that_accepts_bad_signatures_fails_intent_to_receive(
    xero_local: LocalXero, xero_client: Xero
) -> None:
    calls: list[bytes] = []
    hooks = xero_local.subscribe_webhooks(callback=lambda body, headers: calls.append(body) or 200)
    assert not hooks.active
    xero_client.accounting.create_contacts(body=Contacts(contacts=[Contact(name="Nobody Told")]))
    assert len(calls) == 2  # only the intent-to-receive posts


def test_operations_without_state_answer_from_the_documents_examples(raw: httpx.Client) -> None:
    quotes = raw.get("/Quotes")
    assert quotes.status_code == 200
    assert "Quotes" in quotes.json()


def test_a_request_that_breaks_the_document_is_recorded_and_raised_when_strict(xero_local: LocalXero) -> None:
    raw = raw_client(xero_local)
    with pytest.raises(ContractViolation, match="createContacts request"):
        raw.put("/Contacts", json={"Contacts": [{"Name": "Typed", "IsSupplier": "yes"}]})
    assert xero_local.violations
    xero_local.violations.clear()  # the fixture fails a test that leaves violations behind


def test_seed_adds_records_with_xeros_rules(xero_local: LocalXero, xero_client: Xero) -> None:
    seeded = xero_local.seed(
        contacts=[{"Name": "Seeded Customer", "EmailAddress": "s@example.com"}],
        invoices=[
            {
                "Type": "ACCREC",
                "Contact": {"Name": "Seeded Customer"},
                "Status": "AUTHORISED",
                "LineItems": [
                    {"Description": "x", "Quantity": 2, "UnitAmount": Decimal("10.00"), "AccountCode": "200"}
                ],
            }
        ],
    )
    assert seeded["Invoices"][0]["Total"] == Decimal("23.00")
    found = xero_client.accounting.get_invoices(where='Contact.Name=="Seeded Customer"').invoices or []
    assert [i.total for i in found] == [Decimal("23.00")]
    with pytest.raises(ValueError, match="not a valid code"):
        xero_local.seed(
            invoices=[
                {
                    "Type": "ACCREC",
                    "Contact": {"Name": "Seeded Customer"},
                    "LineItems": [{"Description": "x", "AccountCode": "nope"}],
                }
            ]
        )


def test_reset_returns_to_the_seeded_company(xero_local: LocalXero, xero_client: Xero) -> None:
    xero_client.accounting.create_contacts(body=Contacts(contacts=[Contact(name="Temporary")]))
    xero_local.reset()
    assert not xero_client.accounting.get_contacts(where='Name=="Temporary"').contacts


async def test_the_async_client_sees_the_same_books(xero_local: LocalXero, axero_client: AsyncXero) -> None:
    created = await axero_client.accounting.create_contacts(
        body=Contacts(contacts=[Contact(name="Async Ltd")])
    )
    assert xero_local.org().get("Contacts", str((created.contacts or [])[0].contact_id)) is not None
    found = await axero_client.accounting.get_contacts(where='Name=="Async Ltd"')
    assert [c.name for c in found.contacts or []] == ["Async Ltd"]


@pytest.mark.xero_local(rate_limits=RateLimits(concurrent=2))
def test_more_than_the_concurrent_limit_in_flight_is_429_concurrent(xero_local: LocalXero) -> None:
    import threading

    xero_local.fail(delay=0.3, times=2, path="/Organisation")
    statuses: list[int] = []

    def call() -> None:
        statuses.append(raw_client(xero_local).get("/Organisation").status_code)

    slow = [threading.Thread(target=call) for _ in range(2)]
    for thread in slow:
        thread.start()
    import time

    time.sleep(0.1)
    third = raw_client(xero_local).get("/Organisation")
    for thread in slow:
        thread.join()
    assert third.status_code == 429
    assert third.headers["X-Rate-Limit-Problem"] == "concurrent"
    assert "Retry-After" not in third.headers
    assert statuses == [200, 200]


def test_each_organisation_has_its_countrys_tax_rates(xero_local: LocalXero, xero_client: Xero) -> None:
    uk = next(t for t, org in xero_local.state.items() if org.name.endswith("(UK)"))
    rates = {
        r.tax_type: r.effective_rate
        for r in xero_client.for_tenant(uk).accounting.get_tax_rates().tax_rates or []
    }
    assert rates["OUTPUT2"] == Decimal("20")
    nz = {r.tax_type: r.effective_rate for r in xero_client.accounting.get_tax_rates().tax_rates or []}
    assert nz["OUTPUT2"] == Decimal("15")
    assert (xero_client.for_tenant(uk).accounting.get_organisations().organisations or [])[
        0
    ].base_currency == "GBP"


def test_a_spent_refresh_token_works_again_only_within_the_grace_period(xero_local: LocalXero) -> None:
    from xero_sdk.testing._identity import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

    tokens = xero_local.access_token()
    form = {
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
    }
    first = xero_local.identity.token(form, None)
    lost_answer_retry = xero_local.identity.token(form, None)
    assert (first.status, lost_answer_retry.status) == (200, 200)
    assert first.body["refresh_token"] != tokens["refresh_token"]
    xero_local.identity.clock({"advance": 1801})
    assert xero_local.identity.token(form, None).body == {
        "error": "invalid_grant",
        "error_description": "invalid refresh token",
    }
