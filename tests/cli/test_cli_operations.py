"""Operation commands in subprocesses: arguments on the wire, each output format, paging, bodies,
``--raw``, and errors with their exit codes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli._local_books import LocalBooks
from tests.cli.conftest import Xero
from tests.identity_server import DEFAULT_TENANTS


def test_get_invoices_sends_where_order_and_typed_options(on_books: Xero, books: LocalBooks) -> None:
    done = on_books(
        "accounting", "get-invoices",
        "--where", 'Status=="AUTHORISED"', "--order", "Date DESC",
        "--statuses", "AUTHORISED,PAID", "--statuses", "DRAFT", "--include-archived", "--page", "2",
        "--if-modified-since", "2026-01-31T09:30:00Z",
        env={"XERO_ACCOUNTING_URL": books.url},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    sent = books.requests[-1]
    assert sent["query"] == {
        "where": ['Status=="AUTHORISED"'], "order": ["Date DESC"], "Statuses": ["AUTHORISED,PAID,DRAFT"],
        "page": ["2"], "includeArchived": ["true"],
    }  # fmt: skip
    assert sent["headers"]["If-Modified-Since"] == "2026-01-31T09:30:00"  # the SDK's UTC form
    assert sent["headers"]["xero-tenant-id"] == DEFAULT_TENANTS[0][0]
    # piped: JSON by default, the whole typed response, money exact; page 2 of 250 by Date DESC
    body = json.loads(done.stdout, parse_float=Decimal)
    first = body["Invoices"][0]
    assert first["InvoiceNumber"] == "INV-0150" and first["Total"] == Decimal("150.8950")
    assert b'"Total": 150.8950' in done.stdout and b'"CurrencyRate": 1.000000' in done.stdout
    assert first["Date"] == "2026-06-30"  # Xero's /Date(...)/ as an ISO date


def test_each_output_format(on_books: Xero, books: LocalBooks) -> None:
    env = {"XERO_ACCOUNTING_URL": books.url}
    jsonl = on_books("accounting", "get-invoices", "--page", "1", "--page-size", "3", "-f", "jsonl", env=env)
    lines = jsonl.stdout.decode().splitlines()
    assert [json.loads(line)["InvoiceNumber"] for line in lines] == ["INV-0001", "INV-0002", "INV-0003"]
    assert '"Total":1.8950' in lines[0]

    done = on_books("accounting", "get-invoices", "--page", "1", "--page-size", "3", "-f", "csv", env=env)
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert [r["Total"] for r in rows] == ["1.8950", "2.8950", "3.8950"]
    assert rows[0]["AmountDue"] == "0.10" and rows[0]["UpdatedDateUTC"] == "2026-01-31T09:30:01+00:00"
    assert json.loads(rows[0]["Contact"])["Name"] == "Customer 1"  # nested values as JSON

    table = on_books("accounting", "get-invoices", "--page", "1", "--page-size", "2", "-f", "table", env=env)
    text = table.stdout.decode()
    assert "InvoiceNumber" in text and "INV-0002" in text and "1.8950" in text
    header = next(line for line in text.splitlines() if "InvoiceNumber" in line)
    cells = [c.strip() for c in header.split("┃")]
    assert "Total" in cells and "Contact" not in cells  # nested values are left to json


def test_a_prism_answer_in_every_format(logged_in: Xero, prism: dict[str, str]) -> None:
    env = prism
    as_json = logged_in("projects", "get-projects", "--states", "INPROGRESS", env=env)
    assert as_json.returncode == 0, as_json.stderr.decode()
    items = json.loads(as_json.stdout)["items"]
    assert items and all("projectId" in p for p in items)
    as_jsonl = logged_in("projects", "get-projects", "-f", "jsonl", env=env)
    assert [json.loads(x)["projectId"] for x in as_jsonl.stdout.splitlines()] == [
        p["projectId"] for p in items
    ]
    as_csv = logged_in("projects", "get-projects", "-f", "csv", env=env)
    assert [r["projectId"] for r in csv.DictReader(io.StringIO(as_csv.stdout.decode()))] == [
        p["projectId"] for p in items
    ]
    as_table = logged_in("projects", "get-projects", "-f", "table", env=env)
    assert as_table.returncode == 0 and items[0]["name"][:10].encode() in as_table.stdout
    # a path argument
    one = logged_in("projects", "get-project", items[0]["projectId"], env=env)
    assert one.returncode == 0, one.stderr.decode()
    assert "projectId" in json.loads(one.stdout)


def test_upload_and_download_files_against_prism(
    logged_in: Xero, prism: dict[str, str], tmp_path: Path
) -> None:
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4 receipt")
    uploaded = logged_in(
        "files", "upload-file", "--body", str(receipt), "--name", "receipt.pdf", "--filename", "receipt.pdf",
        "--mime-type", "application/pdf", env=prism,
    )  # fmt: skip
    assert uploaded.returncode == 0, uploaded.stderr.decode()
    file_id = json.loads(uploaded.stdout)["Id"]
    target = tmp_path / "download.bin"
    downloaded = logged_in("files", "get-file-content", file_id, "-o", str(target), env=prism)
    assert downloaded.returncode == 0, downloaded.stderr.decode()
    assert target.stat().st_size > 0 and f"wrote {target.stat().st_size} bytes".encode() in downloaded.stderr
    piped = logged_in("files", "get-file-content", file_id, env=prism)
    assert piped.returncode == 0 and piped.stdout == target.read_bytes()


def test_all_follows_every_page(on_books: Xero, books: LocalBooks) -> None:
    done = on_books(
        "accounting",
        "get-invoices",
        "--all",
        "--page-size",
        "100",
        "-f",
        "jsonl",
        env={"XERO_ACCOUNTING_URL": books.url},
    )
    assert done.returncode == 0, done.stderr.decode()
    numbers = [json.loads(line)["InvoiceNumber"] for line in done.stdout.splitlines()]
    assert numbers == [f"INV-{n:04d}" for n in range(1, 251)]
    assert books.pages_asked() == [1, 2, 3]


def test_raw_prints_the_exchange_without_the_token(
    on_books: Xero, books: LocalBooks, config_dir: Path
) -> None:
    done = on_books(
        "accounting", "get-invoices", "--page-size", "1", "--raw", env={"XERO_ACCOUNTING_URL": books.url}
    )
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode()
    assert f"> GET {books.url}/Invoices?pageSize=1" in text
    assert "> authorization: [redacted]" in text.lower()
    assert "< HTTP/1.1 200 OK" in text and '"InvoiceNumber":"INV-0001"' in text
    token = json.loads((config_dir / "tokens" / "default.json").read_text())["access_token"]
    assert token not in text and token not in done.stderr.decode()


@pytest.mark.parametrize("source", ["file", "stdin", "pipe"])
def test_a_body_from_a_file_or_stdin_and_xero_validation_messages(
    on_books: Xero, books: LocalBooks, tmp_path: Path, source: str
) -> None:
    lines = [
        {"Description": "Fees", "UnitAmount": 229.8950, "AccountCode": "999"},
        {"Description": "Parts", "UnitAmount": 1, "ItemCode": "NO-SUCH-ITEM"},
    ]
    body = {"Invoices": [{"Type": "ACCREC", "Contact": {"Name": "A"}, "LineItems": lines}]}
    text = json.dumps(body).replace("229.895", "229.8950").encode()
    path = tmp_path / "invoice.json"
    path.write_bytes(text)
    args = {"file": ["--body", f"@{path}"], "stdin": ["--body", "-"], "pipe": []}[source]
    done = on_books(
        "accounting", "create-invoices", *args, "--summarize-errors", input=None if source == "file" else text,
        env={"XERO_ACCOUNTING_URL": books.url},
    )  # fmt: skip
    assert done.returncode == 6, done.stderr.decode()
    err = done.stderr.decode()
    assert "Item code 'NO-SUCH-ITEM' is not valid" in err
    assert "Account code '999' is not a valid code for this document." in err
    refused = [headers for status, headers in books.local.answers if status == 400]
    assert refused[-1]["Xero-Correlation-Id"] in err  # the correlation id to quote to Xero
    sent = books.requests[-1]
    assert sent["method"] == "PUT" and b'"UnitAmount":229.8950' in sent["body"]
    assert sent["query"] == {"summarizeErrors": ["true"]}


def test_exit_codes_by_kind_of_error(on_books: Xero, books: LocalBooks, xero: Xero) -> None:
    env = {"XERO_ACCOUNTING_URL": books.url}
    books.local.fail(403, times=None, path="/Organisation$")
    books.local.fail(429, path="/Currencies$", retry_after=42)
    missing = on_books("accounting", "get-contact", "9d0d4f2e-1111-4222-8333-444455556666", env=env)
    assert missing.returncode == 5 and b"HTTP 404" in missing.stderr
    forbidden = on_books("accounting", "get-organisations", env=env)
    assert forbidden.returncode == 4 and b"HTTP 403" in forbidden.stderr
    limited = on_books("--max-retries", "0", "accounting", "get-currencies", env=env)
    assert limited.returncode == 7 and b"retry after 42" in limited.stderr
    refused = on_books(
        "--max-retries", "0", "accounting", "get-invoices", env={"XERO_ACCOUNTING_URL": "http://127.0.0.1:9"}
    )
    assert refused.returncode == 9, refused.stderr.decode()
    bad_value = on_books("accounting", "get-invoices", "--page", "two", env=env)
    assert bad_value.returncode == 2 and b"'two'" in bad_value.stderr
    no_body = on_books("accounting", "create-invoices", env=env)
    assert no_body.returncode == 2 and b"needs a body" in no_body.stderr
    bad_json = on_books("accounting", "create-invoices", "--body", "{nope", env=env)
    assert bad_json.returncode == 2 and b"not valid JSON" in bad_json.stderr
    unknown = on_books("accounting", "get-invoicez", env=env)
    assert unknown.returncode == 2
    logged_out = xero("--profile", "nobody", "accounting", "get-invoices", env=env)
    assert logged_out.returncode == 3 and b"xero login" in logged_out.stderr
    assert all(r["path"] != "/Invoices" or r["query"].get("page") != ["two"] for r in books.requests)
