"""Importing the SDK and one model loads neither every model nor any endpoint module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import xero_sdk._generated.accounting.models as accounting_models

PROBE = """
import json, sys
from xero_sdk.accounting import Invoice
USE = Invoice
loaded = [m for m in sys.modules if m.startswith("xero_sdk._generated.")]
print(json.dumps(loaded))
"""


def probe(code: str) -> Any:
    """What ``code``, run in a fresh interpreter, prints as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout)


def loaded_modules(code: str) -> list[str]:
    return list(probe(code))


def test_one_model_loads_only_itself() -> None:
    loaded = loaded_modules(PROBE)
    models = [m for m in loaded if m.startswith("xero_sdk._generated.accounting.models.")]
    assert models == ["xero_sdk._generated.accounting.models.invoice"], models
    assert not [m for m in loaded if ".api." in m or m.endswith(".facade")], loaded
    assert len(accounting_models.__all__) > 200


def test_parsing_loads_what_the_data_needs_only() -> None:
    code = PROBE.replace(
        "USE = Invoice\n",
        "USE = Invoice.from_dict({'InvoiceID': '6c7a1b2e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 'Contact': {'Name': 'A'}, 'Status': 'PAID'})\n",
    )
    loaded = loaded_modules(code)
    models = sorted(
        m.rsplit(".", 1)[1] for m in loaded if m.startswith("xero_sdk._generated.accounting.models.")
    )
    assert models == ["contact", "invoice", "invoice_status"], models


def test_every_model_is_importable_from_the_public_module() -> None:
    import xero_sdk.accounting as public

    assert set(accounting_models.__all__) <= set(dir(public))
    assert public.Invoice is accounting_models.Invoice
    assert Path(public.__file__).name == "accounting.py"


def test_importing_the_client_defers_httpx_and_asyncio() -> None:
    """A CLI's ``--help`` or a cold start that has not made a call yet pays for neither."""
    code = (
        "import json, sys\n"
        "from xero_sdk import Xero, F, where\n"
        "from xero_sdk.accounting import Invoice\n"
        "before = ['httpx' in sys.modules, 'asyncio' in sys.modules]\n"
        "Xero(access_token='t', tenant_id='x')\n"
        "print(json.dumps(before + ['httpx' in sys.modules]))\n"
    )
    httpx_at_import, asyncio_at_import, httpx_after_client = probe(code)
    assert (httpx_at_import, asyncio_at_import) == (False, False)
    assert httpx_after_client
