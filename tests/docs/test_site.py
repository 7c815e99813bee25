"""The documentation site: the strict build passes, and its search finds every operation.

The site is built once (``mkdocs build --strict``, as ``make docs`` runs it): a broken link, a
page missing from the navigation, a bad anchor or any warning fails the build and this module.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from codegen.apis import APIS

from .site import build_site, documented_operations, facade_methods, python_names


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = build_site(out)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"[-6000:]
    return out


@pytest.fixture(scope="module")
def search_entries(site: Path) -> list[dict[str, str]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [
        {
            "location": d["location"],
            "title": d["title"],
            "text": html.unescape(re.sub(r"<[^>]+>", "", d["text"])),
        }
        for d in index["docs"]
    ]


def test_every_operation_has_a_search_entry_with_its_method_operation_id_and_path(
    search_entries: list[dict[str, str]],
) -> None:
    by_title: dict[str, list[dict[str, str]]] = {}
    for entry in search_entries:
        by_title.setdefault(entry["title"], []).append(entry)
    missing = []
    ops = documented_operations()
    method_names = python_names()
    for api, op_id, method, path in ops:
        op_word = re.compile(rf"operationId {re.escape(op_id)}(?!\w)")
        endpoint = re.compile(rf"(?<!\S){method} {re.escape(path)}(?!\S)")
        candidates = [
            e
            for e in by_title.get(method_names[(api, op_id)], [])
            if op_word.search(e["text"])
            and endpoint.search(e["text"])
            and e["location"].startswith(f"reference/{api}/")
        ]
        if len(candidates) != 1:
            missing.append(f"{api} {op_id} {method} {path}: {len(candidates)} entries")
    assert not missing, f"{len(missing)} of {len(ops)} operations not found once:\n" + "\n".join(missing[:20])
    assert len(ops) >= 470


def test_every_method_name_is_a_search_entry_title_or_in_its_text(
    search_entries: list[dict[str, str]],
) -> None:
    titles = {e["title"] for e in search_entries if e["location"].startswith("reference/")}
    text = "\n".join(e["text"] for e in search_entries if e["location"].startswith("reference/"))
    missing = []
    for api in APIS:
        for name in facade_methods(api.key):
            found = name in titles if not name.startswith("iter_") else f"def {name}(" in text
            if not found:
                missing.append(f"{api.key}.{name}")
    assert not missing, f"{len(missing)} methods not in the search index: {missing[:20]}"


def test_every_model_and_enum_has_an_entry_on_its_api_models_page(
    search_entries: list[dict[str, str]],
) -> None:
    import importlib

    from codegen.apis import BY_KEY

    titles = {
        (e["location"].split("/")[1], e["title"]) for e in search_entries if "/models/#" in e["location"]
    }
    missing = []
    for key in [*(api.key for api in APIS), "webhooks"]:
        names = importlib.import_module(f"xero_sdk._generated.{BY_KEY[key].key}.models").__all__
        missing += [f"{key}.{name}" for name in names if (key, name) not in titles]
    assert not missing, f"{len(missing)} models or enums without a reference entry: {missing[:20]}"


def test_the_search_splits_paths_and_names_into_the_words_users_type(site: Path) -> None:
    config = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    separator = re.compile(config["separator"])
    assert [w for w in separator.split("/Invoices/{InvoiceID}/OnlineInvoice") if w] == [
        "Invoices",
        "InvoiceID",
        "OnlineInvoice",
    ]
    assert separator.split("get_online_invoice") == ["get_online_invoice"]


def test_the_handwritten_layer_is_documented_from_its_docstrings(site: Path) -> None:
    page = (site / "python" / "clients" / "index.html").read_text(encoding="utf-8")
    assert "for_tenant" in page and "connections" in page
    errors = (site / "python" / "errors" / "index.html").read_text(encoding="utf-8")
    assert "RateLimitError" in errors and "retry_after" in errors


def test_an_operation_lists_the_granular_scopes_that_allow_it(
    search_entries: list[dict[str, str]],
) -> None:
    """Xero's documents name broad scopes only; the reference adds the granular ones from the
    SDK's map (the same answer as ``scopes.allowing``)."""
    from xero_sdk.auth import scopes

    entry = next(e for e in search_entries if "getInvoices" in e["text"] and "get_invoices" in e["title"])
    for scope in scopes.allowing("accounting.get_invoices"):
        assert scope in entry["text"], scope
    assert "accounting.invoices.read" in entry["text"]
