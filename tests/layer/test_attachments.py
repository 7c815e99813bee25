"""``org.attachments`` against a loopback server that stores attachments like Xero does, and
the Files API's generated upload / download over the same server."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import tracemalloc
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from xero_sdk import RequestOptions, attachments
from xero_sdk._transport._sync import CHUNK_SIZE
from xero_sdk.attachments import AttachmentError, AttachmentExistsError
from xero_sdk.errors import NotFoundError

from ._docs import attachment_entities, camel_to_snake
from ._loopback import Loopback, Reply, Seen
from .conftest import TENANT, async_client, sync_client

BASE = "/api.xro/2.0"
DOC_ID = "5b96e86b-418e-48e8-8949-308c14aec278"
PDF = b"%PDF-1.4 receipt \x00\xff" * 3
ENTITIES = attachment_entities()


class FakeAttachments:
    """Xero's attachment endpoints, in memory: upload (PUT/POST), list, get by id or name."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}

    def add(self, entity: str, doc: str, name: str, data: bytes, mime: str = "application/pdf") -> str:
        attachment_id = str(uuid.uuid4())
        self.files.setdefault((entity, doc), {})[name] = {
            "AttachmentID": attachment_id,
            "FileName": name,
            "MimeType": mime,
            "ContentLength": len(data),
            "data": data,
        }
        return attachment_id

    @staticmethod
    def _public(item: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in item.items() if k != "data"}

    def __call__(self, seen: Seen) -> Reply:
        # split the raw path first: a %2F inside a file name must stay in its segment
        segments = [unquote(s) for s in seen.raw_path.split("/")]
        assert segments[:3] == ["", "api.xro", "2.0"], seen.target
        entity, doc, word = segments[3:6]
        assert word == "Attachments"
        store = self.files.setdefault((entity, doc), {})
        if len(segments) == 6 and seen.method == "GET":
            return Reply.json({"Attachments": [self._public(v) for v in store.values()]})
        (key,) = segments[6:]
        if seen.method in ("PUT", "POST"):
            # like Xero: the stored type comes from the name's extension, not the request
            self.add(entity, doc, key, seen.body, mimetypes.guess_type(key)[0] or "application/octet-stream")
            item = dict(self._public(store[key]))
            if seen.params("IncludeOnline") == ["true"]:
                item["IncludeOnline"] = True
            return Reply.json({"Attachments": [item]})
        for item in store.values():
            if key in (item["AttachmentID"], item["FileName"]):
                return Reply.binary(item["data"], item["MimeType"])
        return Reply.json({"Title": "NotFound", "Status": 404}, status=404)


@pytest.fixture
def fake(server: Loopback) -> FakeAttachments:
    app = FakeAttachments()
    server.reset(app)
    return app


# -- which entities -------------------------------------------------------------------------


def test_entities_are_those_the_documents_give_attachment_uploads() -> None:
    assert set(attachments.entities()) == set(ENTITIES)
    assert set(attachments.entities()) == {
        "Accounts", "BankTransactions", "BankTransfers", "Contacts", "CreditNotes", "Invoices",
        "ManualJournals", "PurchaseOrders", "Quotes", "Receipts", "RepeatingInvoices",
    }  # fmt: skip
    assert set(attachments.include_online_entities()) == {e for e, online in ENTITIES.items() if online}
    assert set(attachments.include_online_entities()) == {"Invoices", "CreditNotes"}


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_list_accepts_xero_and_snake_case_names(entity: str, fake: FakeAttachments, server: Loopback) -> None:
    att_id = fake.add(entity, DOC_ID, "a.pdf", PDF)
    org = sync_client(server)
    for name in (entity, camel_to_snake(entity)):
        listed = org.attachments.list(name, DOC_ID)
        assert [(a.file_name, str(a.attachment_id), a.content_length) for a in listed] == [
            ("a.pdf", att_id, len(PDF))
        ]
    assert [s.raw_path for s in server.requests] == [f"{BASE}/{entity}/{DOC_ID}/Attachments"] * 2
    assert all(s.headers["xero-tenant-id"] == TENANT for s in server.requests)


def test_an_empty_document_lists_no_attachments(fake: FakeAttachments, server: Loopback) -> None:
    assert sync_client(server).attachments.list("Invoices", DOC_ID) == []


@pytest.mark.parametrize("entity", ["Invoicez", "Items", "payments", "", "Attachments", "journals"])
def test_unknown_entity_is_refused_naming_the_valid_ones(entity: str, server: Loopback) -> None:
    org = sync_client(server)
    with pytest.raises(AttachmentError) as info:
        org.attachments.list(entity, DOC_ID)
    for valid in ENTITIES:
        assert valid in str(info.value)
    with pytest.raises(AttachmentError):
        org.attachments.upload(entity, DOC_ID, PDF, file_name="a.pdf")
    with pytest.raises(AttachmentError):
        org.attachments.download(entity, DOC_ID, file_name="a.pdf")
    assert server.requests == []


def test_singular_and_spaced_spellings_resolve_too(fake: FakeAttachments, server: Loopback) -> None:
    org = sync_client(server)
    for name in ("invoice", "Invoice", "INVOICES", "bank_transaction", "bank-transactions"):
        org.attachments.list(name, DOC_ID)
    assert [s.raw_path.split("/")[3] for s in server.requests] == [
        "Invoices", "Invoices", "Invoices", "BankTransactions", "BankTransactions",
    ]  # fmt: skip


# -- upload ---------------------------------------------------------------------------------


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_upload_puts_raw_bytes_to_every_entity(entity: str, fake: FakeAttachments, server: Loopback) -> None:
    org = sync_client(server)
    stored = org.attachments.upload(
        camel_to_snake(entity), DOC_ID, PDF, file_name="receipt.pdf", replace=True
    )
    assert stored.file_name == "receipt.pdf"
    assert stored.mime_type == "application/pdf"
    assert stored.content_length == len(PDF)
    (put,) = server.requests
    assert put.method == "PUT"
    assert put.raw_path == f"{BASE}/{entity}/{DOC_ID}/Attachments/receipt.pdf"
    assert put.body == PDF
    assert put.headers["content-type"] == "application/octet-stream"  # as the document declares
    assert put.headers["idempotency-key"]
    assert org.attachments.download(entity, DOC_ID, attachment_id=stored.attachment_id) == PDF


def test_upload_from_a_path_takes_its_name(fake: FakeAttachments, server: Loopback, tmp_path: Path) -> None:
    path = tmp_path / "scan 01.png"
    path.write_bytes(b"\x89PNG....")
    org = sync_client(server)
    org.attachments.upload("Receipts", DOC_ID, path, replace=True)
    org.attachments.upload("Receipts", DOC_ID, str(path), file_name="other.bin", replace=True)
    first, second = server.requests
    assert first.path.endswith("/Attachments/scan 01.png")
    assert first.headers["content-type"] == "application/octet-stream"
    assert first.body == b"\x89PNG...."
    assert second.path.endswith("/Attachments/other.bin")
    assert second.headers["content-type"] == "application/octet-stream"


def test_upload_from_file_objects(fake: FakeAttachments, server: Loopback, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"0123456789")
    org = sync_client(server)
    with open(path, "rb") as fh:
        fh.seek(4)  # read from the current position
        org.attachments.upload("Contacts", DOC_ID, fh, replace=True)
    org.attachments.upload(
        "Contacts", DOC_ID, io.BytesIO(b"abc"), file_name="x.dat", content_type="text/csv", replace=True
    )
    first, second = server.requests
    assert (first.path.rsplit("/", 1)[1], first.body, first.headers["content-type"]) == (
        "notes.txt",
        b"456789",
        "application/octet-stream",
    )
    assert (second.path.rsplit("/", 1)[1], second.body, second.headers["content-type"]) == (
        "x.dat",
        b"abc",
        "text/csv",
    )


def test_upload_needs_a_name_for_bytes_and_binary_mode_files(server: Loopback, tmp_path: Path) -> None:
    org = sync_client(server)
    with pytest.raises(AttachmentError, match="file_name= is required"):
        org.attachments.upload("Invoices", DOC_ID, PDF)
    with pytest.raises(AttachmentError, match="file_name= is required"):
        org.attachments.upload("Invoices", DOC_ID, io.BytesIO(PDF))
    path = tmp_path / "t.txt"
    path.write_text("text")
    with open(path) as text_mode, pytest.raises(TypeError, match="binary mode"):
        org.attachments.upload("Invoices", DOC_ID, text_mode)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        org.attachments.upload("Invoices", DOC_ID, 42, file_name="a.pdf")  # type: ignore[arg-type]
    assert server.requests == []


# -- file names in the path -----------------------------------------------------------------

ENCODED = [
    ("my receipt.pdf", "my%20receipt.pdf"),
    ("résumé ü.pdf", "r%C3%A9sum%C3%A9%20%C3%BC.pdf"),
    ("invoice #12.pdf", "invoice%20%2312.pdf"),
    ("100% paid.pdf", "100%25%20paid.pdf"),
    ("%41.pdf", "%2541.pdf"),
    ("請求書.pdf", "%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf"),
    ("a&b=c;d.pdf", "a%26b%3Dc%3Bd.pdf"),
]


@pytest.mark.parametrize(("name", "wire"), ENCODED)
def test_file_names_are_percent_encoded_on_the_wire(
    name: str, wire: str, fake: FakeAttachments, server: Loopback
) -> None:
    org = sync_client(server)
    stored = org.attachments.upload("Invoices", DOC_ID, PDF, file_name=name, replace=True)
    assert stored.file_name == name
    assert org.attachments.download("Invoices", DOC_ID, file_name=name) == PDF
    put, get = server.requests
    for seen in (put, get):
        assert seen.target == f"{BASE}/Invoices/{DOC_ID}/Attachments/{wire}"  # nothing after it
    assert fake.files[("Invoices", DOC_ID)].keys() == {name}


def test_a_question_mark_is_encoded_when_downloading_by_name(fake: FakeAttachments, server: Loopback) -> None:
    fake.add("Quotes", DOC_ID, "why?.pdf", PDF)  # e.g. attached in Xero's web app
    assert sync_client(server).attachments.download("Quotes", DOC_ID, file_name="why?.pdf") == PDF
    (seen,) = server.requests
    assert seen.target == f"{BASE}/Quotes/{DOC_ID}/Attachments/why%3F.pdf"
    assert seen.query == []


REFUSED = [*'<>:"/\\|?*+', "\x00", "\x1f", "\x7f"]


@pytest.mark.parametrize("char", REFUSED)
def test_names_xero_rejects_are_refused_before_any_request(char: str, server: Loopback) -> None:
    org = sync_client(server)
    with pytest.raises(AttachmentError, match="Xero refuses file names"):
        org.attachments.upload("Invoices", DOC_ID, PDF, file_name=f"a{char}b.pdf")
    assert server.requests == []


@pytest.mark.parametrize("name", ["", "   ", ".", ".."])
def test_empty_and_dot_names_are_refused_everywhere(name: str, server: Loopback) -> None:
    org = sync_client(server)
    with pytest.raises(AttachmentError):
        org.attachments.upload("Invoices", DOC_ID, PDF, file_name=name)
    with pytest.raises(AttachmentError):
        org.attachments.download("Invoices", DOC_ID, file_name=name)
    assert server.requests == []


# -- sizes ----------------------------------------------------------------------------------


def test_the_size_limit_is_10_mb_and_refused_before_any_request(
    fake: FakeAttachments, server: Loopback, tmp_path: Path
) -> None:
    limit = attachments.MAX_ATTACHMENT_BYTES
    assert limit == 10 * 1024 * 1024
    org = sync_client(server)
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(limit + 1)  # sparse: refused from its size, before reading
    too_big = bytes(limit + 1)
    for source in (big, too_big, io.BytesIO(too_big)):
        with pytest.raises(AttachmentError, match="up to 10485760 bytes"):
            org.attachments.upload("Invoices", DOC_ID, source, file_name="big.pdf", replace=True)
    assert server.requests == []
    stored = org.attachments.upload("Invoices", DOC_ID, too_big[:limit], file_name="max.pdf", replace=True)
    assert stored.content_length == limit


def test_empty_content_is_refused(server: Loopback) -> None:
    org = sync_client(server)
    stream = io.BytesIO(b"data")
    stream.read()
    for source in (b"", stream):
        with pytest.raises(AttachmentError, match="empty"):
            org.attachments.upload("Invoices", DOC_ID, source, file_name="a.pdf")
    assert server.requests == []


# -- include_online -------------------------------------------------------------------------


@pytest.mark.parametrize("entity", sorted(e for e, online in ENTITIES.items() if online))
def test_include_online_is_sent_where_xero_has_it(
    entity: str, fake: FakeAttachments, server: Loopback
) -> None:
    org = sync_client(server)
    stored = org.attachments.upload(entity, DOC_ID, PDF, file_name="a.pdf", include_online=True, replace=True)
    assert stored.include_online is True
    org.attachments.upload(entity, DOC_ID, PDF, file_name="b.pdf", include_online=False, replace=True)
    org.attachments.upload(entity, DOC_ID, PDF, file_name="c.pdf", replace=True)
    assert [s.query for s in server.requests] == [
        [("IncludeOnline", "true")],
        [("IncludeOnline", "false")],
        [],
    ]


@pytest.mark.parametrize("entity", sorted(e for e, online in ENTITIES.items() if not online))
def test_include_online_elsewhere_is_a_clear_error(
    entity: str, fake: FakeAttachments, server: Loopback
) -> None:
    org = sync_client(server)
    with pytest.raises(AttachmentError, match="include_online applies to CreditNotes and Invoices only"):
        org.attachments.upload(entity, DOC_ID, PDF, file_name="a.pdf", include_online=True)
    assert server.requests == []
    org.attachments.upload(entity, DOC_ID, PDF, file_name="a.pdf", include_online=False, replace=True)
    assert [s.query for s in server.requests] == [[]]


# -- replace --------------------------------------------------------------------------------


def test_without_replace_an_existing_name_is_not_overwritten(fake: FakeAttachments, server: Loopback) -> None:
    fake.add("Invoices", DOC_ID, "Receipt.PDF", b"old")
    org = sync_client(server)
    with pytest.raises(AttachmentExistsError, match="replace=True"):
        org.attachments.upload("Invoices", DOC_ID, PDF, file_name="receipt.pdf")
    assert [s.method for s in server.requests] == ["GET"]
    assert fake.files[("Invoices", DOC_ID)]["Receipt.PDF"]["data"] == b"old"


def test_without_replace_a_new_name_is_listed_then_put(fake: FakeAttachments, server: Loopback) -> None:
    fake.add("Invoices", DOC_ID, "other.pdf", b"old")
    org = sync_client(server)
    org.attachments.upload(
        "Invoices", DOC_ID, PDF, file_name="new.pdf", options=RequestOptions(idempotency_key="upload-1")
    )
    get, put = server.requests
    assert (get.method, get.raw_path) == ("GET", f"{BASE}/Invoices/{DOC_ID}/Attachments")
    assert "idempotency-key" not in get.headers
    assert (put.method, put.headers["idempotency-key"]) == ("PUT", "upload-1")


def test_with_replace_xero_overwrites_without_a_read_first(fake: FakeAttachments, server: Loopback) -> None:
    fake.add("Invoices", DOC_ID, "receipt.pdf", b"old")
    sync_client(server).attachments.upload("Invoices", DOC_ID, PDF, file_name="receipt.pdf", replace=True)
    assert [s.method for s in server.requests] == ["PUT"]
    assert fake.files[("Invoices", DOC_ID)]["receipt.pdf"]["data"] == PDF


def test_an_eleventh_attachment_is_refused(fake: FakeAttachments, server: Loopback) -> None:
    for i in range(attachments.MAX_ATTACHMENTS_PER_DOCUMENT):
        fake.add("Invoices", DOC_ID, f"{i}.pdf", b"x")
    with pytest.raises(AttachmentError, match="at most 10 per document"):
        sync_client(server).attachments.upload("Invoices", DOC_ID, PDF, file_name="new.pdf")
    assert [s.method for s in server.requests] == ["GET"]


# -- download -------------------------------------------------------------------------------


def test_download_by_id_or_name_to_bytes_path_or_stream(
    fake: FakeAttachments, server: Loopback, tmp_path: Path
) -> None:
    data = os.urandom(3 * CHUNK_SIZE + 17)
    att_id = fake.add("BankTransactions", DOC_ID, "statement.pdf", data)
    org = sync_client(server)
    assert org.attachments.download("bank_transactions", DOC_ID, attachment_id=att_id) == data
    target = tmp_path / "out.pdf"
    assert org.attachments.download(
        "BankTransactions", DOC_ID, file_name="statement.pdf", destination=target
    ) == len(data)
    assert target.read_bytes() == data
    sink = io.BytesIO()
    assert org.attachments.download(
        "BankTransactions", DOC_ID, attachment_id=uuid.UUID(att_id), destination=sink
    ) == len(data)
    assert sink.getvalue() == data
    by_id, by_name, by_uuid = server.requests
    assert by_id.raw_path == by_uuid.raw_path == f"{BASE}/BankTransactions/{DOC_ID}/Attachments/{att_id}"
    assert by_name.raw_path == f"{BASE}/BankTransactions/{DOC_ID}/Attachments/statement.pdf"
    assert [s.headers["contenttype"] for s in server.requests] == [
        "application/octet-stream",
        "application/pdf",
        "application/octet-stream",
    ]
    assert all(s.headers["accept"] == "application/octet-stream" for s in server.requests)


def test_download_content_type_can_be_given(fake: FakeAttachments, server: Loopback) -> None:
    att_id = fake.add("Accounts", DOC_ID, "photo", b"jpeg")
    assert (
        sync_client(server).attachments.download(
            "Accounts", DOC_ID, attachment_id=att_id, content_type="image/jpeg"
        )
        == b"jpeg"
    )
    assert server.requests[0].headers["contenttype"] == "image/jpeg"


def test_download_needs_exactly_one_of_name_and_id(server: Loopback) -> None:
    org = sync_client(server)
    with pytest.raises(AttachmentError, match="exactly one"):
        org.attachments.download("Invoices", DOC_ID)
    with pytest.raises(AttachmentError, match="exactly one"):
        org.attachments.download("Invoices", DOC_ID, file_name="a.pdf", attachment_id=DOC_ID)
    with pytest.raises(AttachmentError, match="entity_id is empty"):
        org.attachments.download("Invoices", " ", file_name="a.pdf")
    assert server.requests == []


def test_a_missing_attachment_raises_and_leaves_no_file(
    fake: FakeAttachments, server: Loopback, tmp_path: Path
) -> None:
    target = tmp_path / "never.pdf"
    with pytest.raises(NotFoundError):
        sync_client(server).attachments.download("Invoices", DOC_ID, file_name="nope.pdf", destination=target)
    assert not target.exists()


# -- async ----------------------------------------------------------------------------------


async def test_async_twin_lists_uploads_and_downloads(
    fake: FakeAttachments, server: Loopback, tmp_path: Path, async_transport: str
) -> None:
    source = tmp_path / "scan #1.png"
    source.write_bytes(b"\x89PNG-data")
    async with async_client(server, transport=async_transport) as org:
        assert await org.attachments.list("CreditNotes", DOC_ID) == []
        stored = await org.attachments.upload("credit_notes", DOC_ID, source, include_online=True)
        assert (stored.file_name, stored.mime_type, stored.include_online) == (
            "scan #1.png",
            "image/png",
            True,
        )
        with open(source, "rb") as fh:
            await org.attachments.upload("CreditNotes", DOC_ID, fh, file_name="copy.png", replace=True)
        await org.attachments.upload("CreditNotes", DOC_ID, b"raw", file_name="raw.bin", replace=True)
        with pytest.raises(AttachmentExistsError):
            await org.attachments.upload("CreditNotes", DOC_ID, b"again", file_name="raw.bin")
        with pytest.raises(AttachmentError):
            await org.attachments.upload("Contacts", DOC_ID, b"x", file_name="a?b")
        assert (
            await org.attachments.download("CreditNotes", DOC_ID, file_name="scan #1.png") == b"\x89PNG-data"
        )
        target = tmp_path / "copy.png"
        written = await org.attachments.download(
            "CreditNotes", DOC_ID, attachment_id=stored.attachment_id, destination=target
        )
        assert (written, target.read_bytes()) == (9, b"\x89PNG-data")
    assert [(s.method, s.raw_path.rsplit("/Attachments", 1)[1]) for s in server.requests] == [
        ("GET", ""),
        ("GET", ""),
        ("PUT", "/scan%20%231.png"),
        ("PUT", "/copy.png"),
        ("PUT", "/raw.bin"),
        ("GET", ""),
        ("GET", "/scan%20%231.png"),
        ("GET", f"/{stored.attachment_id}"),
    ]


# -- a 50 MB download stays out of memory ---------------------------------------------------

BIG = 50 * 1024 * 1024
PEAK_LIMIT = 5 * 1024 * 1024


def _big_app(seen: Seen) -> Reply:
    return Reply.stream(BIG, "application/pdf")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _expected_digest() -> str:
    h = hashlib.sha256()
    piece = b"\x5a" * (1 << 20)
    for _ in range(BIG >> 20):
        h.update(piece)
    return h.hexdigest()


def _check_big_download(written: int, peak: int, target: Path) -> None:
    assert written == BIG == target.stat().st_size
    assert peak < PEAK_LIMIT, f"peak {peak} bytes"
    assert _digest(target) == _expected_digest()


def test_a_50_mb_download_to_a_file_stays_far_below_its_size_in_memory(
    server: Loopback, tmp_path: Path
) -> None:
    server.reset(_big_app)
    target = tmp_path / "big.pdf"
    with sync_client(server) as org:
        org.attachments.list  # noqa: B018 - build the helper before measuring
        tracemalloc.start()
        try:
            written = org.attachments.download("Invoices", DOC_ID, file_name="big.pdf", destination=target)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    _check_big_download(written, peak, target)


async def test_a_50_mb_async_download_to_a_file_stays_far_below_its_size_in_memory(
    server: Loopback, tmp_path: Path, async_transport: str
) -> None:
    server.reset(_big_app)
    target = tmp_path / "big.pdf"
    async with async_client(server, transport=async_transport) as org:
        org.attachments.list  # noqa: B018 - build the helper before measuring
        tracemalloc.start()
        try:
            written = await org.attachments.download(
                "Invoices", DOC_ID, file_name="big.pdf", destination=target
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    _check_big_download(written, peak, target)


# -- Files API: the generated multipart upload and streamed content ---------------------------

FILE_ID = "4ff1e5cc-9835-40d5-bb18-09fdb118db9c"


def _files_app(seen: Seen) -> Reply:
    if seen.method == "POST" and seen.raw_path == "/files.xro/1.0/Files":
        parts = seen.multipart()
        body = parts["body"]
        return Reply.json(
            {
                "Id": FILE_ID,
                "Name": parts["name"].data.decode(),
                "MimeType": parts["mimeType"].data.decode() if "mimeType" in parts else None,
                "Size": len(body.data),
            }
        )
    if seen.method == "GET" and seen.raw_path == f"/files.xro/1.0/Files/{FILE_ID}/Content":
        return Reply.binary(FILE_BYTES, "application/pdf")
    return Reply.json({"Title": "NotFound"}, status=404)


FILE_BYTES = bytes(range(256)) * (CHUNK_SIZE // 64)  # 4 chunks


class ChunkWriter(io.BytesIO):
    """A binary stream that records the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[int] = []

    def write(self, data: Any) -> int:
        self.writes.append(len(data))
        return super().write(data)


def _check_upload(seen: Seen, data: bytes) -> None:
    parts = seen.multipart()
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert set(parts) == {"body", "name", "filename", "mimeType"}
    assert (parts["body"].filename, parts["body"].content_type, parts["body"].data) == (
        "report.pdf",
        "application/pdf",
        data,
    )
    assert parts["name"].data == b"Q3 report"
    assert parts["filename"].data == b"report.pdf"
    assert parts["mimeType"].data == b"application/pdf"


def test_files_upload_takes_bytes_and_file_objects(server: Loopback, tmp_path: Path) -> None:
    server.reset(_files_app)
    path = tmp_path / "report.pdf"
    path.write_bytes(FILE_BYTES)
    org = sync_client(server)
    kw: dict[str, Any] = {"name": "Q3 report", "filename": "report.pdf", "mime_type": "application/pdf"}
    made = org.files.upload_file(body=FILE_BYTES, **kw)
    with open(path, "rb") as fh:
        made_from_file = org.files.upload_file(body=fh, **kw)
    assert made.size == made_from_file.size == len(FILE_BYTES)
    assert str(made.id) == FILE_ID and made.name == "Q3 report"
    for seen in server.requests:
        _check_upload(seen, FILE_BYTES)


def test_files_content_streams_to_a_path_or_stream(server: Loopback, tmp_path: Path) -> None:
    server.reset(_files_app)
    org = sync_client(server)
    target = tmp_path / "content.pdf"
    assert org.files.get_file_content(FILE_ID, destination=target) == len(FILE_BYTES)
    assert target.read_bytes() == FILE_BYTES
    sink = ChunkWriter()
    assert org.files.get_file_content(FILE_ID, destination=sink) == len(FILE_BYTES)
    assert sink.getvalue() == FILE_BYTES
    assert len(sink.writes) >= 4 and max(sink.writes) <= CHUNK_SIZE
    assert org.files.get_file_content(FILE_ID) == FILE_BYTES


async def test_async_files_upload_and_streamed_content(
    server: Loopback, tmp_path: Path, async_transport: str
) -> None:
    server.reset(_files_app)
    path = tmp_path / "report.pdf"
    path.write_bytes(FILE_BYTES)
    kw: dict[str, Any] = {"name": "Q3 report", "filename": "report.pdf", "mime_type": "application/pdf"}
    async with async_client(server, transport=async_transport) as org:
        await org.files.upload_file(body=FILE_BYTES, **kw)
        with open(path, "rb") as fh:
            await org.files.upload_file(body=fh, **kw)
        sink = ChunkWriter()
        assert await org.files.get_file_content(FILE_ID, destination=sink) == len(FILE_BYTES)
    assert sink.getvalue() == FILE_BYTES and max(sink.writes) <= CHUNK_SIZE
    for seen in server.requests[:2]:
        _check_upload(seen, FILE_BYTES)
