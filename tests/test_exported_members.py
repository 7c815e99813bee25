"""The public surface: every name in ``xero_sdk.__all__`` resolves, and nothing else is exported."""

from __future__ import annotations

import subprocess
import sys
import types

import xero_sdk

EXPECTED = {
    "AsyncXero", "AuthorizationRequest", "BodyLimits", "Connection", "Egress", "EgressMeter", "Expr", "F",
    "FileTokenStore", "MemoryTokenStore", "OAuth2App", "Order", "RateLimiter", "RateLimits", "RedisRateLimiter",
    "RedisTokenStore", "RequestOptions", "RetryPolicy", "SQLTokenStore", "Token", "TokenStore",
    "Xero", "__version__", "attachments", "batches", "errors", "order_by", "reports", "run_loopback_flow",
    "scopes", "webhooks", "where",
}  # fmt: skip


def test_all_is_the_documented_surface() -> None:
    assert set(xero_sdk.__all__) == EXPECTED
    assert len(xero_sdk.__all__) == len(EXPECTED), "a name is listed twice"


def test_every_exported_name_resolves_in_a_fresh_interpreter() -> None:
    code = "import xero_sdk\nfor name in xero_sdk.__all__:\n    getattr(xero_sdk, name)\nprint('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_submodules_are_modules_and_classes_are_classes() -> None:
    for name in ("attachments", "batches", "errors", "reports", "scopes", "webhooks"):
        assert isinstance(getattr(xero_sdk, name), types.ModuleType), name
    for name in (
        "Xero",
        "AsyncXero",
        "OAuth2App",
        "FileTokenStore",
        "MemoryTokenStore",
        "F",
        "RequestOptions",
    ):
        assert isinstance(getattr(xero_sdk, name), type), name
    assert set(dir(xero_sdk)) >= EXPECTED


def test_unknown_names_raise_attribute_error() -> None:
    try:
        xero_sdk.NotAThing  # noqa: B018
    except AttributeError as exc:
        assert "NotAThing" in str(exc)
    else:
        raise AssertionError("xero_sdk.NotAThing resolved")
