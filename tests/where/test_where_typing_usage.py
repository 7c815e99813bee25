"""What a user's mypy --strict says about code written against the where/order API."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from uuid import UUID

from xero_sdk._runtime.order import Order, order_by, render_order
from xero_sdk._runtime.where import Expr, F, render_where, where


class Status(str, Enum):
    PAID = "PAID"


contact_id = UUID(int=1)
e1: Expr = (F("Status") == "AUTHORISED") & (F("AmountDue") > Decimal("0"))
e2: Expr = F("EmailAddress") == None
e3: Expr = F("EmailAddress").is_not_null() | F("Name").contains("x", null_safe=True)
e4: Expr = where(e1, 'Type=="ACCREC"', Date__gte=date(2026, 1, 1), Contact__ContactID=contact_id)
e5: Expr = 'Status=="DRAFT"' & (F("Status") != Status.PAID)
e6: Expr = F("UpdatedDateUTC") >= datetime(2026, 1, 1, tzinfo=timezone.utc)
text: str | None = render_where(e4)
raw: str | None = render_where("Name!=null")
none: str | None = render_where(None)
order: Order = order_by("Date", desc=True).then("Name")
ordered: str | None = render_order(order)
reveal_type(F("A") == 1)
reveal_type(F("A") < 1)
"""

BAD = """
from xero_sdk._runtime.order import order_by, render_order
from xero_sdk._runtime.where import F, render_where

F("A") < None
F("Name").contains(1)
render_where(F("A"))
render_order(1)
order_by(1)
(F("A") == 1) & 1
"""


def _mypy(source: str, tmp_path: Path) -> tuple[str, int]:
    api = pytest.importorskip("mypy.api")
    file = tmp_path / "usage.py"
    file.write_text(textwrap.dedent(source), encoding="utf-8")
    cache = ROOT / ".mypy_cache" / "where-typing-usage"
    old = os.getcwd()
    os.chdir(ROOT)  # so that the local xero_sdk package is found
    try:
        stdout, stderr, status = api.run(
            [
                "--strict",
                "--python-version",
                "3.10",
                "--no-error-summary",
                "--hide-error-context",
                "--cache-dir",
                str(cache),
                "--config-file",
                "",
                str(file),
            ]
        )
    finally:
        os.chdir(old)
    assert not stderr, stderr
    return stdout, status


def test_typed_usage_is_clean(tmp_path: Path) -> None:
    out, _ = _mypy(GOOD, tmp_path)
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert errors == []
    notes = re.findall(r'Revealed type is "([^"]+)"', out)
    assert notes == ["xero_sdk._runtime.where._expr.Expr", "xero_sdk._runtime.where._expr.Expr"]


def test_misuse_is_caught_by_mypy(tmp_path: Path) -> None:
    # (F("A") == [1] is not among them: for ==, mypy falls back to list.__eq__(object) when
    # F.__eq__ rejects the argument, so that mistake is caught at run time, as a TypeError.)
    out, status = _mypy(BAD, tmp_path)
    assert status == 1
    lines = {int(m.group(1)) for m in re.finditer(r"usage\.py:(\d+): error:", out)}
    source_lines = textwrap.dedent(BAD).splitlines()
    expected = {i for i, line in enumerate(source_lines, 1) if line and not line.startswith("from")}
    assert lines == expected, out
