"""verify_signature: base64(HMAC-SHA256(key, raw body)), constant time, never raises on input."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest

from tests.webhooks._helpers import (
    INTENT_TO_RECEIVE,
    INTENT_TO_RECEIVE_SIGNATURE,
    KEY,
    OTHER_KEY,
    delivery,
    invoice_event,
    sign,
)
from xero_sdk.webhooks import verify_signature

BODIES = [
    pytest.param(INTENT_TO_RECEIVE, id="intent-to-receive"),
    pytest.param(delivery(invoice_event()), id="invoice-event"),
    pytest.param(b"", id="empty"),
    pytest.param('{"events":[],"entropy":"Māori ✓"}'.encode(), id="utf-8"),
    pytest.param(bytes(range(256)) * 64, id="binary-16k"),
]


def test_fixed_vector_computed_with_openssl() -> None:
    assert verify_signature(INTENT_TO_RECEIVE, INTENT_TO_RECEIVE_SIGNATURE, KEY) is True


@pytest.mark.parametrize("body", BODIES)
def test_signature_computed_with_hmac_is_accepted(body: bytes) -> None:
    assert verify_signature(body, sign(body), KEY) is True


@pytest.mark.parametrize("body", BODIES)
def test_key_as_bytes_and_signature_as_bytes(body: bytes) -> None:
    assert verify_signature(body, sign(body).encode("ascii"), KEY.encode("utf-8")) is True


def test_key_is_used_as_text_not_base64_decoded() -> None:
    # Xero's key looks like base64 but is used as its UTF-8 bytes.
    decoded_key = base64.b64decode(KEY)
    wrong = base64.b64encode(hmac.new(decoded_key, INTENT_TO_RECEIVE, hashlib.sha256).digest()).decode()
    assert verify_signature(INTENT_TO_RECEIVE, wrong, KEY) is False


def test_header_whitespace_around_the_value_is_ignored() -> None:
    assert verify_signature(INTENT_TO_RECEIVE, f"  {INTENT_TO_RECEIVE_SIGNATURE}\t", KEY) is True


@pytest.mark.parametrize(
    "tampered",
    [
        pytest.param(INTENT_TO_RECEIVE + b"\n", id="trailing-newline"),
        pytest.param(INTENT_TO_RECEIVE.replace(b"0", b"1", 1), id="one-byte-changed"),
        pytest.param(INTENT_TO_RECEIVE[:-1], id="truncated"),
        pytest.param(
            json.dumps(json.loads(INTENT_TO_RECEIVE)).encode(),  # same JSON, other spacing
            id="re-serialised",
        ),
        pytest.param(b" " + INTENT_TO_RECEIVE, id="leading-space"),
    ],
)
def test_tampered_body_is_refused(tampered: bytes) -> None:
    assert tampered != INTENT_TO_RECEIVE
    assert verify_signature(tampered, INTENT_TO_RECEIVE_SIGNATURE, KEY) is False


def test_wrong_key_is_refused() -> None:
    body = delivery(invoice_event())
    assert verify_signature(body, sign(body, OTHER_KEY), KEY) is False
    assert verify_signature(body, sign(body, KEY), OTHER_KEY) is False


GOOD = INTENT_TO_RECEIVE_SIGNATURE
GARBLED: list[Any] = [
    pytest.param(None, id="missing"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param(GOOD[:-1], id="truncated"),
    pytest.param(GOOD + "A", id="extra-char"),
    pytest.param(GOOD.rstrip("="), id="no-padding"),
    pytest.param(GOOD.lower(), id="lower-cased"),
    pytest.param("not base64 at all!!", id="not-base64"),
    pytest.param(
        hmac.new(KEY.encode(), INTENT_TO_RECEIVE, hashlib.sha256).hexdigest(), id="hex-instead-of-base64"
    ),
    pytest.param("sha256=" + GOOD, id="prefixed"),
    pytest.param(GOOD + "," + GOOD, id="two-values-joined"),
    pytest.param("é" * 44, id="non-ascii"),
    pytest.param("\udcff" * 3, id="lone-surrogate"),
    pytest.param("\x00" * 44, id="nul-bytes"),
    pytest.param(b"\xff\xfe", id="bytes-not-ascii"),
    pytest.param(12345, id="int"),
    pytest.param(["list"], id="list"),
]


@pytest.mark.parametrize("signature", GARBLED)
def test_missing_or_garbled_signature_is_false_not_an_error(signature: Any) -> None:
    assert verify_signature(INTENT_TO_RECEIVE, signature, KEY) is False


@pytest.mark.parametrize("body", [None, "text, not bytes", 42])
def test_body_that_is_not_bytes_is_false_not_an_error(body: Any) -> None:
    assert verify_signature(body, GOOD, KEY) is False


def test_comparison_goes_through_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert verify_signature(INTENT_TO_RECEIVE, GOOD, KEY) is True
    assert verify_signature(INTENT_TO_RECEIVE, GOOD[:-2] + "AA", KEY) is False
    assert len(calls) == 2
    assert calls[0][1] == GOOD.encode()


@pytest.mark.parametrize("key", ["", b"", "   "])
def test_empty_key_is_refused_because_anyone_could_sign(key: str | bytes) -> None:
    # An unset environment variable must not turn into "every signature made with '' passes".
    with pytest.raises(ValueError, match="webhook key is empty"):
        verify_signature(b"{}", sign(b"{}", ""), key)


def test_key_of_wrong_type_is_a_type_error_without_its_value() -> None:
    with pytest.raises(TypeError) as info:
        verify_signature(b"{}", GOOD, 987654321)  # type: ignore[arg-type]
    assert "987654321" not in str(info.value)
