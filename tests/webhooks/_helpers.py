"""Shared by the webhook tests: signing written independently of the SDK, examples, loaders."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.specdocs import ROOT, raw_doc

#: A made-up key in the shape of Xero's (base64 text); Xero signs with its UTF-8 bytes.
KEY = "i4x8Mq4b6tlzA8XW0exf3vwUHyX0R1sd7TZrZ8+fLSEJlNRLl3Jrp+f0Tz38sH/3H7oFSb5aVjr9C7EBfhSKhg=="
OTHER_KEY = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVkcGx1Z2g="

INTENT_TO_RECEIVE = (
    b'{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"OSHPXTUSXASRFBBFJWBB"}'
)
#: base64(HMAC-SHA256(KEY, INTENT_TO_RECEIVE)), computed once with
#: ``openssl dgst -sha256 -hmac "$KEY" -binary | base64``.
INTENT_TO_RECEIVE_SIGNATURE = "kt+sM853BATpJ6fmVjhbAva3qi1JNov7O7wPUeW1jKs="

INVOICE_ID = "717f2bfc-c6d4-41fd-b238-3f2f0c0cf777"
TENANT_ID = "c2cc9b6e-9458-4c7d-93cc-f02b81b0594f"


def sign(body: bytes, key: str = KEY) -> str:
    """The x-xero-signature Xero computes: base64 of HMAC-SHA256 over the raw bytes."""
    return base64.b64encode(hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def delivery(*events: dict[str, Any], first: int = 1, last: int | None = None) -> bytes:
    """A webhook body as Xero writes it (compact JSON)."""
    doc = {
        "events": list(events),
        "firstEventSequence": first,
        "lastEventSequence": last if last is not None else first + max(len(events) - 1, 0),
        "entropy": "S0m3r4Nd0mt3xt",
    }
    return json.dumps(doc, separators=(",", ":")).encode("utf-8")


def invoice_event(**overrides: Any) -> dict[str, Any]:
    event = {
        "resourceUrl": f"https://api.xero.com/api.xro/2.0/Invoices/{INVOICE_ID}",
        "resourceId": INVOICE_ID,
        "eventDateUtc": "2024-06-21T01:15:39.902",
        "eventType": "UPDATE",
        "eventCategory": "INVOICE",
        "tenantId": TENANT_ID,
        "tenantType": "ORGANISATION",
    }
    event.update(overrides)
    return event


def document_examples() -> list[tuple[str, dict[str, Any]]]:
    """Every webhook payload example in xero-webhooks.yaml, as (where, value).

    Loaded with the project's loader, which keeps unquoted timestamps as their text.
    """
    doc = raw_doc("webhooks")
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                here = f"{where}/{key}"
                if key == "example" and isinstance(value, dict) and "events" in value:
                    found.append((here, value))
                elif key == "examples" and isinstance(value, dict):
                    for name, example in value.items():
                        if isinstance(example, dict) and isinstance(example.get("value"), dict):
                            found.append((f"{here}/{name}", example["value"]))
                walk(value, here)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(doc, "")
    return found


def as_json_bytes(example: dict[str, Any]) -> bytes:
    """The example as the bytes Xero would send (timestamp text stays text)."""
    return json.dumps(example, separators=(",", ":")).encode("utf-8")


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` (the examples folder is not a package)."""
    module_name = f"_xero_example_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = Path(ROOT) / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
