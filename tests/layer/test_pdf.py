"""Every operation that answers ``application/pdf`` (from the documents): ``GET`` on the real
path (``x-path``, not the documents' fake ``.../pdf``) with ``Accept: application/pdf``, returning
bytes or streaming to a path or binary stream; sync and async."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from xero_sdk.errors import NotFoundError

from ._docs import DocOp, fill_path, pdf_operations
from ._loopback import Loopback, Reply, Seen
from .conftest import async_client, sync_client

PDF_OPS = pdf_operations()
DOC_ID = "c81a1f28-6f6e-4ac0-a3a6-e0bd2f3b7d3a"
BODY = b"%PDF-1.7\n" + os.urandom(200_000) + b"\n%%EOF"
BASES = {"accounting": "/api.xro/2.0"}


def real_path(op: DocOp) -> str:
    assert op.x_path, f"{op.operation_id}: the documents give no x-path"
    return BASES[op.api] + fill_path(op.x_path, {name: DOC_ID for _, name in op.params})


def pdf_app(seen: Seen) -> Reply:
    # like Xero: the representation follows Accept; only the real path exists
    if seen.raw_path.endswith("/pdf"):
        return Reply.json({"Title": "NotFound"}, status=404)
    if seen.headers.get("accept") != "application/pdf":
        return Reply.json({"Invoices": []})
    return Reply.binary(BODY, "application/pdf")


def test_the_pdf_operations_are_the_four_documented_ones() -> None:
    assert sorted(op.operation_id for op in PDF_OPS) == [
        "getCreditNoteAsPdf",
        "getInvoiceAsPdf",
        "getPurchaseOrderAsPdf",
        "getQuoteAsPdf",
    ]
    for op in PDF_OPS:
        assert op.path == f"{op.x_path}/pdf"


def _check(op: DocOp, seen: Seen) -> None:
    assert seen.method == "GET"
    assert seen.target == real_path(op)
    assert seen.headers["accept"] == "application/pdf"
    assert seen.body == b""


@pytest.mark.parametrize("op", PDF_OPS, ids=lambda op: op.operation_id)
def test_pdf_as_bytes_path_or_stream(op: DocOp, server: Loopback, tmp_path: Path) -> None:
    server.reset(pdf_app)
    method = getattr(sync_client(server).accounting, op.name)
    assert method(DOC_ID) == BODY
    target = tmp_path / "doc.pdf"
    assert method(DOC_ID, destination=target) == len(BODY)
    assert target.read_bytes() == BODY
    assert method(DOC_ID, destination=str(target)) == len(BODY)
    sink = io.BytesIO()
    assert method(DOC_ID, destination=sink) == len(BODY)
    assert sink.getvalue() == BODY
    assert len(server.requests) == 4
    for seen in server.requests:
        _check(op, seen)


@pytest.mark.parametrize("op", PDF_OPS, ids=lambda op: op.operation_id)
async def test_async_pdf_as_bytes_path_or_stream(
    op: DocOp, server: Loopback, tmp_path: Path, async_transport: str
) -> None:
    server.reset(pdf_app)
    target = tmp_path / "doc.pdf"
    sink = io.BytesIO()
    async with async_client(server, transport=async_transport) as org:
        method = getattr(org.accounting, op.name)
        assert await method(DOC_ID) == BODY
        assert await method(DOC_ID, destination=target) == len(BODY)
        assert await method(DOC_ID, destination=sink) == len(BODY)
    assert target.read_bytes() == sink.getvalue() == BODY
    assert len(server.requests) == 3
    for seen in server.requests:
        _check(op, seen)


@pytest.mark.parametrize("op", PDF_OPS, ids=lambda op: op.operation_id)
def test_a_missing_document_raises_and_leaves_no_file(op: DocOp, server: Loopback, tmp_path: Path) -> None:
    target = tmp_path / "never.pdf"
    with pytest.raises(NotFoundError):
        getattr(sync_client(server).accounting, op.name)(DOC_ID, destination=target)
    assert not target.exists()
