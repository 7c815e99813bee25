"""Xero webhooks: verify ``x-xero-signature``, parse the typed payload, answer Xero.

Xero POSTs ``{events, firstEventSequence, lastEventSequence, entropy}`` to your webhook URL,
signed with the app's webhook key: ``x-xero-signature`` is base64(HMAC-SHA256(key, raw body)).
Answer 200 with an empty body to a correctly signed request and 401 to any other, within
5 seconds; when you register the URL, Xero first sends "intent to receive" requests (with no
events), some correctly and some incorrectly signed, to check exactly that.

The three layers, use whichever fits your web framework::

    from xero_sdk.webhooks import verify_signature, parse_payload, WebhookHandler, wsgi_app

    # 1. the two checks yourself (raw body bytes, before any JSON parsing)
    if not verify_signature(raw_body, request.headers.get("x-xero-signature"), key):
        return 401
    payload = parse_payload(raw_body)

    # 2. the whole decision, for any framework
    handler = WebhookHandler(key)
    response = handler.handle(raw_body, request.headers)   # .status, .body, .payload
    if response.has_events:
        queue.put(response.payload)

    # 3. a ready WSGI or ASGI application (no web framework needed)
    app = wsgi_app(on_events, key)        # or asgi_app(on_events, key)

    def on_events(payload: WebhookPayload) -> None:
        for event in payload.events:
            print(event.tenant_id, event.event_category, event.event_type, event.resource_url)
            if isinstance(event, CreditNoteWebhookEventEventsItem) and event.data:
                print(event.data.type_, event.data.status)

Events are the models generated from ``xero-webhooks.yaml``: ``event_date_utc`` is an aware
UTC ``datetime``, ``resource_id``/``tenant_id`` are ``UUID``, ``event_category``,
``event_type`` and ``tenant_type`` are open enums (compare them with ``"INVOICE"`` or the
enum members; a category Xero adds later is kept, with ``is_known`` false). Webhooks only
say what changed: fetch the record (``resource_id``) with the API client. The same event
can be delivered twice: process idempotently. The webhook key is a secret; no ``repr``, log
line or error message of this module contains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xero_sdk._runtime.lazy import forward_module
from xero_sdk._webhooks._asgi import ASGIApp, ASGIReceive, ASGIScope, ASGISend, WebhookASGIApp, asgi_app
from xero_sdk._webhooks._handler import DEFAULT_MAX_BODY_BYTES, WebhookHandler, WebhookResponse
from xero_sdk._webhooks._payload import Event, WebhookPayload, parse_payload
from xero_sdk._webhooks._signature import SIGNATURE_HEADER, Headers, verify_signature
from xero_sdk._webhooks._wsgi import WebhookWSGIApp, wsgi_app
from xero_sdk.errors import WebhookPayloadError

# the generated payload models load on first use, like every public model module
if TYPE_CHECKING:
    from xero_sdk._generated.webhooks.models.credit_note_webhook_event import CreditNoteWebhookEvent
    from xero_sdk._generated.webhooks.models.credit_note_webhook_event_events_item import (
        CreditNoteWebhookEventEventsItem,
    )
    from xero_sdk._generated.webhooks.models.credit_note_webhook_event_events_item_data import (
        CreditNoteWebhookEventEventsItemData,
    )
    from xero_sdk._generated.webhooks.models.credit_note_webhook_event_events_item_data_status import (
        CreditNoteWebhookEventEventsItemDataStatus,
    )
    from xero_sdk._generated.webhooks.models.credit_note_webhook_event_events_item_data_type import (
        CreditNoteWebhookEventEventsItemDataType,
    )
    from xero_sdk._generated.webhooks.models.credit_note_webhook_event_events_item_event_category import (
        CreditNoteWebhookEventEventsItemEventCategory,
    )
    from xero_sdk._generated.webhooks.models.webhook_event import WebhookEvent
    from xero_sdk._generated.webhooks.models.webhook_event_events_item import WebhookEventEventsItem
    from xero_sdk._generated.webhooks.models.webhook_event_events_item_event_category import (
        WebhookEventEventsItemEventCategory,
    )
    from xero_sdk._generated.webhooks.models.webhook_event_events_item_event_type import (
        WebhookEventEventsItemEventType,
    )
    from xero_sdk._generated.webhooks.models.webhook_event_events_item_tenant_type import (
        WebhookEventEventsItemTenantType,
    )

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "SIGNATURE_HEADER",
    "ASGIApp",
    "ASGIReceive",
    "ASGIScope",
    "ASGISend",
    "CreditNoteWebhookEvent",
    "CreditNoteWebhookEventEventsItem",
    "CreditNoteWebhookEventEventsItemData",
    "CreditNoteWebhookEventEventsItemDataStatus",
    "CreditNoteWebhookEventEventsItemDataType",
    "CreditNoteWebhookEventEventsItemEventCategory",
    "Event",
    "Headers",
    "WebhookASGIApp",
    "WebhookEvent",
    "WebhookEventEventsItem",
    "WebhookEventEventsItemEventCategory",
    "WebhookEventEventsItemEventType",
    "WebhookEventEventsItemTenantType",
    "WebhookHandler",
    "WebhookPayload",
    "WebhookPayloadError",
    "WebhookResponse",
    "WebhookWSGIApp",
    "asgi_app",
    "parse_payload",
    "verify_signature",
    "wsgi_app",
]

if not TYPE_CHECKING:  # mypy sees the imports above, never a catch-all __getattr__
    __getattr__, __dir__ = forward_module(__name__, "xero_sdk._generated.webhooks.models")
