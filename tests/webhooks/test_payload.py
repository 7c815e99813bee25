"""parse_payload: the document's examples, typed events, and everything unknown kept."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from tests.webhooks._helpers import (
    INTENT_TO_RECEIVE,
    INVOICE_ID,
    TENANT_ID,
    as_json_bytes,
    delivery,
    document_examples,
    invoice_event,
)
from xero_sdk._runtime.model import NIL_ID
from xero_sdk.webhooks import (
    CreditNoteWebhookEventEventsItem,
    CreditNoteWebhookEventEventsItemDataStatus,
    CreditNoteWebhookEventEventsItemDataType,
    WebhookEventEventsItem,
    WebhookEventEventsItemEventCategory,
    WebhookEventEventsItemEventType,
    WebhookEventEventsItemTenantType,
    WebhookPayload,
    WebhookPayloadError,
    parse_payload,
)

UTC = datetime.timezone.utc
EXAMPLES = document_examples()


def test_the_document_has_the_two_payload_examples() -> None:
    # If Xero adds or moves examples, the parametrised test below must still see them.
    assert len(EXAMPLES) >= 2
    assert any(value["events"][0]["eventCategory"] == "CREDITNOTE" for _, value in EXAMPLES)


def _utc(text: str) -> datetime.datetime:
    """The document's zone-less timestamps are UTC (read independently of the SDK's parser)."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("where, example", EXAMPLES, ids=[where.rsplit("/", 1)[-1] for where, _ in EXAMPLES])
def test_document_example_parses_into_typed_events(where: str, example: dict[str, Any]) -> None:
    payload = parse_payload(as_json_bytes(example))
    assert isinstance(payload, WebhookPayload)
    assert payload.first_event_sequence == example["firstEventSequence"]
    assert payload.last_event_sequence == example["lastEventSequence"]
    assert payload.entropy == example["entropy"]
    assert payload.additional_properties == {}
    assert len(payload.events) == len(example["events"])
    for event, source in zip(payload.events, example["events"], strict=True):
        assert event.resource_url == source["resourceUrl"]
        assert event.resource_id == UUID(source["resourceId"])
        assert event.tenant_id == UUID(source["tenantId"])
        assert event.event_date_utc == _utc(str(source["eventDateUtc"]))
        assert event.event_date_utc is not None and event.event_date_utc.utcoffset() == datetime.timedelta(0)
        assert event.event_type is not None and event.event_type.is_known
        assert event.event_type == source["eventType"]
        assert event.event_category is not None and event.event_category.is_known
        assert event.event_category == source["eventCategory"]
        assert event.tenant_type is not None and event.tenant_type.is_known
        assert event.tenant_type == source["tenantType"]
        assert event.additional_properties == {}
        if source["eventCategory"] == "CREDITNOTE":
            assert isinstance(event, CreditNoteWebhookEventEventsItem)
            assert event.data is not None
            assert event.data.type_ == source["data"]["Type"]
            assert isinstance(event.data.type_, CreditNoteWebhookEventEventsItemDataType)
            assert event.data.status == source["data"]["Status"]
            assert isinstance(event.data.status, CreditNoteWebhookEventEventsItemDataStatus)
        else:
            assert type(event) is WebhookEventEventsItem


def test_credit_note_example_values() -> None:
    (example,) = [value for _, value in EXAMPLES if value["events"][0]["eventCategory"] == "CREDITNOTE"]
    (event,) = parse_payload(as_json_bytes(example)).events
    assert isinstance(event, CreditNoteWebhookEventEventsItem)
    assert event.resource_id == UUID("55d84274-a3da-4829-a7c0-0cab601b95cc")
    assert event.event_date_utc == datetime.datetime(2025, 12, 2, 0, 44, 9, 923000, tzinfo=UTC)
    assert event.event_type is WebhookEventEventsItemEventType.CREATE
    assert event.data is not None
    assert event.data.type_ is CreditNoteWebhookEventEventsItemDataType.ACCPAYCREDIT
    assert event.data.status is CreditNoteWebhookEventEventsItemDataStatus.DRAFT


def test_intent_to_receive_has_no_events() -> None:
    payload = parse_payload(INTENT_TO_RECEIVE)
    assert payload.events == []
    assert payload.entropy == "OSHPXTUSXASRFBBFJWBB"


def test_one_delivery_mixes_categories_each_typed_by_its_own() -> None:
    credit = invoice_event(
        eventCategory="CREDITNOTE", eventType="CREATE", data={"Type": "ACCRECCREDIT", "Status": "AUTHORISED"}
    )
    contact = invoice_event(eventCategory="CONTACT")
    subscription = invoice_event(eventCategory="SUBSCRIPTION", tenantType="APPLICATION")
    payload = parse_payload(delivery(invoice_event(), credit, contact, subscription))
    kinds = [(type(e).__name__, str(e.event_category)) for e in payload.events]
    assert kinds == [
        ("WebhookEventEventsItem", "INVOICE"),
        ("CreditNoteWebhookEventEventsItem", "CREDITNOTE"),
        ("WebhookEventEventsItem", "CONTACT"),
        ("WebhookEventEventsItem", "SUBSCRIPTION"),
    ]
    assert payload.events[0].event_category is WebhookEventEventsItemEventCategory.INVOICE
    assert payload.events[3].tenant_type is WebhookEventEventsItemTenantType.APPLICATION
    credit_event = payload.events[1]
    assert isinstance(credit_event, CreditNoteWebhookEventEventsItem) and credit_event.data is not None
    assert credit_event.data.status is CreditNoteWebhookEventEventsItemDataStatus.AUTHORISED


def test_unknown_category_type_and_tenant_type_are_kept() -> None:
    body = delivery(invoice_event(eventCategory="PAYMENT", eventType="DELETE", tenantType="PRACTICE"))
    (event,) = parse_payload(body).events
    assert type(event) is WebhookEventEventsItem
    assert event.event_category == "PAYMENT" and event.event_category is not None
    assert isinstance(event.event_category, WebhookEventEventsItemEventCategory)
    assert not event.event_category.is_known
    assert event.event_type == "DELETE" and event.event_type is not None and not event.event_type.is_known
    assert event.tenant_type == "PRACTICE"
    # ... and the known fields of the unknown category are still typed
    assert event.resource_id == UUID(INVOICE_ID) and event.tenant_id == UUID(TENANT_ID)
    assert event.to_dict()["eventCategory"] == "PAYMENT"


def test_unknown_credit_note_status_and_type_are_kept() -> None:
    credit = invoice_event(
        eventCategory="CREDITNOTE", data={"Type": "ACCXCREDIT", "Status": "ARCHIVED", "New": 1}
    )
    (event,) = parse_payload(delivery(credit)).events
    assert isinstance(event, CreditNoteWebhookEventEventsItem) and event.data is not None
    assert (
        event.data.status == "ARCHIVED" and event.data.status is not None and not event.data.status.is_known
    )
    assert event.data.type_ == "ACCXCREDIT"
    assert event.data.additional_properties == {"New": 1}


def test_unknown_fields_are_kept_at_every_level_numbers_exact() -> None:
    event = json.dumps(invoice_event(newField={"nested": [1, "x"]}))[:-1] + ',"amount":0.1}'
    body = ('{"events":[' + event + '],"firstEventSequence":3,"lastEventSequence":3,'
            '"entropy":"e","deliveryId":"abc","weight":1.10}').encode()  # fmt: skip
    payload = parse_payload(body)
    assert payload.additional_properties == {"deliveryId": "abc", "weight": Decimal("1.10")}
    assert str(payload.additional_properties["weight"]) == "1.10"  # never through float
    (parsed,) = payload.events
    assert parsed.additional_properties == {"newField": {"nested": [1, "x"]}, "amount": Decimal("0.1")}
    out = payload.to_dict()
    assert out["deliveryId"] == "abc" and out["weight"] == Decimal("1.10")
    assert out["events"][0]["newField"] == {"nested": [1, "x"]}
    assert out["events"][0]["amount"] == Decimal("0.1")


def test_values_of_the_wrong_shape_are_kept_not_errors() -> None:
    body = delivery(invoice_event(resourceId="not-a-guid", eventDateUtc="yesterday"))
    (event,) = parse_payload(body).events
    assert event.resource_id is NIL_ID and event.event_date_utc is None  # a required GUID: nil, never None
    assert event.additional_properties == {"resourceId": "not-a-guid", "eventDateUtc": "yesterday"}
    assert event.tenant_id == UUID(TENANT_ID)


def test_envelope_values_of_the_wrong_shape_are_kept() -> None:
    payload = parse_payload(b'{"events":[],"firstEventSequence":"1","lastEventSequence":2.5,"entropy":7}')
    assert payload.first_event_sequence is None and payload.last_event_sequence is None
    assert payload.entropy is None
    assert payload.additional_properties == {
        "firstEventSequence": "1",
        "lastEventSequence": Decimal("2.5"),
        "entropy": 7,
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-06-21T01:15:39.902", datetime.datetime(2024, 6, 21, 1, 15, 39, 902000, tzinfo=UTC)),
        ("2024-06-21T01:15:39.9021234", datetime.datetime(2024, 6, 21, 1, 15, 39, 902123, tzinfo=UTC)),
        ("2024-06-21T01:15:39", datetime.datetime(2024, 6, 21, 1, 15, 39, tzinfo=UTC)),
        ("2024-06-21T01:15:39Z", datetime.datetime(2024, 6, 21, 1, 15, 39, tzinfo=UTC)),
        ("2024-06-21T13:15:39+12:00", datetime.datetime(2024, 6, 21, 1, 15, 39, tzinfo=UTC)),
    ],
)
def test_event_time_is_an_aware_utc_instant(text: str, expected: datetime.datetime) -> None:
    (event,) = parse_payload(delivery(invoice_event(eventDateUtc=text))).events
    assert event.event_date_utc == expected
    assert event.event_date_utc is not None and event.event_date_utc.tzinfo is not None


def test_round_trip_keeps_the_document_shape() -> None:
    body = delivery(
        invoice_event(),
        invoice_event(eventCategory="CREDITNOTE", data={"Type": "ACCPAYCREDIT", "Status": "PAID"}),
    )
    again = parse_payload(json.dumps(parse_payload(body).to_dict(), default=str).encode())
    assert again == parse_payload(body)


def test_str_body_is_accepted_like_bytes() -> None:
    assert parse_payload(INTENT_TO_RECEIVE.decode()) == parse_payload(INTENT_TO_RECEIVE)


def test_missing_events_is_an_empty_list() -> None:
    assert parse_payload(b'{"entropy":"x"}').events == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"[]", id="array"),
        pytest.param(b'"events"', id="string"),
        pytest.param(b'{"events":{}}', id="events-object"),
        pytest.param(b'{"events":[1]}', id="event-not-object"),
        pytest.param(b'{"events":[],"x":NaN}', id="nan"),
        pytest.param(b"\xff\xfe\x00", id="bad-bytes"),
    ],
)
def test_not_a_payload_is_a_value_error_naming_the_shape_only(body: bytes) -> None:
    with pytest.raises(WebhookPayloadError) as info:
        parse_payload(body)
    assert isinstance(info.value, ValueError)
    assert "not json" not in str(info.value)
