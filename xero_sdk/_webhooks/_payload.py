"""The typed webhook payload, built from the models generated from ``xero-webhooks.yaml``.

One delivery to one webhook URL carries events of every category the app subscribed to, in
one ``events`` list. Each event becomes the generated model the document gives it:
``CREDITNOTE`` events a :class:`CreditNoteWebhookEventEventsItem` (its ``data`` typed as
``Type``/``Status``), every other category, known or not, a :class:`WebhookEventEventsItem`.
Categories, types and tenant types are open enums, so a value Xero adds later is kept, never
an error; fields the document does not describe are kept in ``additional_properties``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs

from xero_sdk._generated.webhooks.models.credit_note_webhook_event_events_item import (
    CreditNoteWebhookEventEventsItem,
)
from xero_sdk._generated.webhooks.models.webhook_event_events_item import WebhookEventEventsItem
from xero_sdk._runtime.codec import loads
from xero_sdk.errors import WebhookPayloadError

__all__ = ["Event", "WebhookPayload", "parse_payload"]

#: One event of a delivery: credit-note events carry ``data``, the others do not.
Event: TypeAlias = WebhookEventEventsItem | CreditNoteWebhookEventEventsItem

#: The envelope fields the document describes; any other top-level key is kept as JSON.
_ENVELOPE = frozenset({"events", "firstEventSequence", "lastEventSequence", "entropy"})
_CREDIT_NOTE = "CREDITNOTE"


@attrs.frozen(kw_only=True)
class WebhookPayload:
    """One delivery from Xero: ``{events, firstEventSequence, lastEventSequence, entropy}``.

    ``events`` is empty for Xero's intent-to-receive requests. ``event_date_utc`` of each
    event is an aware UTC ``datetime``; ``resource_id`` and ``tenant_id`` are ``UUID``\\ s.
    Fetch the changed record from ``resource_url`` (webhooks only say *what* changed).
    """

    events: list[Event] = attrs.field(factory=list)
    first_event_sequence: int | None = None
    last_event_sequence: int | None = None
    entropy: str | None = None
    additional_properties: dict[str, Any] = attrs.field(factory=dict, repr=False)
    """Envelope fields the document does not describe, and values of the wrong shape, as JSON."""

    def to_dict(self) -> dict[str, Any]:
        """Xero's JSON for this payload (``events`` always present)."""
        d: dict[str, Any] = {"events": [event.to_dict() for event in self.events]}
        if self.first_event_sequence is not None:
            d["firstEventSequence"] = self.first_event_sequence
        if self.last_event_sequence is not None:
            d["lastEventSequence"] = self.last_event_sequence
        if self.entropy is not None:
            d["entropy"] = self.entropy
        d.update(self.additional_properties)
        return d


def _event(item: Mapping[str, Any]) -> Event:
    if item.get("eventCategory") == _CREDIT_NOTE:
        return CreditNoteWebhookEventEventsItem.from_dict(item)
    return WebhookEventEventsItem.from_dict(item)


def _sequence(value: Any) -> int | None:
    return value if type(value) is int else None


def parse_payload(raw_body: bytes | bytearray | str) -> WebhookPayload:
    """Parse a webhook body (check its signature first) into a :class:`WebhookPayload`.

    Numbers are read exactly (never through ``float``). Unknown event categories, event
    types, tenant types and fields are kept. Raises :class:`WebhookPayloadError` (a
    ``ValueError``) only when the body is not a JSON object or ``events`` is not a list of
    objects.
    """
    try:
        doc = loads(raw_body)
    except (ValueError, TypeError, UnicodeError) as exc:
        raise WebhookPayloadError(f"webhook body is not JSON ({type(exc).__name__})") from None
    if not isinstance(doc, dict):
        raise WebhookPayloadError(f"webhook body is a JSON {type(doc).__name__}, not an object")
    items = doc.get("events")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise WebhookPayloadError(f"webhook 'events' is a JSON {type(items).__name__}, not a list")
    if not all(isinstance(item, dict) for item in items):
        raise WebhookPayloadError("webhook 'events' holds a value that is not an object")
    extra: dict[str, Any] = {key: value for key, value in doc.items() if key not in _ENVELOPE}
    first, last = _sequence(doc.get("firstEventSequence")), _sequence(doc.get("lastEventSequence"))
    for key, parsed in (("firstEventSequence", first), ("lastEventSequence", last)):
        if parsed is None and doc.get(key) is not None:
            extra[key] = doc[key]  # not an integer: kept as sent
    entropy = doc.get("entropy")
    if entropy is not None and not isinstance(entropy, str):
        extra["entropy"] = entropy
        entropy = None
    return WebhookPayload(
        events=[_event(item) for item in items],
        first_event_sequence=first,
        last_event_sequence=last,
        entropy=entropy,
        additional_properties=extra,
    )
