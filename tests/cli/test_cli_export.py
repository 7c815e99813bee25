"""``xero export``: every record, exact values, If-Modified-Since, and resuming after a failure."""

from __future__ import annotations

import csv
import io
import json
import signal
import time
from decimal import Decimal
from pathlib import Path

from tests.cli._local_books import LocalBooks
from tests.cli.conftest import Xero


def test_export_jsonl_every_record_exact(on_books: Xero, books: LocalBooks, tmp_path: Path) -> None:
    out = tmp_path / "invoices.jsonl"
    done = on_books(
        "export",
        "invoices",
        "--since",
        "2026-01-01",
        "--out",
        str(out),
        env={"XERO_ACCOUNTING_URL": books.url},
    )
    assert done.returncode == 0, done.stderr.decode()
    rows = [json.loads(line, parse_float=Decimal) for line in out.read_text().splitlines()]
    assert [r["InvoiceNumber"] for r in rows] == [f"INV-{n:04d}" for n in range(1, 251)]
    assert rows[41]["Total"] == Decimal("42.8950") and '"CurrencyRate":1.000000' in out.read_text()
    assert rows[0]["Date"] == "2026-02-01" and rows[0]["UpdatedDateUTC"] == "2026-01-31T09:30:01+00:00"
    # the largest page size (1000 for Accounting) and If-Modified-Since on every page
    asked = [r for r in books.requests if r["path"] == "/Invoices"]
    assert [r["query"]["pageSize"] for r in asked] == [["1000"]]
    assert all(r["headers"]["If-Modified-Since"] == "2026-01-01T00:00:00" for r in asked)
    assert b"exported 250 invoices records in 1 pages" in done.stderr
    assert not (tmp_path / "invoices.jsonl.xero-export").exists()


def test_export_resumes_where_a_failed_run_stopped(on_books: Xero, books: LocalBooks, tmp_path: Path) -> None:
    out = tmp_path / "invoices.csv"
    env = {"XERO_ACCOUNTING_URL": books.url}
    # page 3 answers 503 (after the SDK's retries): the run stops there
    failing = books.local.fail(503, times=None, path="/Invoices$", query={"page": "3"})
    args = ("export", "invoices", "--page-size", "100", "--format", "csv", "--out", str(out))
    first = on_books("--max-retries", "0", *args, env=env)
    assert first.returncode == 8, first.stderr.decode()
    state = json.loads((tmp_path / "invoices.csv.xero-export").read_text())
    assert state["next"] == 3 and state["records"] == 200
    partial = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(partial) == 200
    # the second run asks for page 3 only and appends to what was written
    books.local.faults.remove(failing)
    books.local.received.clear()
    second = on_books(*args, env=env)
    assert second.returncode == 0, second.stderr.decode()
    assert b"resuming invoices at page 3 after 200 records" in second.stderr
    assert books.pages_asked() == [3]
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["InvoiceNumber"] for r in rows] == [f"INV-{n:04d}" for n in range(1, 251)]
    assert rows[249]["Total"] == "250.8950" and rows[0]["AmountDue"] == "0.10"
    assert rows[0]["Date"] == "2026-02-01" and rows[1]["SentToContact"] == "true"
    assert out.read_text().count("InvoiceNumber") == 1  # one header
    assert not (tmp_path / "invoices.csv.xero-export").exists()


def test_export_resumes_after_ctrl_c(on_books: Xero, books: LocalBooks, tmp_path: Path) -> None:
    out = tmp_path / "invoices.jsonl"
    env = {"XERO_ACCOUNTING_URL": books.url}
    # page 2 is slow to answer: the user presses Ctrl-C meanwhile
    books.local.fail(delay=10, path="/Invoices$", query={"page": "2"})
    args = ("export", "invoices", "--page-size", "100", "--out", str(out))
    process = on_books.popen(*args, env=env)
    deadline = time.monotonic() + 30
    while 2 not in books.pages_asked() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err.decode()
    assert len(out.read_text().splitlines()) == 100
    done = on_books(*args, env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert b"resuming invoices at page 2 after 100 records" in done.stderr
    numbers = [json.loads(line)["InvoiceNumber"] for line in out.read_text().splitlines()]
    assert numbers == [f"INV-{n:04d}" for n in range(1, 251)]


def test_export_refuses_what_it_cannot_do(on_books: Xero, books: LocalBooks, tmp_path: Path) -> None:
    env = {"XERO_ACCOUNTING_URL": books.url}
    assert on_books("export", "nothing-like-this", env=env).returncode == 2
    listed = on_books("export", "--list", env=env)
    names = {line.split()[0] for line in listed.stdout.decode().splitlines()}
    assert {"invoices", "contacts", "journals", "payroll-uk.employees", "projects.projects"} <= names
    bad_since = on_books("export", "invoices", "--since", "last tuesday", env=env)
    assert bad_since.returncode == 2 and b"--since" in bad_since.stderr


def test_export_progress_shows_records_pages_and_rate_limit_headroom(
    on_books: Xero, books: LocalBooks, tmp_path: Path
) -> None:
    # Rich draws the bar when stderr is a terminal; TTY_COMPATIBLE/TTY_INTERACTIVE say it is one
    terminal = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "NO_COLOR": "1"}
    out = tmp_path / "invoices.jsonl"
    done = on_books(
        "export", "invoices", "--page-size", "100", "--out", str(out),
        env={"XERO_ACCOUNTING_URL": books.url, **terminal},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    frames = done.stderr.decode().split("\r")
    # the last frame, drawn when the export ends (earlier ones depend on the refresh timing)
    assert any("250 records 3 pages requests left: 57/min, 4997/day" in f for f in frames), frames


def test_export_of_an_offset_paged_entity(on_books: Xero, books: LocalBooks, tmp_path: Path) -> None:
    out = tmp_path / "journals.jsonl"
    done = on_books("export", "journals", "--out", str(out), env={"XERO_ACCOUNTING_URL": books.url})
    assert done.returncode == 0, done.stderr.decode()
    rows = [json.loads(line, parse_float=Decimal) for line in out.read_text().splitlines()]
    assert [r["JournalNumber"] for r in rows] == list(range(1, 231))
    assert (
        rows[9]["JournalLines"][0]["NetAmount"] == Decimal("-10.50")
        and rows[0]["JournalDate"] == "2026-02-01"
    )
    offsets = [r["query"].get("offset") for r in books.requests if r["path"] == "/Journals"]
    assert offsets == [["0"], ["100"], ["200"]]
