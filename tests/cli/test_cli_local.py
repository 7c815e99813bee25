"""The ``xero`` command against the local Xero (``python -m xero_sdk.testing serve``): sign in
with the client-credentials grant it prints, call an operation, export every invoice."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, Xero


@pytest.fixture(scope="module")
def local_env() -> Iterator[dict[str, str]]:
    """The server's printed ``XERO_*`` lines, while it runs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "xero_sdk.testing", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        text=True,
    )
    try:
        assert process.stdout is not None
        env: dict[str, str] = {}
        deadline = time.monotonic() + 60
        while "XERO_ACCESS_TOKEN" not in env and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            name, sep, value = line.strip().partition("=")
            if sep and name.startswith("XERO_"):
                env[name] = value
        assert "XERO_API_URL" in env, "the local Xero printed no XERO_* lines"
        yield env
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def local(xero: Xero, local_env: dict[str, str]) -> Xero:
    keep = ("XERO_API_URL", "XERO_IDENTITY_URL", "XERO_CLIENT_ID", "XERO_CLIENT_SECRET")
    xero.env.update({k: local_env[k] for k in keep})
    done = xero("login", "--client-credentials")
    assert done.returncode == 0, done.stderr.decode()
    return xero


def test_an_operation_answers_from_the_local_books(local: Xero) -> None:
    done = local("accounting", "get-contacts", "--where", 'Name.StartsWith("B")', "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    contacts = json.loads(done.stdout)["Contacts"]
    assert contacts and all(c["Name"].startswith("B") for c in contacts)


def test_export_walks_every_invoice_of_the_local_organisation(local: Xero, tmp_path: Path) -> None:
    listed = local("accounting", "get-invoices", "--all", "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr.decode()
    expected = [json.loads(line, parse_float=Decimal) for line in listed.stdout.decode().splitlines()]
    assert expected, "the seeded organisation has invoices"
    out = tmp_path / "invoices.csv"
    done = local("export", "invoices", "--format", "csv", "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["InvoiceID"] for r in rows] == [str(e["InvoiceID"]) for e in expected]
    assert [Decimal(r["Total"]) for r in rows] == [Decimal(str(e["Total"])) for e in expected]
