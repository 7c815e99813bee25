"""The registry of APIs (``xero_sdk/_apis.py``) is the one list of them: the lock file names the
same documents, ``make generate`` wrote a public module and a client property for each, no other
handwritten file writes the list out again, and adding an entry is all it takes to add an API."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cached_property
from pathlib import Path

from codegen.generate import write_registry_modules
from specs.fetch import load_lock
from xero_sdk._apis import APIS, BY_KEY, KEYS, WEBHOOKS, Api
from xero_sdk._generated.clients import ApiProperties, AsyncApiProperties
from xero_sdk.testing._contract import API_PREFIXES

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "xero_sdk" / "_apis.py"
#: The handwritten Python: the SDK layer, the generator, the lock's tooling, tests, benchmarks,
#: examples (``generated/`` is written from the registry by ``make generate``).
HANDWRITTEN = ("xero_sdk", "codegen", "specs", "tests", "benchmarks", "examples")
#: A file naming more than half of the APIs is writing out their list. A module or test that
#: is about a few APIs names them (paging of Accounting, Payroll NZ and AU; the scopes
#: ``projects`` and ``files``, spelt like their APIs) and stays well below: at most 5 of 13 today.
MOST = len(KEYS) // 2 + 1
#: An API added for the tests below: a payroll sharing Payroll NZ and UK's path on the host.
EXTRA = Api("payroll_ie", "xero-payroll-ie.yaml", "Payroll IE", "PayrollIe", "/payroll.xro/2.0", None, 100)


def named_apis(path: Path) -> set[str]:
    """The APIs ``path`` names in a string literal: by key (``"payroll_uk"``) or by document
    (``"xero-payroll-uk.yaml"``); none when it names fewer than :data:`MOST`."""
    names = {**{api.key: api.key for api in APIS}, **{api.file: api.key for api in APIS}}
    text = path.read_text(encoding="utf-8")
    if len({key for name, key in names.items() if name in text}) < MOST:  # no need to parse it
        return set()
    return {
        names[node.value]
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names
    }


def test_no_handwritten_file_but_the_registry_lists_the_apis() -> None:
    files = [p for folder in HANDWRITTEN for p in sorted((ROOT / folder).rglob("*.py")) if p != REGISTRY]
    assert len(files) > 300
    listing = {str(p.relative_to(ROOT)): sorted(n) for p in files if len(n := named_apis(p)) >= MOST}
    assert listing == {}, "read xero_sdk._apis (APIS, KEYS, BY_KEY) instead of listing the APIs"
    assert named_apis(REGISTRY) == set(KEYS)  # the check sees a list where there is one


def test_the_lock_and_the_registry_name_the_same_documents() -> None:
    """Every locked document has its registry entry and every entry its locked document, with
    the same title and file (the lock pins the bytes, the registry says what to build)."""
    locked = {doc.api: (doc.title, doc.file, doc.kind) for doc in load_lock(ROOT).documents}
    registered = {api.key: (api.title, api.file, "rest") for api in APIS}
    registered[WEBHOOKS.key] = (WEBHOOKS.title, WEBHOOKS.file, "webhooks")
    assert locked == registered
    assert len(set(KEYS)) == len(KEYS) and set(BY_KEY) == {*KEYS, WEBHOOKS.key}
    assert len({api.prefix for api in APIS}) == len(APIS)  # one facade class name per API


def test_make_generate_wrote_a_module_and_a_client_property_per_api() -> None:
    tree = ROOT / "generated" / "xero_sdk"
    assert {p.stem for p in tree.glob("*.py")} == set(KEYS)
    assert {p.name for p in (tree / "_generated").iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        *KEYS,
        WEBHOOKS.key,
    }
    for properties, async_ in ((ApiProperties, ""), (AsyncApiProperties, "Async")):
        found = {n: v for n, v in vars(properties).items() if isinstance(v, cached_property)}
        assert list(found) == list(KEYS), properties
        for key, prop in found.items():
            assert prop.func.__annotations__["return"] == f"{async_}{BY_KEY[key].prefix}Api", key
    from xero_sdk import AsyncXero, Xero

    assert issubclass(Xero, ApiProperties) and issubclass(AsyncXero, AsyncApiProperties)


def test_the_local_xero_routes_every_api_on_the_host() -> None:
    """A request to any API with a path on the host reaches its documents (Bank Feeds v2 did
    not when the prefixes were a list of their own); Identity's /Connections is the identity
    server's."""
    routed = [key for prefix, keys in API_PREFIXES for key in keys if BY_KEY[key].base_path == prefix]
    assert sorted(routed) == sorted(api.key for api in APIS if api.base_path)
    assert BY_KEY["identity"].base_path == ""


def _client_properties(clients_py: Path) -> dict[str, dict[str, str]]:
    """Class -> {API property: its return annotation}, read from a rendered ``clients.py``."""
    out: dict[str, dict[str, str]] = {}
    for node in ast.parse(clients_py.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = {
                f.name: ast.unparse(f.returns)
                for f in node.body
                if isinstance(f, ast.FunctionDef) and f.returns is not None and f.name != "sender"
            }
    return out


def test_an_entry_in_the_registry_is_all_a_new_api_needs_from_codegen(tmp_path: Path) -> None:
    """Rendered for the registry plus one entry: its public module and both client properties."""
    (tmp_path / "_generated").mkdir()
    keys = [*KEYS, EXTRA.key]
    write_registry_modules(tmp_path, "16.1.0", keys, apis=[*APIS, EXTRA])
    assert {p.stem for p in tmp_path.glob("*.py")} == set(keys)
    public = (tmp_path / "payroll_ie.py").read_text(encoding="utf-8")
    compile(public, "payroll_ie.py", "exec")
    assert "from xero_sdk._generated.payroll_ie.models import __all__ as __all__" in public
    assert '"xero_sdk._generated.payroll_ie.models"' in public  # what loads lazily at run time
    properties = _client_properties(tmp_path / "_generated" / "clients.py")
    assert properties["ApiProperties"] == {k: f"{(BY_KEY.get(k) or EXTRA).prefix}Api" for k in keys}
    assert properties["AsyncApiProperties"] == {k: f"Async{(BY_KEY.get(k) or EXTRA).prefix}Api" for k in keys}


def test_an_entry_in_the_registry_is_all_a_new_api_needs_at_run_time() -> None:
    """With one more entry (in a fresh interpreter), the base URLs, their environment variable,
    the local Xero's routing and the CLI's API list take it in, and nothing else changes."""
    code = f"""
import json, xero_sdk._apis as r
extra = r.Api(*{tuple(EXTRA)!r})
before = r.KEYS
r.APIS = (*r.APIS, extra); r.KEYS = (*r.KEYS, extra.key); r.BY_KEY[extra.key] = extra
from xero_sdk._transport import _config
from xero_sdk.testing._contract import API_PREFIXES
urls = _config.resolve_base_urls(environ={{"XERO_PAYROLL_IE_URL": "http://127.0.0.1:9/ie/"}})
print(json.dumps({{
    "default": _config.DEFAULT_BASE_URLS["payroll_ie"],
    "env": urls["payroll_ie"],
    "names": list(_config.API_NAMES[len(before):]),
    "prefixes": dict(API_PREFIXES)["/payroll.xro/2.0"],
}}))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {
        "default": "https://api.xero.com/payroll.xro/2.0",
        "env": "http://127.0.0.1:9/ie",
        "names": ["payroll_ie"],
        # a new payroll is tried after those already there; a version of one (AU v2) after all
        "prefixes": ["payroll_nz", "payroll_uk", "payroll_ie", "payroll_au_v2"],
    }
