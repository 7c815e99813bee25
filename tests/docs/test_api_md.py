"""``api.md`` (generated; ``make check-generated`` proves it is current) lists every method."""

from __future__ import annotations

from codegen.apis import APIS
from tests.specdocs import ROOT

from .site import documented_operations, facade_methods


def test_api_md_lists_every_method_with_its_signature_and_every_endpoint() -> None:
    text = (ROOT / "api.md").read_text(encoding="utf-8")
    missing = [
        f"{api.key}.{name}"
        for api in APIS
        for name in facade_methods(api.key)
        if f"`xero.{api.key}.{name}(" not in text
    ]
    assert not missing, f"methods missing from api.md: {missing[:20]}"
    endpoints = [f"`{method} {path}`" for _api, _op, method, path in documented_operations()]
    assert not [e for e in endpoints if e not in text]
    for api in APIS:
        assert f"\n## {api.title}\n" in text
